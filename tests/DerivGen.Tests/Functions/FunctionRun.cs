using System;
using System.Collections.Generic;
using System.Linq;
using DerivGen.Model;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Sdk;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// One generator run over sources with [Differentiable] methods, with the function pipeline's step outputs at hand:
    /// the parse results, resolved functions and the diagnostics reported.
    /// </summary>
    internal sealed class FunctionRun
    {
        private FunctionRun(GeneratorRun run)
        {
            Run = run;
            Parsed = Outputs<FunctionParseResult>(run, FunctionTrackingNames.FunctionParse);
            Resolved = Outputs<ResolvedFunction?>(run, FunctionTrackingNames.ResolvedFunction).Where(r => r is not null).Select(r => r!).ToArray();
        }

        public GeneratorRun Run { get; }

        /// <summary>Every [Differentiable] method's parse result.</summary>
        public IReadOnlyList<FunctionParseResult> Parsed { get; }

        /// <summary>The functions whose calls all resolved.</summary>
        public IReadOnlyList<ResolvedFunction> Resolved { get; }

        public IReadOnlyList<FunctionModel> Functions => Parsed.Where(p => p.Function is not null).Select(p => p.Function!).ToArray();

        public IReadOnlyList<Diagnostic> Diagnostics => Run.GeneratorDiagnostics;

        public static FunctionRun Of(params string[] sources) =>
            new(GeneratorHarness.Run(GeneratorHarness.CreateCompilation(sources), trackIncrementalGeneratorSteps: true));

        public static FunctionRun Of(Compilation compilation) =>
            new(GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true));

        /// <summary>The parsed (error-free) function named <paramref name="name"/> of type <paramref name="typeName"/>.</summary>
        public FunctionModel Function(string typeName, string name)
        {
            Assert.Null(Run.Exception);
            return Functions.SingleOrDefault(f => f.Type.Name == typeName && f.Name == name)
                ?? throw new XunitException($"No error-free function {typeName}.{name}. Diagnostics:\n{GeneratorRun.Describe(Diagnostics)}");
        }

        /// <summary>The single function of the run.</summary>
        public FunctionModel Single()
        {
            Assert.Null(Run.Exception);
            Assert.True(Diagnostics.IsEmpty(), "Unexpected diagnostics:\n" + GeneratorRun.Describe(Diagnostics));
            return Assert.Single(Functions);
        }

        public double Evaluate(FunctionModel function, params double[] arguments) =>
            new FunctionInterpreter(Functions).Evaluate(function, arguments);

        private static T[] Outputs<T>(GeneratorRun run, string step) =>
            run.Result.TrackedSteps.TryGetValue(step, out var steps)
                ? steps.SelectMany(s => s.Outputs).Select(o => (T)o.Value).ToArray()
                : Array.Empty<T>();
    }

    internal static class DiagnosticListExtensions
    {
        public static bool IsEmpty(this IReadOnlyList<Diagnostic> diagnostics) => diagnostics.Count == 0;
    }
}
