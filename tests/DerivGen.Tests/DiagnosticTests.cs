using System;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// One test per diagnostic of the contract: the exact IDs, severity Error, the exact location (marked [|...|] in the
    /// source), no generated source for the offending class, no generator exception and no compiler noise besides.
    /// </summary>
    public sealed class DiagnosticTests
    {
        [Fact]
        public void DG0001_NetworkTypeThatIsNotPartialIsReportedOnTheNetworkAttribute()
        {
            AssertSingleError("DG0001", "NotPartialNet", """
                using DerivGen;

                [[|Network(3)|]]
                [Dense(2, Activation.ReLU)]
                public class NotPartialNet { }
                """);
        }

        [Fact]
        public void DG0002_NetworkWithoutDenseLayersIsReportedOnTheNetworkAttribute()
        {
            AssertSingleError("DG0002", "EmptyNet", """
                using DerivGen;

                [[|Network(3, Loss = LossFunction.SquaredError)|]]
                public partial class EmptyNet { }
                """);
        }

        [Fact]
        public void DG0003_DenseWithZeroUnitsIsReportedOnTheUnitsArgument()
        {
            AssertSingleError("DG0003", "ZeroUnitsNet", """
                using DerivGen;

                [Network(3)]
                [Dense(4, Activation.Tanh)]
                [Dense([|0|], Activation.ReLU)]
                [Dense(1)]
                public partial class ZeroUnitsNet { }
                """);
        }

        [Fact]
        public void DG0003_DenseWithNegativeUnitsIsReportedOnTheUnitsArgument()
        {
            AssertSingleError("DG0003", "NegativeUnitsNet", """
                using DerivGen;

                [Network(3)]
                [Dense([|-2|], Activation.Sigmoid)]
                public partial class NegativeUnitsNet { }
                """);
        }

        [Fact]
        public void DG0004_NetworkWithZeroInputsIsReportedOnTheInputsArgument()
        {
            AssertSingleError("DG0004", "NoInputsNet", """
                using DerivGen;

                [Network([|0|], Loss = LossFunction.SquaredError)]
                [Dense(2, Activation.ReLU)]
                public partial class NoInputsNet { }
                """);
        }

        [Fact]
        public void DG0004_NetworkWithNegativeInputsIsReportedOnTheInputsArgument()
        {
            AssertSingleError("DG0004", "NegativeInputsNet", """
                using DerivGen;

                [Network([|-1|])]
                [Dense(2)]
                public partial class NegativeInputsNet { }
                """);
        }

        [Fact]
        public void DG0005_LayerWithMoreThan2To24WeightsIsReportedOnThatDenseAttribute()
        {
            // 5000 inputs x 4000 units = 20,000,000 weights, past the 16,777,216 DerivGen generates code for.
            AssertSingleError("DG0005", "HugeLayerNet", """
                using DerivGen;

                [Network(5000)]
                [[|Dense(4000, Activation.Tanh)|]]
                [Dense(1)]
                public partial class HugeLayerNet { }
                """);
        }

        [Fact]
        public void DG0005_LoopedLayersWhoseBuffersWouldNotFitOnTheStackAreReportedOnTheLastLoopedLayer()
        {
            // Layer 1 (2 x 40000 = 80,000 weights) exceeds UnrollLimit and is looped; its 40,000 units exceed 32,768.
            AssertSingleError("DG0005", "TallLayerNet", """
                using DerivGen;

                [Network(2, UnrollLimit = 50000)]
                [[|Dense(40000, Activation.Tanh)|]]
                [Dense(1)]
                public partial class TallLayerNet { }
                """);
        }

        [Fact]
        public void DG0016_IsRetiredASoftmaxBeforeTheLastLoopedLayerIsComputedWithLoops()
        {
            // Counted from the output: 64 + 4096 weights pass UnrollLimit = 640, so layers 1 and 2 are looped and layer 1
            // applies its softmax inside the loops. DG0016 used to reject this; the ID stays retired.
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(65)]
                [Dense(64, Activation.Softmax)]
                [Dense(64, Activation.Tanh)]
                [Dense(1)]
                public partial class LoopedSoftmaxNet { }
                """);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        }

        [Fact]
        public void HiddenLayerPastTheUnrollLimitIsLoopedWithoutDiagnostics()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(65)]
                [Dense(64, Activation.Tanh)]
                [Dense(1)]
                public partial class LoopedHiddenNet { }
                """);

            Assert.Null(run.Exception);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Equal(new[] { "LoopedHiddenNet.DerivGen.g.cs" }, run.HintNames);
            // 65 × 64 weights pass the default limit: layer 1 is looped, its z one kernel call (this test's runtime is
            // net8.0, which has DenseKernels), and its InputGradient pass goes row by row through VectorMath.
            Assert.Contains("global::DerivGen.DenseKernels.Affine(parameters.Slice(0, 4160), parameters.Slice(4160, 64), input, z1);", run.Sources[0].Text, StringComparison.Ordinal);
            Assert.Contains("global::DerivGen.VectorMath.Scale(", run.Sources[0].Text, StringComparison.Ordinal);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        }

        [Fact]
        public void LayersPastTheUnrollLimitAreLoopedWithoutDiagnosticsEvenAtTheOutputOrWithSoftmax()
        {
            // 4096 inputs x 1 unit, and a 65 x 11 softmax layer (715 weights): both pass UnrollLimit = 640 and are the last
            // looped layer, whose activation the unrolled part computes. The softmax is no wider than it needs to be: the
            // unrolled part's H·v and Jacobians grow with the square of its width (64 units made 44,000 generated lines,
            // 20 s of compiling, and tested nothing more).
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(4096)]
                [Dense(1)]
                public partial class LimitNet { }

                [Network(65, Loss = LossFunction.CrossEntropy)]
                [Dense(11, Activation.Softmax)]
                public partial class WideSoftmaxNet { }
                """);

            Assert.Null(run.Exception);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Equal(new[] { "LimitNet.DerivGen.g.cs", "WideSoftmaxNet.DerivGen.g.cs" }, run.HintNames.OrderBy(n => n, StringComparer.Ordinal));
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        }

        [Fact]
        public void ClassWithSeveralErrorsReportsEachAndGeneratesNothing()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(0)]
                [Dense(0)]
                public partial class DoublyBrokenNet { }
                """);

            Assert.Null(run.Exception);
            Assert.Equal(new[] { "DG0003", "DG0004" }, run.GeneratorDiagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));
            Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void BrokenNetworkDoesNotStopItsValidNeighbourFromBeingGenerated()
        {
            GeneratorRun run = GeneratorHarness.Run(TestNetworks.TinyNet, """
                using DerivGen;

                [Network(3)]
                public partial class EmptyNet { }
                """);

            Assert.Null(run.Exception);
            Assert.Equal("DG0002", Assert.Single(run.GeneratorDiagnostics).Id);
            Assert.Equal(new[] { TestNetworks.TinyNetHintName }, run.HintNames);
            Assert.Empty(run.OutputDiagnostics);
        }

        [Fact]
        public void ValidTinyNetReportsNoDiagnostics()
        {
            GeneratorRun run = GeneratorHarness.Run(TestNetworks.TinyNet);

            Assert.Null(run.Exception);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.OutputDiagnostics);
            Assert.Single(run.Sources);
        }

        [Fact]
        public void TypesWithoutDerivGenAttributesAreIgnored()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using System;

                [Obsolete("unrelated")]
                public partial class PlainPartial { }

                public class Unrelated { }
                """);

            Assert.Null(run.Exception);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.Sources);
        }

        private static void AssertSingleError(string id, string className, string markup)
        {
            MarkedSource source = MarkedSource.Parse(markup);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            Assert.Null(run.Exception);
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal("DerivGen", diagnostic.Descriptor.Category);

            Assert.True(diagnostic.Location.IsInSource, $"{id} has no source location: {diagnostic.Location}");
            string located = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
            Assert.Equal(source.MarkedText, located);
            Assert.Equal(source.Span, diagnostic.Location.SourceSpan);

            // RS1032: one sentence, no trailing period; and every placeholder filled in.
            string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(string.IsNullOrWhiteSpace(message), $"{id} has an empty message");
            Assert.False(message.EndsWith('.'), $"{id}'s message ends with a period: {message}");
            Assert.DoesNotContain("{0}", message, StringComparison.Ordinal);

            Assert.DoesNotContain(run.Sources, s => s.HintName.Contains(className, StringComparison.Ordinal));

            // The user sees the DG error and nothing else: no CS errors or warnings from a half-generated class.
            Assert.True(run.OutputDiagnostics.IsEmpty, "Unexpected compiler diagnostics:\n" + GeneratorRun.Describe(run.OutputDiagnostics));
        }
    }
}
