using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DerivGen.Diagnostics;
using DerivGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DerivGen.Parsing
{
    /// <summary>
    /// Reads one [Differentiable] method into a <see cref="FunctionParseResult"/>: checks where it is declared and its
    /// signature, then hands the body to <see cref="FunctionBodyParser"/>. Calls are recorded by key and resolved later
    /// against the table of all functions (<see cref="FunctionResolver"/>), so this step depends on one method only.
    /// </summary>
    internal static class FunctionParser
    {
        public static FunctionParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            var diagnostics = new FunctionDiagnostics();
            var method = (IMethodSymbol)context.TargetSymbol;
            try
            {
                return ParseChecked(context, method, diagnostics, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The generator never throws: an unexpected state becomes DG9999 on the method, and no gradient.
                diagnostics.Add(DiagnosticDescriptors.InternalErrorId, IdentifierOf(context.TargetNode), method.Name, e.GetType().Name + ": " + e.Message);
                return new FunctionParseResult(null, null, method.Name, default, diagnostics.ToArray());
            }
        }

        private static FunctionParseResult ParseChecked(GeneratorAttributeSyntaxContext context, IMethodSymbol method, FunctionDiagnostics diagnostics, CancellationToken ct)
        {
            string name = method.Name;
            var identifier = IdentifierOf(context.TargetNode);
            if (context.TargetNode is not MethodDeclarationSyntax declaration || declaration.Parent is not TypeDeclarationSyntax type)
            {
                diagnostics.Add(DiagnosticDescriptors.FunctionSignatureId, identifier, name,
                    context.TargetNode is LocalFunctionStatementSyntax ? "is a local function" : "is not a method of a class, struct or record");
                return new FunctionParseResult(null, null, name, default, diagnostics.ToArray());
            }

            int order = ReadOrder(context, diagnostics, name);
            bool usable = true;
            if (!method.IsStatic)
            {
                diagnostics.Add(DiagnosticDescriptors.DifferentiableNotStaticId, identifier, name);
                usable = false;
            }

            for (SyntaxNode? node = type; node is TypeDeclarationSyntax enclosing; node = node.Parent)
            {
                if (!enclosing.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticDescriptors.FunctionTypeNotPartialId, identifier, enclosing.Identifier.ValueText, name);
                    usable = false;
                }
            }

            if (type is InterfaceDeclarationSyntax)
            {
                diagnostics.Add(DiagnosticDescriptors.FunctionSignatureId, identifier, name, "is declared in an interface");
                usable = false;
            }

            var precision = ReadSignature(declaration, method, diagnostics, ref usable);
            var parameters = method.Parameters
                .Select(p => new FunctionParameter(NetworkParser.Escaped(p.Name), p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NoDerivativeAttribute)))
                .ToArray();
            ReportGradientCollision(method, parameters.Count(p => !p.NoDerivative), diagnostics, ref usable);

            if (precision is null)
            {
                return new FunctionParseResult(null, null, name, default, diagnostics.ToArray());
            }

            string key = FunctionKeys.Of(method);
            var typeSymbol = method.ContainingType;
            var typeSpec = new FunctionTypeSpec(
                NetworkParser.NamespaceOf(typeSymbol),
                new EquatableArray<ContainingTypeSpec>(NetworkParser.ContainingTypes(type)),
                NetworkParser.KeywordOf(type),
                NetworkParser.NameWithTypeParameters(type),
                typeSymbol.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                NetworkParser.HintNameOf(typeSymbol));

            // A body the compiler cannot parse has its CS errors already; reading it would only add guesses on missing tokens.
            if (declaration.ChildNodes().Any(n => n is BlockSyntax or ArrowExpressionClauseSyntax && n.ContainsDiagnostics
                && n.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)))
            {
                return new FunctionParseResult(null, null, name, default, diagnostics.ToArray());
            }

            var body = FunctionBodyParser.Parse(declaration, method, context.SemanticModel, precision.Value, parameters, diagnostics, ct);
            var callees = new EquatableArray<string>(body.CallSites.Select(c => c.CalleeKey).Distinct().OrderBy(k => k, StringComparer.Ordinal));
            var callSites = new EquatableArray<FunctionCallSite>(body.CallSites);
            var signature = new FunctionSignature(key, typeSpec.QualifiedName, name, precision.Value, new EquatableArray<FunctionParameter>(parameters), callees, HasErrors: true);
            if (!usable || diagnostics.Count > 0 || body.Result is null)
            {
                return new FunctionParseResult(null, signature, name, callSites, diagnostics.ToArray());
            }

            var function = new FunctionModel(key, typeSpec, NetworkParser.Escaped(name), precision.Value, order,
                new EquatableArray<FunctionParameter>(parameters), new EquatableArray<FunctionLet>(body.Lets), body.Result);
            return new FunctionParseResult(function, signature with { HasErrors = false }, name, callSites, diagnostics.ToArray());
        }

        /// <summary>The parameters' and return's precision when they agree and are double or float; null otherwise (reported).</summary>
        private static PrecisionKind? ReadSignature(MethodDeclarationSyntax declaration, IMethodSymbol method, FunctionDiagnostics diagnostics, ref bool usable)
        {
            string name = method.Name;
            var precision = PrecisionOf(method.ReturnType);
            bool ok = true;
            void Fail(SyntaxNode node, string problem)
            {
                diagnostics.Add(DiagnosticDescriptors.FunctionSignatureId, node, name, problem);
                ok = false;
            }

            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                Fail(declaration.ReturnType, "returns by reference");
            }
            else if (precision is null)
            {
                Fail(declaration.ReturnType, $"returns {method.ReturnType.ToDisplayString()}");
            }

            if (method.IsGenericMethod)
            {
                Fail(declaration.TypeParameterList!, "has type parameters");
            }

            if (method.Parameters.Length is 0 or > DiagnosticDescriptors.MaxFunctionParameters)
            {
                Fail(declaration.ParameterList, $"has {method.Parameters.Length} parameters");
            }

            for (int i = 0; i < method.Parameters.Length && i < declaration.ParameterList.Parameters.Count; i++)
            {
                var parameter = method.Parameters[i];
                var syntax = declaration.ParameterList.Parameters[i];
                var modifier = syntax.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword)
                    || m.IsKind(SyntaxKind.InKeyword) || m.IsKind(SyntaxKind.ParamsKeyword) || m.IsKind(SyntaxKind.ThisKeyword) || m.IsKind(SyntaxKind.ScopedKeyword));
                if (!modifier.IsKind(SyntaxKind.None))
                {
                    Fail(syntax, $"has a {modifier.ValueText} parameter '{parameter.Name}'");
                }
                else if (PrecisionOf(parameter.Type) is not { } p)
                {
                    Fail(syntax.Type ?? (SyntaxNode)syntax, $"has parameter '{parameter.Name}' of type {parameter.Type.ToDisplayString()}");
                }
                else if (precision is not null && p != precision)
                {
                    Fail(syntax.Type ?? (SyntaxNode)syntax, $"mixes {Keyword(p)} parameter '{parameter.Name}' with a {Keyword(precision.Value)} return");
                }
            }

            usable &= ok;
            return ok ? precision : null;
        }

        /// <summary>A member named <c>{Name}Gradient</c> with the generated method's parameter count would collide with it (DG0013).</summary>
        private static void ReportGradientCollision(IMethodSymbol method, int outCount, FunctionDiagnostics diagnostics, ref bool usable)
        {
            string gradientName = method.Name + "Gradient";
            foreach (var member in method.ContainingType.GetMembers(gradientName))
            {
                bool collides = member is not IMethodSymbol other || other.Parameters.Length == method.Parameters.Length + outCount;
                if (collides && member.Locations.FirstOrDefault() is { IsInSource: true } location)
                {
                    diagnostics.Add(DiagnosticDescriptors.MemberCollisionId, location, method.ContainingType.Name, gradientName, $" (the gradient of [Differentiable] method '{method.Name}')");
                    usable = false;
                }
            }
        }

        private static int ReadOrder(GeneratorAttributeSyntaxContext context, FunctionDiagnostics diagnostics, string name)
        {
            var attribute = context.Attributes[0];
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == KnownNames.OrderArgument && named.Value.Value is int order)
                {
                    if (order is 1 or 2)
                    {
                        return order;
                    }

                    var syntax = attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
                    SyntaxNode node = (SyntaxNode?)syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == KnownNames.OrderArgument)
                        ?? (SyntaxNode?)syntax ?? context.TargetNode;
                    diagnostics.Add(DiagnosticDescriptors.InvalidOrderId, node, name, order.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return 1;
        }

        internal static PrecisionKind? PrecisionOf(ITypeSymbol? type) => type?.SpecialType switch
        {
            SpecialType.System_Double => PrecisionKind.Double,
            SpecialType.System_Single => PrecisionKind.Single,
            _ => null,
        };

        internal static string Keyword(PrecisionKind precision) => precision == PrecisionKind.Single ? "float" : "double";

        internal static SyntaxNodeOrToken IdentifierOf(SyntaxNode node) => node switch
        {
            MethodDeclarationSyntax m => m.Identifier,
            LocalFunctionStatementSyntax l => l.Identifier,
            _ => node,
        };
    }

    /// <summary>The keys that identify methods across the pipeline (see <see cref="FunctionSignature.Key"/>).</summary>
    internal static class FunctionKeys
    {
        public static string Of(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            return method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + method.Name
                + "(" + string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString())) + ")";
        }

        /// <summary>How messages name a method: <c>Type.Method</c>.</summary>
        public static string DisplayName(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;
    }

    /// <summary>Collects <see cref="FunctionDiagnostic"/>s, once per ID, location and arguments (a body copied into two paths is read twice).</summary>
    internal sealed class FunctionDiagnostics
    {
        private readonly List<FunctionDiagnostic> _items = new();
        private readonly HashSet<FunctionDiagnostic> _seen = new();

        public int Count => _items.Count;

        public void Add(string id, SyntaxNodeOrToken node, params string[] arguments) =>
            Add(id, node.GetLocation()!, arguments);

        public void Add(string id, Location location, params string[] arguments)
        {
            var diagnostic = new FunctionDiagnostic(id, LocationOf(location), new EquatableArray<string>(arguments));
            if (_seen.Add(diagnostic))
            {
                _items.Add(diagnostic);
            }
        }

        public EquatableArray<FunctionDiagnostic> ToArray() => new(_items);

        public static FunctionLocation LocationOf(Location location)
        {
            var lines = location.GetLineSpan();
            return new FunctionLocation(lines.Path ?? string.Empty, location.SourceSpan, lines.Span);
        }

        public static FunctionLocation LocationOf(SyntaxNode node) => LocationOf(node.GetLocation());

        public static void Report(SourceProductionContext context, EquatableArray<FunctionDiagnostic> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                context.ReportDiagnostic(ToDiagnostic(diagnostic));
            }
        }

        /// <summary>The diagnostic to report, located in the original file (a path, span and line span, as MVVM's DiagnosticInfo does).</summary>
        public static Diagnostic ToDiagnostic(FunctionDiagnostic diagnostic) =>
            Diagnostic.Create(
                DiagnosticDescriptors.ById(diagnostic.Id),
                Location.Create(diagnostic.Location.FilePath, diagnostic.Location.Span, diagnostic.Location.LineSpan),
                diagnostic.Arguments.Cast<object>().ToArray());
    }
}
