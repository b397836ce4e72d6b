using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using DerivGen.Model;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// The [Differentiable] pipeline caches per function: an identical rerun reuses every step; editing one body re-runs
    /// that function's model and resolution only, while an unrelated function (even one below it in the same file, whose
    /// locations shift) stays Cached or Unchanged and the table of signatures stays equal; the step outputs are plain data.
    /// </summary>
    public sealed class FunctionCachingTests
    {
        private const string Source = """
            using System;
            using DerivGen;

            public static partial class Physics
            {
                [Differentiable]
                public static double A(double x) => x * x;

                [Differentiable]
                public static double B(double x, double v) => 0.5 * v * v + Helper(x);

                [Differentiable]
                public static double Helper(double x) => 9.81 * (1 - Math.Cos(x));

                [Differentiable(Order = 2)]
                public static double Curved(double x, double v) => v * B(x, v);

                public static double Step(double z) => Math.Floor(z);

                [Derivative(nameof(Step))]
                public static double StepDerivative(double z) => 0.0;

                [Differentiable]
                public static double Broken(double x) { double s = 0; while (s < x) { s += 1; } return s + Step(x); }
            }
            """;

        private const string MisplacedNoDerivative = "using DerivGen; public static class Other { public static double G(double x, [NoDerivative] double n) => x; }";

        private static IReadOnlyList<string> StepNames { get; } = typeof(global::DerivGen.FunctionTrackingNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();

        [Fact]
        public void RerunOnAClonedCompilationReusesEveryFunctionStep()
        {
            Compilation compilation = GeneratorHarness.CreateCompilation(Source, MisplacedNoDerivative);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);
            GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.Clone());

            Assert.Equal(14, StepNames.Count);
            foreach (string name in StepNames)
            {
                var before = Outputs(first, name);
                var after = Outputs(second, name);
                Assert.NotEmpty(after);
                Assert.Equal(before.Select(o => o.Value), after.Select(o => o.Value));
                Assert.All(after, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name} was {o.Reason} on an identical compilation"));
            }
        }

        [Fact]
        public void EditingOneBodyRerunsThatFunctionOnly()
        {
            Compilation compilation = GeneratorHarness.CreateCompilation(Source);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);
            GeneratorRun second = GeneratorHarness.Run(first.Driver, Replace(compilation, Source.Replace("=> x * x;", "=> x * x + Math.Sin(3.0 * x);", StringComparison.Ordinal)));

            // B's call of Helper moved, so its parse result (which keeps call locations for diagnostics) changed...
            Assert.Equal(IncrementalStepRunReason.Modified, ReasonOf(second, global::DerivGen.FunctionTrackingNames.FunctionParse, "B"));

            // ...but only A's model and resolution are new; B's and Helper's are not, although their text moved.
            Assert.Equal(IncrementalStepRunReason.Modified, ReasonOf(second, global::DerivGen.FunctionTrackingNames.FunctionModel, "A"));
            Assert.Equal(IncrementalStepRunReason.Modified, ReasonOf(second, global::DerivGen.FunctionTrackingNames.ResolvedFunction, "A"));
            Assert.Equal(IncrementalStepRunReason.Modified, ReasonOf(second, global::DerivGen.FunctionTrackingNames.GeneratedGradient, "A"));
            foreach (string step in new[] { global::DerivGen.FunctionTrackingNames.SecondOrderFunction, global::DerivGen.FunctionTrackingNames.GeneratedHessian })
            {
                Assert.True(ReasonOf(second, step, "Curved") is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Curved's {step} was recomputed after an edit of A, which it does not call");
            }

            foreach (string unrelated in new[] { "B", "Helper" })
            {
                Assert.True(ReasonOf(second, global::DerivGen.FunctionTrackingNames.FunctionModel, unrelated) is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
                Assert.True(ReasonOf(second, global::DerivGen.FunctionTrackingNames.ResolvedFunction, unrelated) is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"{unrelated} was resolved again after an edit of A");
                Assert.True(ReasonOf(second, global::DerivGen.FunctionTrackingNames.GeneratedGradient, unrelated) is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"{unrelated}'s gradient was emitted again after an edit of A");
            }

            // The table holds signatures and call lists, not bodies: editing a body leaves it equal.
            Assert.All(Outputs(second, global::DerivGen.FunctionTrackingNames.FunctionTable), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        }

        [Fact]
        public void EditingACalleeRegeneratesTheHessianThatInlinesIt()
        {
            Compilation compilation = GeneratorHarness.CreateCompilation(Source);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);
            GeneratorRun second = GeneratorHarness.Run(first.Driver, Replace(compilation, Source.Replace("9.81 * (1 - Math.Cos(x))", "9.81 * (1 - Math.Sin(x))", StringComparison.Ordinal)));

            // Curved's Hessian inlines B, which inlines Helper: its gathered bodies and its text change; B's gradient calls
            // HelperGradient, so its text does not.
            Assert.Equal(IncrementalStepRunReason.Modified, ReasonOf(second, global::DerivGen.FunctionTrackingNames.SecondOrderFunction, "Curved"));
            Assert.Equal(IncrementalStepRunReason.Modified, ReasonOf(second, global::DerivGen.FunctionTrackingNames.GeneratedHessian, "Curved"));
            Assert.True(ReasonOf(second, global::DerivGen.FunctionTrackingNames.GeneratedGradient, "B") is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        }

        [Fact]
        public void AddingACallChangesTheTableAndResolvesAgain()
        {
            Compilation compilation = GeneratorHarness.CreateCompilation(Source);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);
            GeneratorRun second = GeneratorHarness.Run(first.Driver, Replace(compilation, Source.Replace("=> x * x;", "=> x * Helper(x);", StringComparison.Ordinal)));

            Assert.Contains(Outputs(second, global::DerivGen.FunctionTrackingNames.FunctionTable), o => o.Reason == IncrementalStepRunReason.Modified);
            var resolvedA = Outputs(second, global::DerivGen.FunctionTrackingNames.ResolvedFunction).Select(o => o.Value).OfType<ResolvedFunction>().Single(r => r.Function.Name == "A");
            Assert.Equal("global::Physics.Helper(double)", Assert.Single(resolvedA.Calls).CalleeKey);
        }

        [Fact]
        public void FunctionStepOutputsHoldNoRoslynObjects()
        {
            GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source, MisplacedNoDerivative), trackIncrementalGeneratorSteps: true);
            foreach (string name in StepNames)
            {
                var outputs = Outputs(run, name);
                Assert.NotEmpty(outputs);
                foreach (var (value, _) in outputs)
                {
                    Assert.Empty(RoslynObjectWalker.Find(value!, name, diagnosticsAllowed: false));
                }
            }
        }

        [Fact]
        public void IndependentCompilationsGiveEqualModelsWithEqualHashCodes()
        {
            object[] First() => Outputs(GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Source), trackIncrementalGeneratorSteps: true), global::DerivGen.FunctionTrackingNames.ResolvedFunction)
                .Select(o => o.Value!).ToArray();
            object[] a = First();
            object[] b = First();
            Assert.Equal(4, a.Length);
            Assert.Equal(a, b);
            Assert.Equal(a.Select(m => m.GetHashCode()), b.Select(m => m.GetHashCode()));
        }

        private static IncrementalStepRunReason ReasonOf(GeneratorRun run, string step, string function)
        {
            var matches = Outputs(run, step).Where(o => o.Value switch
            {
                FunctionModel m => m.Name == function,
                FunctionParseResult p => p.Name == function,
                ResolvedFunction r => r.Function.Name == function,
                SecondOrderFunction s => s.Function.Function.Name == function,
                global::DerivGen.Emitting.GeneratedGradient g => g.FunctionKey.Contains("." + function + "(", StringComparison.Ordinal),
                _ => false,
            }).ToArray();
            return Assert.Single(matches).Reason;
        }

        private static (object? Value, IncrementalStepRunReason Reason)[] Outputs(GeneratorRun run, string name) =>
            run.Result.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps)
                ? steps.SelectMany(s => s.Outputs).Where(o => o.Value is not null).Select(o => ((object?)o.Value, o.Reason)).ToArray()
                : throw new Xunit.Sdk.XunitException($"No tracked step '{name}'.");

        private static Compilation Replace(Compilation compilation, string text)
        {
            SyntaxTree old = compilation.SyntaxTrees.First();
            return compilation.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));
        }
    }
}
