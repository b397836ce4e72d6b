using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The incremental pipeline caches as designed (STYLE.md section 6, after NetEscapades' TestHelpers and the STJ
    /// incremental tests): a rerun on an identical compilation reuses every step, an unrelated edit does not re-emit,
    /// a real change does, and the cached models hold no Roslyn objects.
    /// </summary>
    public sealed class IncrementalCachingTests
    {
        private const string TinyNetWithNeighbour = TestNetworks.TinyNet + """

            public class Neighbour
            {
                public int Value { get; set; }
            }

            """;

        /// <summary>Every step name in DerivGen.TrackingNames, found by reflection so a new step is covered automatically.</summary>
        private static IReadOnlyList<string> StepNames { get; } = typeof(global::DerivGen.TrackingNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();

        [Fact]
        public void StepNamesAreFound()
        {
            Assert.Contains(global::DerivGen.TrackingNames.NetworkModel, StepNames);
        }

        [Fact]
        public void RerunOnAClonedCompilationReusesEveryStepAndTheSourceOutput()
        {
            Compilation compilation = GeneratorHarness.CreateCompilation(TestNetworks.TinyNet, TestNetworks.NestedNet);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);
            GeneratorRun second = GeneratorHarness.Run(first.Driver, compilation.Clone());

            foreach (string name in StepNames)
            {
                ImmutableArray<IncrementalGeneratorRunStep> before = Steps(first, name);
                ImmutableArray<IncrementalGeneratorRunStep> after = Steps(second, name);
                Assert.NotEmpty(after);
                Assert.Equal(before.Length, after.Length);
                for (int i = 0; i < before.Length; i++)
                {
                    Assert.Equal(before[i].Outputs.Select(o => o.Value), after[i].Outputs.Select(o => o.Value));
                    Assert.All(after[i].Outputs, o => Assert.True(
                        o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"Step {name} output {i} was {o.Reason} on an identical compilation"));
                }
            }

            AssertSourceOutputNotRerun(second);
        }

        [Fact]
        public void UnrelatedEditInTheSameFileLeavesTheModelUnchangedAndDoesNotReemit()
        {
            Compilation compilation = GeneratorHarness.CreateCompilation(TestNetworks.TinyNet);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);
            Compilation edited = ReplaceOnlyTree(compilation, TinyNetWithNeighbour);
            GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);

            Assert.NotEmpty(ModelOutputs(second));
            Assert.All(ModelOutputs(second), o => Assert.True(
                o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached,
                $"The model step was {o.Reason} after an edit that does not touch the network"));
            AssertSourceOutputNotRerun(second);
            Assert.Equal(first.Sources.ToArray(), second.Sources.ToArray());
        }

        [Theory]
        [InlineData("[Dense(3, Activation.ReLU)]", "[Dense(4, Activation.ReLU)]")]
        [InlineData("[Dense(1, Activation.Sigmoid)]", "[Dense(1, Activation.Tanh)]")]
        [InlineData("[Network(3, Loss = LossFunction.SquaredError)]", "[Network(3, Loss = LossFunction.MeanSquaredError)]")]
        public void ChangingTheNetworkModifiesTheModelAndTheText(string before, string after)
        {
            Assert.Contains(before, TestNetworks.TinyNet, StringComparison.Ordinal);
            Compilation compilation = GeneratorHarness.CreateCompilation(TestNetworks.TinyNet);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);
            Compilation edited = ReplaceOnlyTree(compilation, TestNetworks.TinyNet.Replace(before, after, StringComparison.Ordinal));
            GeneratorRun second = GeneratorHarness.Run(first.Driver, edited);

            Assert.Contains(ModelOutputs(second), o => o.Reason == IncrementalStepRunReason.Modified);
            Assert.NotEqual(first.Source(TestNetworks.TinyNetHintName).Text, second.Source(TestNetworks.TinyNetHintName).Text);
        }

        [Fact]
        public void CachedStepOutputsHoldNoRoslynObjects()
        {
            GeneratorRun run = GeneratorHarness.Run(
                GeneratorHarness.CreateCompilation(TestNetworks.TinyNet, TestNetworks.NestedNet),
                trackIncrementalGeneratorSteps: true);

            // The parse step deliberately carries Diagnostics with real locations (reported, never cached into source);
            // every later step feeds the cached source output and must be plain data.
            foreach (string name in StepNames.Where(n => n != global::DerivGen.TrackingNames.ParseResult && !n.EndsWith("Diagnostics", StringComparison.Ordinal)))
            {
                foreach (IncrementalGeneratorRunStep step in Steps(run, name))
                {
                    foreach ((object value, _) in step.Outputs)
                    {
                        Assert.Empty(RoslynObjectWalker.Find(value, name, diagnosticsAllowed: false));
                    }
                }
            }
        }

        [Fact]
        public void IndependentCompilationsGiveEqualModelsWithEqualHashCodes()
        {
            GeneratorRun first = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(TestNetworks.TinyNet, TestNetworks.NestedNet), trackIncrementalGeneratorSteps: true);
            GeneratorRun second = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(TestNetworks.TinyNet, TestNetworks.NestedNet), trackIncrementalGeneratorSteps: true);

            object[] firstModels = ModelOutputs(first).Select(o => o.Value).ToArray();
            object[] secondModels = ModelOutputs(second).Select(o => o.Value).ToArray();
            Assert.Equal(2, firstModels.Length);
            Assert.Equal(firstModels, secondModels);
            Assert.Equal(firstModels.Select(m => m.GetHashCode()), secondModels.Select(m => m.GetHashCode()));
        }

        private static ImmutableArray<IncrementalGeneratorRunStep> Steps(GeneratorRun run, string name) =>
            run.Result.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps)
                ? steps
                : throw new Xunit.Sdk.XunitException(
                    $"No tracked step '{name}'. Tracked: [{string.Join(", ", run.Result.TrackedSteps.Keys.Order(StringComparer.Ordinal))}]");

        private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> ModelOutputs(GeneratorRun run) =>
            Steps(run, global::DerivGen.TrackingNames.NetworkModel).SelectMany(s => s.Outputs);

        private static void AssertSourceOutputNotRerun(GeneratorRun run)
        {
            var outputs = run.Result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).ToArray();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"An output step ran again ({o.Reason})"));
        }

        private static Compilation ReplaceOnlyTree(Compilation compilation, string newText)
        {
            SyntaxTree old = Assert.Single(compilation.SyntaxTrees);
            return compilation.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(newText)));
        }
    }
}
