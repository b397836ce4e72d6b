using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// Walks an object graph by reflection (fields, readable non-indexed properties of the generator's own types, arrays
    /// and every other sequence, EquatableArray included) and lists every Roslyn object that would pin a compilation in
    /// the incremental cache: ISymbol, SyntaxNode, SyntaxTree, SemanticModel, Compilation, and outside the diagnostics
    /// steps also Diagnostic and Location.
    /// </summary>
    internal static class RoslynObjectWalker
    {
        private const int MaxDepth = 64;

        private static readonly Assembly GeneratorAssembly = typeof(global::DerivGen.DerivGenerator).Assembly;

        /// <summary>Every offending object under <paramref name="root"/>, with its path.</summary>
        /// <param name="root">The step output.</param>
        /// <param name="step">The step's name, for the paths.</param>
        /// <param name="diagnosticsAllowed">
        /// Whether <see cref="Diagnostic"/>s (and their <see cref="Location"/>s) may appear; their message arguments are
        /// still walked.
        /// </param>
        public static IReadOnlyList<string> Find(object root, string step, bool diagnosticsAllowed)
        {
            var violations = new List<string>();
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<(object Value, string Path, int Depth)>();
            pending.Push((root, step, 0));
            while (pending.Count > 0)
            {
                (object value, string path, int depth) = pending.Pop();
                Type type = value.GetType();
                if (type.IsPrimitive || type.IsEnum || value is string or decimal or Type || depth > MaxDepth || (!type.IsValueType && !seen.Add(value)))
                {
                    continue;
                }

                string? kind = value switch
                {
                    ISymbol => nameof(ISymbol),
                    SyntaxNode => nameof(SyntaxNode),
                    SyntaxTree => nameof(SyntaxTree),
                    SemanticModel => nameof(SemanticModel),
                    Compilation => nameof(Compilation),
                    Diagnostic when !diagnosticsAllowed => nameof(Diagnostic),
                    Location when !diagnosticsAllowed => nameof(Location),
                    _ => null,
                };
                if (kind is not null)
                {
                    violations.Add($"{path} holds a {kind} ({type.FullName}), which pins a compilation and defeats caching");
                    continue;
                }

                if (value is Diagnostic diagnostic)
                {
                    // Allowed with its location; only its message arguments are walked.
                    object?[] arguments = DiagnosticArguments(diagnostic);
                    for (int i = 0; i < arguments.Length; i++)
                    {
                        if (arguments[i] is { } argument)
                        {
                            pending.Push((argument, $"{path}.Arguments[{i}]", depth + 1));
                        }
                    }

                    continue;
                }

                if (value is Location)
                {
                    continue;
                }

                if (value is IEnumerable sequence && !IsDefaultImmutableArray(value))
                {
                    int i = 0;
                    foreach (object? item in sequence)
                    {
                        if (item is not null)
                        {
                            pending.Push((item, $"{path}[{i}]", depth + 1));
                        }

                        i++;
                    }
                }

                for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
                {
                    foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (field.GetValue(value) is { } child)
                        {
                            pending.Push((child, path + "." + field.Name, depth + 1));
                        }
                    }

                    // Properties of the generator's own types (computed ones included) and of the test's probes; the BCL's
                    // and Roslyn's own properties are reached through their fields, which is where state lives.
                    if (t.Assembly != GeneratorAssembly && t.Assembly != typeof(RoslynObjectWalker).Assembly)
                    {
                        continue;
                    }

                    foreach (PropertyInfo property in t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    {
                        if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
                        {
                            continue;
                        }

                        object? child;
                        try
                        {
                            child = property.GetValue(value);
                        }
                        catch (TargetInvocationException)
                        {
                            continue; // a computed property that does not apply to this value (e.g. OutputCount of no layers)
                        }

                        if (child is not null)
                        {
                            pending.Push((child, path + "." + property.Name, depth + 1));
                        }
                    }
                }
            }

            return violations;
        }

        private static object?[] DiagnosticArguments(Diagnostic diagnostic)
        {
            // Diagnostic.Arguments is internal; the message arguments are where a symbol could hide.
            PropertyInfo? property = typeof(Diagnostic).GetProperty("Arguments", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
            return property?.GetValue(diagnostic) is IEnumerable<object?> arguments ? arguments.ToArray() : Array.Empty<object?>();
        }

        private static bool IsDefaultImmutableArray(object value)
        {
            Type type = value.GetType();
            return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>)
                && (bool)type.GetProperty(nameof(ImmutableArray<int>.IsDefault))!.GetValue(value)!;
        }
    }
}
