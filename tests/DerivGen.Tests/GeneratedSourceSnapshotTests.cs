using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The generated text itself, compared with committed snapshots in Snapshots/. A change to the emitter shows up here
    /// as a readable diff; accept it with DERIVGEN_ACCEPT_SNAPSHOTS=1 after reading the received file.
    /// </summary>
    /// <remarks>
    /// A snapshot locks the text; it does not prove it right. Each network here is small, so its file reads in a diff, and
    /// each names the numeric tests that check the same construct against an independent value. Every snapshot's output
    /// must also compile with no warning under the harness's strict options.
    /// </remarks>
    public sealed class GeneratedSourceSnapshotTests
    {
        [Fact]
        public void TinyNet() => Verify(TestNetworks.TinyNet, TestNetworks.TinyNetHintName);

        /// <summary>
        /// Layer 1 (4 × 3 = 12 weights, over UnrollLimit = 8) is computed with loops over VectorMath; layer 2 (6 weights)
        /// is unrolled. Checked numerically by <see cref="LoopedLayerTests.LoopedNetworkMatchesTheUnrolledOne"/> (looped
        /// against unrolled forms of the same networks) and the finite-difference tests of <see cref="LoopedLayerTests"/>.
        /// </summary>
        [Fact]
        public void LoopedLayer() => Verify(
            """
            using DerivGen;

            [Network(4, UnrollLimit = 8)]
            [Dense(3, Activation.Tanh)]
            [Dense(2, Activation.Sigmoid)]
            public partial class LoopedNet { }

            """,
            "LoopedNet.DerivGen.g.cs",
            mustContain: "for (");

        /// <summary>
        /// Layer 1 (fan-in 2) keeps the scalar form; layer 2 (fan-in 16) gets the SIMD form: z2, dL/dW2 and dL/da1 are calls
        /// of DenseKernels over stack buffers, while tanh, σ and their derivatives stay scalar statements. Checked numerically
        /// by <see cref="SimdFormTests.TheSimdFormAgreesWithTheScalarForm"/> (the SIMD form against the scalar form of the same
        /// reference networks) and <see cref="ReferenceCaseTests.BackwardMatchesTheReferenceLossAndGradient"/> (50 digits).
        /// </summary>
        [Fact]
        public void SimdLayer() => Verify(
            """
            using DerivGen;

            [Network(2)]
            [Dense(16, Activation.Tanh)]
            [Dense(1, Activation.Sigmoid)]
            public partial class SimdNet { }

            """,
            "SimdNet.DerivGen.g.cs",
            mustContain: "global::DerivGen.DenseKernels.TransposedProduct(");

        /// <summary>
        /// Two tanh layers with the SIMD form in a row (fan-ins 16 and 17): their activations and dL/dz are ActivationKernels
        /// calls from buffer to buffer, layer 2's Affine reading what layer 1's Tanh wrote, and the backward kernels of layer 1
        /// held until layer 2's TransposedProduct has written dL/da1. Core methods only, to keep the file short. Checked
        /// numerically by <see cref="SimdFormTests.TheSimdFormAgreesWithTheScalarFormOnTheBenchmarkNetworks"/> (Net16x17x16x2,
        /// the same shape) and <see cref="ActivationKernelTests"/> (the kernels against 40-digit values).
        /// </summary>
        [Fact]
        public void SimdTanhLayers() => Verify(
            """
            using DerivGen;

            [Network(16, Methods = NetworkMethods.Core)]
            [Dense(17, Activation.Tanh)]
            [Dense(16, Activation.Tanh)]
            [Dense(2)]
            public partial class SimdTanhNet { }

            """,
            "SimdTanhNet.DerivGen.g.cs",
            mustContain: "global::DerivGen.ActivationKernels.TanhBackward(z1, a1, da1, dz1);");

        /// <summary>
        /// TinyNet over float. Checked numerically by
        /// <see cref="SinglePrecisionTests.TinyNetInSinglePrecisionReproducesTheSeedsOutputAdjoint"/> (this network, against
        /// the seeds' 50-digit dL/dz2) and <see cref="SinglePrecisionTests.BackwardMatchesTheReferenceInSinglePrecision"/>.
        /// </summary>
        [Fact]
        public void SinglePrecision() => Verify(
            """
            using DerivGen;

            [Network(3, Loss = LossFunction.SquaredError, Precision = Precision.Single)]
            [Dense(3, Activation.ReLU)]
            [Dense(1, Activation.Sigmoid)]
            public partial class TinyNetSingle { }

            """,
            "TinyNetSingle.DerivGen.g.cs");

        /// <summary>
        /// Softmax fused with cross-entropy. Checked numerically by <see cref="ReferenceCaseTests.BackwardMatchesTheReferenceLossAndGradient"/>
        /// (the softmax/cross-entropy reference cases, 50 digits) and <see cref="VocabularyFiniteDifferenceTests.GradientAgreesWithCentralDifferencesOfLoss"/>.
        /// </summary>
        [Fact]
        public void SoftmaxCrossEntropy() => Verify(
            """
            using DerivGen;

            [Network(2, Loss = LossFunction.CrossEntropy)]
            [Dense(3, Activation.Tanh)]
            [Dense(3, Activation.Softmax)]
            public partial class Classifier { }

            """,
            "Classifier.DerivGen.g.cs");

        /// <summary>
        /// GELU and SiLU and their derivatives. Checked numerically by
        /// <see cref="VocabularyFiniteDifferenceTests.GradientAgreesWithCentralDifferencesOfLoss"/> and the GELU/SiLU
        /// reference cases of <see cref="ReferenceCaseTests.BackwardMatchesTheReferenceLossAndGradient"/>.
        /// </summary>
        [Fact]
        public void GeluSilu() => Verify(
            """
            using DerivGen;

            [Network(2)]
            [Dense(2, Activation.Gelu)]
            [Dense(1, Activation.Silu)]
            public partial class Smooth { }

            """,
            "Smooth.DerivGen.g.cs");

        /// <summary>
        /// A struct gets the instance form over its own fields. Checked numerically by
        /// <see cref="SupportedTypeKindTests.KindComputesExactlyWhatTheEquivalentClassComputes"/> (every kind against the
        /// same network as a class, whose gradient the finite-difference tests check).
        /// </summary>
        [Fact]
        public void Struct() => Verify(
            """
            using DerivGen;

            namespace Shapes;

            [Network(2)]
            [Dense(1, Activation.Sigmoid)]
            public partial struct Line { }

            """,
            "Shapes.Line.DerivGen.g.cs");

        /// <summary>
        /// A network nested in a static class and a struct, in a namespace, with LeakyReLU, GELU, tanh and Huber (every
        /// number format the emitter writes). Checked numerically by <see cref="SupportedTypeKindTests.KindComputesExactlyWhatTheEquivalentClassComputes"/>
        /// (nested kinds) and, for these activations and loss, <see cref="VocabularyFiniteDifferenceTests.GradientAgreesWithCentralDifferencesOfLoss"/>.
        /// </summary>
        [Fact]
        public void NestedType() => Verify(TestNetworks.NestedNet, TestNetworks.NestedNetHintName);

        private static void Verify(
            string source,
            string hintName,
            string? mustContain = null,
            [System.Runtime.CompilerServices.CallerMemberName] string testMethod = "")
        {
            GeneratorRun run = GeneratorHarness.Run(source);

            Assert.Null(run.Exception);
            Assert.Empty(run.GeneratorDiagnostics);
            GeneratedFile file = Assert.Single(run.Sources);
            Assert.Equal(hintName, file.HintName);
            Assert.True(run.OutputDiagnostics.IsEmpty, "Compiler diagnostics:\n" + GeneratorRun.Describe(run.OutputDiagnostics));
            if (mustContain is not null)
            {
                Assert.Contains(mustContain, file.Text, System.StringComparison.Ordinal);
            }

            SnapshotAssert.MatchesGeneratedSource(file.HintName, file.Text, testMethod: testMethod);
        }
    }
}
