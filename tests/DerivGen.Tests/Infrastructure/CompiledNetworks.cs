using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Sdk;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// Many networks generated in ONE compilation, emitted and loaded once: the compile-and-run tests share it so that
    /// a hundred networks cost one Roslyn compilation, not a hundred.
    /// </summary>
    /// <remarks>
    /// One network whose generated code does not compile must not hide the results of all the others, so generated
    /// files with compile errors are dropped before emitting, and asking for that network fails with the first errors.
    /// A network the generator reported diagnostics for (and so generated nothing for) fails the same way.
    /// </remarks>
    internal sealed class CompiledNetworks
    {
        private readonly Dictionary<string, NetworkFunctions> functions;
        private readonly Dictionary<string, SingleNetworkFunctions> singleFunctions;
        private readonly Dictionary<string, string> problems;

        private CompiledNetworks(
            GeneratorRun run,
            ImmutableArray<Diagnostic> compilerDiagnostics,
            CollectibleAssembly? assembly,
            Dictionary<string, NetworkFunctions> functions,
            Dictionary<string, SingleNetworkFunctions> singleFunctions,
            Dictionary<string, string> problems)
        {
            Run = run;
            CompilerDiagnostics = compilerDiagnostics;
            Assembly = assembly;
            this.functions = functions;
            this.singleFunctions = singleFunctions;
            this.problems = problems;
        }

        /// <summary>The generator run over all the networks.</summary>
        public GeneratorRun Run { get; }

        /// <summary>
        /// The warnings and errors of the output compilation (user code plus every generated file), as its emit reported
        /// them. Emitting binds every method body and reports what <see cref="Compilation.GetDiagnostics"/> would (a test
        /// in <c>CompiledNetworksTests</c> holds it to that), so tests read these instead of binding the whole compilation
        /// a second time with <see cref="GeneratorRun.OutputDiagnostics"/>.
        /// </summary>
        public ImmutableArray<Diagnostic> CompilerDiagnostics { get; }

        /// <summary>The loaded assembly, or null when not even the user code emitted.</summary>
        public CollectibleAssembly? Assembly { get; }

        /// <summary>Why each network that cannot be run is missing, by class name.</summary>
        public IReadOnlyDictionary<string, string> Problems => problems;

        /// <summary>Generates, compiles and loads the networks, all declared in <paramref name="namespaceName"/>.</summary>
        public static CompiledNetworks Build(IReadOnlyList<NetworkDescription> networks, string namespaceName, string assemblyName)
        {
            ArgumentNullException.ThrowIfNull(networks);
            var compilation = GeneratorHarness.CreateCompilation(
                assemblyName, new[] { NetworkSource.File(networks, namespaceName) }, GeneratorHarness.NumericParseOptions, GeneratorHarness.CompilationOptions);
            GeneratorRun run = GeneratorHarness.Run(compilation);
            var problems = new Dictionary<string, string>(StringComparer.Ordinal);
            if (run.Exception is not null)
            {
                foreach (NetworkDescription network in networks)
                {
                    problems[network.Name] = "The generator threw: " + run.Exception;
                }
            }

            var unlocated = new List<string>();
            foreach (Diagnostic diagnostic in run.GeneratorDiagnostics)
            {
                string? owner = EnclosingClassName(diagnostic.Location);
                if (owner is not null)
                {
                    problems[owner] = (problems.TryGetValue(owner, out string? earlier) ? earlier + "\n" : string.Empty) +
                        "The generator reported " + diagnostic;
                }
                else
                {
                    unlocated.Add(diagnostic.ToString());
                }
            }

            // Emit; if that fails, drop the generated files with errors (saying why) and emit again.
            Compilation output = run.Output;
            CollectibleAssembly? assembly;
            bool emitted = CollectibleAssembly.TryLoad(output, out assembly, out var diagnostics);
            ImmutableArray<Diagnostic> compilerDiagnostics = NotHidden(diagnostics);
            for (; !emitted; emitted = CollectibleAssembly.TryLoad(output, out assembly, out diagnostics))
            {
                var broken = diagnostics
                    .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is not null)
                    .GroupBy(d => d.Location.SourceTree!)
                    .Select(group => (Tree: group.Key, Errors: group.ToArray(), Owner: networks.FirstOrDefault(n =>
                        group.Key.FilePath.EndsWith("." + n.Name + ".DerivGen.g.cs", StringComparison.Ordinal) ||
                        group.Key.FilePath.EndsWith("/" + n.Name + ".DerivGen.g.cs", StringComparison.Ordinal))))
                    .Where(b => b.Owner is not null && output.SyntaxTrees.Contains(b.Tree))
                    .ToArray();
                if (broken.Length == 0)
                {
                    string reason = "The compilation does not emit:\n" +
                        GeneratorRun.Describe(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20));
                    foreach (NetworkDescription network in networks)
                    {
                        problems.TryAdd(network.Name, reason);
                    }

                    break;
                }

                foreach (var (tree, errors, owner) in broken)
                {
                    problems[owner!.Name] = "The generated code does not compile:\n" + GeneratorRun.Describe(errors.Take(5));
                    output = output.RemoveSyntaxTrees(tree);
                }
            }

            var functions = new Dictionary<string, NetworkFunctions>(StringComparer.Ordinal);
            var singleFunctions = new Dictionary<string, SingleNetworkFunctions>(StringComparer.Ordinal);
            if (assembly is not null)
            {
                foreach (NetworkDescription network in networks.Where(n => !problems.ContainsKey(n.Name)))
                {
                    try
                    {
                        // Precision.Single networks have the same API over float: they are reached with GetSingle.
                        if (network.Precision == Precision.Single)
                        {
                            singleFunctions[network.Name] = assembly.SingleNetwork(namespaceName + "." + network.Name);
                        }
                        else
                        {
                            functions[network.Name] = assembly.Network(namespaceName + "." + network.Name);
                        }
                    }
                    catch (XunitException e)
                    {
                        // A type without generated members: say what the generator reported without a source location.
                        problems[network.Name] = e.Message + (unlocated.Count == 0
                            ? string.Empty
                            : "\nDiagnostics without a source location:\n  " + string.Join("\n  ", unlocated));
                    }
                }
            }

            return new CompiledNetworks(run, compilerDiagnostics, assembly, functions, singleFunctions, problems);
        }

        /// <summary>The generated API of the named network; fails the test with the reason when it is not available.</summary>
        public NetworkFunctions Get(string className)
        {
            if (functions.TryGetValue(className, out NetworkFunctions? result))
            {
                return result;
            }

            throw new XunitException(
                problems.TryGetValue(className, out string? problem) ? $"{className} cannot be run. {problem}" :
                singleFunctions.ContainsKey(className) ? $"{className} is a single-precision network; use GetSingle." : $"{className} was not generated.");
        }

        /// <summary>
        /// The generated float API of the named <c>Precision.Single</c> network; fails the test with the reason when it is not
        /// available.
        /// </summary>
        public SingleNetworkFunctions GetSingle(string className)
        {
            if (singleFunctions.TryGetValue(className, out SingleNetworkFunctions? result))
            {
                return result;
            }

            throw new XunitException(
                problems.TryGetValue(className, out string? problem) ? $"{className} cannot be run. {problem}" :
                functions.ContainsKey(className) ? $"{className} is a double-precision network; use Get." : $"{className} was not generated.");
        }

        /// <summary>The warnings and errors among <paramref name="diagnostics"/>, as a build would show them.</summary>
        public static ImmutableArray<Diagnostic> NotHidden(ImmutableArray<Diagnostic> diagnostics) =>
            diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden).ToImmutableArray();

        private static string? EnclosingClassName(Location location)
        {
            if (location.SourceTree is null)
            {
                return null;
            }

            SyntaxNode node = location.SourceTree.GetRoot().FindNode(location.SourceSpan);
            return node.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText;
        }
    }
}
