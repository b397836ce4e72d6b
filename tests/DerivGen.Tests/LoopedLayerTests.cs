using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// Layers computed with loops over <c>DerivGen.VectorMath</c> kernels (the layers before the unrolled part, whose weights
    /// counted back from the output may add up to at most <c>UnrollLimit</c>):
    /// (a) small networks generated with limits that loop 1 to all of their layers give the same loss, gradient, Forward
    /// output, trace and BackwardAccumulate as the same network fully unrolled, in double and in float, and their
    /// BackwardBatch (which adds the looped layers' dL/dW a block of rows at a time) is exactly Backward added up row by row;
    /// (b) 784-128-10 (ReLU, Softmax, cross-entropy) at the default limit builds cleanly and its Backward agrees with central
    /// differences of Loss and with a plain textbook implementation written here;
    /// (c) its Backward and BackwardBatchMean allocate nothing;
    /// (d) 64-64-10 at the default limit agrees with central differences on every parameter;
    /// (e) the second-order and input methods in loop form (H·v, dL/dx, ∂a_out/∂x) agree with the unrolled ones and with
    /// central differences.
    /// </summary>
    [Trait("Category", "Slow")] // a shared compilation of many networks; see README, "Tests and snapshots"
    public sealed class LoopedLayerTests
    {
        /// <summary>
        /// Looped against unrolled, normwise per compared vector (the loss; the gradient; the output; each trace block),
        /// in units of the precision's unit roundoff u (2^-53 or 2^-24). Both forms evaluate the same formulas; what
        /// differs is the order of the sums z = Σ_j W[i,j]·a[j] + b: the unrolled line adds left to right, the SIMD dot
        /// product adds Vector&lt;T&gt;.Count interleaved partial sums and then the tail. For n terms either order is
        /// within γ_n·Σ|W·a| ≤ n·u·Σ|W·a| of the exact sum, so two orders differ by at most 2n·u·Σ|W·a|; here n ≤ 25 and,
        /// for these N(0, 0.5²) weights, Σ|W·a| is a few times max|z|. Statistically the two roundings differ by about
        /// √n·u, and the later layers carry a z difference into the loss and the gradient with a gain of order one (no
        /// block of these networks is ill-conditioned: they are random, not tuned to cancel). The worst measured over
        /// every network, sample and block (each test prints its own) was 15.5·u in double and 16.7·u in float, both in the
        /// cross-entropy output's dL/da = −y/a of the trace; fan-in 3 (below one vector) gave 0, as it must. 64·u (1.4e-14
        /// in double, 3.8e-6 in float) leaves a factor four above that while still catching any difference in a formula, which shows up as O(1) relative error in some block
        /// (a wrong derivative, a transposed W, a missed bias, a stale buffer).
        /// </summary>
        private const double LoopedToleranceInUlps = 64;

        /// <summary>
        /// H·v, dL/dx and ∂a_out/∂x, looped against unrolled, normwise per compared vector in units of u, argued as
        /// <see cref="LoopedToleranceInUlps"/>: the same formulas with the sums in other orders (the SIMD dot products
        /// for z and ż; R{dL/dW} = R{dL/dz}·a + dL/dz·ȧ added to the product in two steps rather than one expression;
        /// Wᵀ·dL/dz row by row rather than column by column). The tangent pass adds a second product per term, so the
        /// bound is twice the first-order one. Measured worst over every variant, sample and block: 19.1·u in double,
        /// 31.7·u in float (both in an H·v bias block); 128·u (1.4e-14 in double, far inside the 1e-12 the unrolled H·v is held
        /// to against 50-digit Hessians) leaves a factor four, while a missing or misplaced tangent term is O(1) relative.
        /// </summary>
        private const double SecondOrderToleranceInUlps = 128;

        /// <summary>
        /// Central differences on 784-128-10 and 64-64-10, normwise per parameter block (W1, b1, W2, b2), each block relative
        /// to max(its largest |g|, 1e-3). With h = 1e-5 (every |θ| &lt; 1, so h = 1e-5·max(1, |θ|) = 1e-5) the difference
        /// quotient errs by truncation h²/6·|∂³L/∂θ³| plus rounding ≈ c·u·|L|/h. |L| ≈ 2.3 (ten classes) and the
        /// loss's own rounding error c·u·|L| is a few ulps of it (the 785-term dot products round their terms
        /// independently but the perturbation moves one term, so the rest round the same way): ≲ 1e-15/1e-5 = 1e-10.
        /// ∂³L/∂θ³ through softmax is O(|a_prev|³) ≲ 1, so truncation ≲ 2e-11. That is ≲ 1e-7 of the 1e-3 floor;
        /// the measured worst is 5.4e-10 (64-64-10's W1). 1e-6 leaves room for rounding luck and other seeds, while a wrong entry (a missed term, a transposed index,
        /// a ReLU derivative on the wrong side) is off by O(1) of its block's scale.
        /// </summary>
        private const double FiniteDifferenceTolerance = 1e-6;

        /// <summary>Blocks whose largest sampled |dL/dθ| is below this are compared in absolute terms, relative to it.</summary>
        private const double FiniteDifferenceFloor = 1e-3;

        /// <summary>
        /// Draws with a ReLU pre-activation closer than this to 0 are not differenced: a step of h = 1e-5 moves the
        /// pre-activation of the perturbed unit by at most h·max|x_j| ≤ 1e-5, so no central difference straddles a kink.
        /// </summary>
        private const double KinkMargin = 1e-3;

        /// <summary>
        /// Generated Backward against the textbook implementation below (both in double), normwise over the whole gradient
        /// and relative for the loss. The only differences are summation orders (785- and 129-term dot products, SIMD
        /// order against left to right) and the form of the loss (the generated one leaves the arg-max out of the sum); a
        /// 785-term sum in two orders differs by ≲ √785·u·Σ|W·x| ≈ 30·u·(a few)|z| typically, about 1e-14 (measured: 2.3e-15
        /// for the gradient, 0 for the loss). 1e-12 leaves a wide margin and still sees any wrong term, which is O(1).
        /// </summary>
        private const double TextbookTolerance = 1e-12;

        private const string SmallNamespace = "LoopedNetworks";
        private const string LargeNamespace = "LargeLoopedNetworks";
        private const int SamplesPerNetwork = 3;
        private const int Seed = 20261122;

        /// <summary>
        /// Depths 1 to 5, every activation, every loss; fan-ins 3 to 24, most not a multiple of the SIMD width (Vector&lt;T&gt;.Count
        /// is 4 doubles or 8 floats where Vector&lt;T&gt; is 256 bits: AVX2, and AVX-512 by default), so both the vector loop
        /// and the scalar tail of the kernels run; fan-in 3 is below one vector, which must then give the unrolled sum exactly. Kept small:
        /// the 70 variants generate about 380,000 lines, compiled once.
        /// </summary>
        private static readonly NetworkDescription[] Bases =
        {
            new("TanhSigmoid", 19, new LayerDescription[] { new(9, Activation.Tanh), new(4, Activation.Sigmoid) }),
            new("GeluSiluHuber", 11, new LayerDescription[] { new(10, Activation.Gelu), new(8, Activation.Silu), new(3) }, LossFunction.Huber, 0.5),
            new("EluLeakySoftplusSoftmax", 9, new LayerDescription[] { new(8, Activation.Elu), new(11, Activation.LeakyReLU, 0.1), new(6, Activation.Softplus), new(4, Activation.Softmax) }, LossFunction.CrossEntropy),
            new("SigmoidReluSoftmax", 3, new LayerDescription[] { new(5, Activation.Sigmoid), new(24, Activation.ReLU), new(3, Activation.Softmax) }, LossFunction.CrossEntropy),
            new("SoftplusBinaryCrossEntropy", 7, new LayerDescription[] { new(16, Activation.Softplus), new(2, Activation.Sigmoid) }, LossFunction.BinaryCrossEntropy),
            new("LeakyTanhMeanSquared", 13, new LayerDescription[] { new(8, Activation.LeakyReLU, 0.2), new(6, Activation.Tanh), new(1) }, LossFunction.MeanSquaredError),

            // One layer: looped, it is also the output layer, whose z alone the loop computes.
            new("SoftmaxOnly", 21, new LayerDescription[] { new(6, Activation.Softmax) }, LossFunction.CrossEntropy),

            // A hidden Softmax as the last looped layer (the unrolled part applies it) or an earlier one (the loops apply it).
            new("TanhSoftmaxHidden", 8, new LayerDescription[] { new(9, Activation.Tanh), new(7, Activation.Softmax), new(3) }),

            // Three Softmax layers, each looped in some variants (DG0016 rejected the default UnrollLimit's loops before).
            new("SoftmaxSandwich", 6, new LayerDescription[]
            {
                new(15, Activation.Softmax), new(14, Activation.Sigmoid), new(15, Activation.Softmax), new(10, Activation.Tanh), new(12, Activation.Softmax),
            }, LossFunction.CrossEntropy),
        };

        private static readonly NetworkDescription Mnist = new(
            "Mnist784x128x10", 784, new LayerDescription[] { new(128, Activation.ReLU), new(10, Activation.Softmax) }, LossFunction.CrossEntropy);

        private static readonly NetworkDescription Dense64 = new(
            "Dense64x64x10", 64, new LayerDescription[] { new(64, Activation.ReLU), new(10, Activation.Softmax) }, LossFunction.CrossEntropy);

        private static readonly Lazy<CompiledNetworks> Small = new(() =>
            CompiledNetworks.Build(SmallVariants().ToArray(), SmallNamespace, "DerivGen.LoopedNetworks"));

        /// <summary>The two large networks, generated at the default UnrollLimit, compiled once for the class.</summary>
        private static readonly Lazy<CompiledNetworks> Large = new(() =>
            CompiledNetworks.Build(new[] { Mnist, Dense64 }, LargeNamespace, "DerivGen.LargeLoopedNetworks"));

        private readonly ITestOutputHelper output;

        public LoopedLayerTests(ITestOutputHelper output) => this.output = output;

        /// <summary>Every (network, precision, number of looped layers) compared with the fully unrolled network.</summary>
        public static TheoryData<string, Precision, int> LoopedVariants
        {
            get
            {
                var data = new TheoryData<string, Precision, int>();
                foreach (NetworkDescription network in Bases)
                {
                    foreach (Precision precision in new[] { Precision.Double, Precision.Single })
                    {
                        foreach (int looped in LoopedCounts(network))
                        {
                            data.Add(network.Name, precision, looped);
                        }
                    }
                }

                return data;
            }
        }

        // ---------------------------------------------------------------------------------------------------------------
        // (a) Looped and unrolled forms of the same network agree.

        [Fact]
        public void SmallNetworksGenerateWithTheExpectedLayersLooped()
        {
            CompiledNetworks compiled = Small.Value;
            Assert.Null(compiled.Run.Exception);
            Assert.True(compiled.Run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.Run.GeneratorDiagnostics));
            Assert.True(compiled.Problems.Count == 0, string.Join("\n", compiled.Problems.Select(p => p.Key + ": " + p.Value)));
            Assert.True(compiled.CompilerDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.CompilerDiagnostics.Take(20)));

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Vector<double>.Count = {System.Numerics.Vector<double>.Count}, Vector<float>.Count = {System.Numerics.Vector<float>.Count}; {compiled.Run.Sources.Length} networks, {compiled.Run.Sources.Sum(f => f.Text.Split('\n').Length)} generated lines"));
            foreach (NetworkDescription variant in SmallVariants())
            {
                // The variant's limit puts exactly `looped` layers before the unrolled part (Σ of the later layers'
                // weights = the limit, and one more layer passes it); the fully unrolled one's limit is the total, which is
                // "at most", so nothing is looped.
                int expected = LoopedCountOf(variant);

                // Each looped layer computes z with one DenseKernels.Affine call (this runtime is net8.0). Every looped layer
                // but the last then loops over its units for the activation, except a Softmax one, which has its own three
                // loops instead (first maximum, exponentials and their sum, normalisation).
                var hidden = variant.Layers.Take(Math.Max(expected - 1, 0)).ToList();
                int expectedLoops = hidden.Count(l => l.Activation != Activation.Softmax) + (3 * hidden.Count(l => l.Activation == Activation.Softmax));
                (int loops, int kernels) = LoopsInForward(compiled.Run, SmallNamespace, variant);
                Assert.True(
                    loops == expectedLoops && kernels == expected,
                    $"{variant}: expected {expected} looped layers in Forward ({expectedLoops} for-loops), found {loops} for-loops and {kernels} looped layers' z kernels");
            }
        }

        [Theory]
        [MemberData(nameof(LoopedVariants))]
        public void LoopedNetworkMatchesTheUnrolledOne(string baseName, Precision precision, int looped)
        {
            NetworkDescription network = Bases.Single(b => b.Name == baseName);
            NetworkDescription loopedVariant = Variant(network, precision, looped);
            NetworkDescription unrolledVariant = Variant(network, precision, 0);
            Api loopedApi = ApiOf(Small.Value, SmallNamespace, loopedVariant);
            Api unrolledApi = ApiOf(Small.Value, SmallNamespace, unrolledVariant);
            double u = UnitRoundoff(precision);
            double tolerance = LoopedToleranceInUlps * u;

            var comparison = new Comparison(tolerance, u);
            List<string> failures = comparison.Failures;
            void Compare(string what, IReadOnlyList<double> actual, IReadOnlyList<double> expected, int sample) => comparison.Compare(what, actual, expected, sample);

            for (int s = 0; s < SamplesPerNetwork; s++)
            {
                Sample sample = DrawSample(network, s, precision);

                Compare("Loss", new[] { loopedApi.Loss(sample) }, new[] { unrolledApi.Loss(sample) }, s);
                Compare("Forward", loopedApi.Forward(sample), unrolledApi.Forward(sample), s);

                (double loopedLoss, double[] loopedGradient) = loopedApi.Backward(sample);
                (double unrolledLoss, double[] unrolledGradient) = unrolledApi.Backward(sample);
                Compare("Backward's loss", new[] { loopedLoss }, new[] { unrolledLoss }, s);
                Compare("gradient", loopedGradient, unrolledGradient, s);
                foreach (var (name, start, length) in ParameterBlocks(network))
                {
                    Compare("gradient " + name, loopedGradient.AsSpan(start, length).ToArray(), unrolledGradient.AsSpan(start, length).ToArray(), s);
                }

                (double tracedLoss, double[] tracedGradient, double[] loopedTrace) = loopedApi.BackwardWithTrace(sample);
                (_, _, double[] unrolledTrace) = unrolledApi.BackwardWithTrace(sample);
                Assert.Equal(loopedLoss, tracedLoss);
                Assert.Equal(loopedGradient, tracedGradient);
                for (int l = 0; l < network.Layers.Count; l++)
                {
                    var loopedBlocks = new TraceBlocks(loopedTrace, network);
                    var unrolledBlocks = new TraceBlocks(unrolledTrace, network);
                    string layer = "layer " + (l + 1).ToString(CultureInfo.InvariantCulture);
                    Compare("trace z of " + layer, loopedBlocks.Z(l).ToArray(), unrolledBlocks.Z(l).ToArray(), s);
                    Compare("trace a of " + layer, loopedBlocks.A(l).ToArray(), unrolledBlocks.A(l).ToArray(), s);
                    Compare("trace dL/da of " + layer, loopedBlocks.DA(l).ToArray(), unrolledBlocks.DA(l).ToArray(), s);
                    Compare("trace dL/dz of " + layer, loopedBlocks.DZ(l).ToArray(), unrolledBlocks.DZ(l).ToArray(), s);
                }

                // BackwardAccumulate adds dL/dθ to what the buffer holds: against the buffer plus Backward's gradient (one
                // rounding of the sum, so within a few u of each entry), and looped against unrolled.
                double[] buffer = Gaussians(new Random(Seed + 7 + s), network.ParameterCount, 1.0);
                if (precision == Precision.Single)
                {
                    buffer = buffer.Select(v => (double)(float)v).ToArray();
                }

                (double accumulatedLoss, double[] accumulated) = loopedApi.BackwardAccumulate(sample, buffer);
                (_, double[] unrolledAccumulated) = unrolledApi.BackwardAccumulate(sample, buffer);
                Assert.Equal(loopedLoss, accumulatedLoss);
                for (int k = 0; k < buffer.Length; k++)
                {
                    double sum = precision == Precision.Single ? (float)buffer[k] + (float)loopedGradient[k] : buffer[k] + loopedGradient[k];
                    double allowed = 4 * u * (Math.Abs(buffer[k]) + Math.Abs(loopedGradient[k]));
                    if (!(Math.Abs(accumulated[k] - sum) <= allowed))
                    {
                        failures.Add(string.Create(
                            CultureInfo.InvariantCulture,
                            $"sample {s}, BackwardAccumulate entry {k}: {accumulated[k]:R}, but the buffer held {buffer[k]:R} and Backward gives {loopedGradient[k]:R}"));
                    }
                }

                Compare("BackwardAccumulate", accumulated, unrolledAccumulated, s);
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{loopedVariant} against {unrolledVariant.UnrollLimit} (unrolled): worst normwise difference {comparison.Worst:E2} = {comparison.Worst / u:F2} u in {comparison.WorstWhat}"));
            Assert.True(failures.Count == 0, $"{loopedVariant} against the fully unrolled network (tolerance {LoopedToleranceInUlps} u = {tolerance:E2}):\n  " + string.Join("\n  ", failures.Take(20)));
        }

        /// <summary>
        /// BackwardBatch computes z1 and adds the looped layers' dL/dW a block of rows at a time (matrix–matrix products over
        /// blocks of 16 rows for these small networks) and the rest row by row; its sums keep the rows' order, so it must give
        /// exactly what Backward gives row by row,
        /// added up in row order in the network's precision: compared with ==, for batches of 0 rows, of 1, of a block less
        /// one, of one block, and of two blocks and a part. A row dropped or counted twice, a block's products added to the
        /// wrong layer or from the wrong rows, or a buffer left over from the previous block would all show. BackwardBatchMean
        /// must be the same sums divided by the row count, also exactly (one correctly rounded division per entry).
        /// </summary>
        [Theory]
        [MemberData(nameof(LoopedVariants))]
        public void BackwardBatchIsBackwardAddedUpRowByRow(string baseName, Precision precision, int looped)
        {
            NetworkDescription network = Bases.Single(b => b.Name == baseName);
            NetworkDescription variant = Variant(network, precision, looped);
            Api api = ApiOf(Small.Value, SmallNamespace, variant);
            bool single = precision == Precision.Single;
            double Add(double sum, double term) => single ? (float)sum + (float)term : sum + term;
            double Divide(double sum, int rows) => single ? (float)sum / rows : sum / rows;

            var failures = new List<string>();
            foreach (int rows in new[] { 0, 1, 15, 16, 37 })
            {
                Sample[] samples = Enumerable.Range(0, rows).Select(r => DrawSample(network, 100 + r, precision)).ToArray();
                double[] parameters = DrawSample(network, 99, precision).Parameters;
                double[] inputs = samples.SelectMany(s => s.X).ToArray();
                double[] targets = samples.SelectMany(s => s.Y).ToArray();

                double expectedLoss = 0;
                var expected = new double[network.ParameterCount];
                foreach (Sample sample in samples)
                {
                    (double loss, double[] gradient) = api.Backward(sample with { Parameters = parameters });
                    expectedLoss = Add(expectedLoss, loss);
                    for (int k = 0; k < expected.Length; k++)
                    {
                        expected[k] = Add(expected[k], gradient[k]);
                    }
                }

                (double batchLoss, double[] batchGradient) = api.BackwardBatch(parameters, inputs, targets, rows);
                int different = Enumerable.Range(0, expected.Length).Count(k => batchGradient[k] != expected[k]);
                if (batchLoss != expectedLoss || different > 0)
                {
                    int k = Enumerable.Range(0, expected.Length).FirstOrDefault(k => batchGradient[k] != expected[k]);
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"{rows} rows: loss {batchLoss:R} vs {expectedLoss:R}; {different} gradient entries differ, e.g. [{k}] {batchGradient[k]:R} vs {expected[k]:R}"));
                }

                if (rows > 0)
                {
                    (double meanLoss, double[] meanGradient) = api.BackwardBatchMean(parameters, inputs, targets, rows);
                    int differentMeans = Enumerable.Range(0, expected.Length).Count(k => meanGradient[k] != Divide(batchGradient[k], rows));
                    if (meanLoss != Divide(batchLoss, rows) || differentMeans > 0)
                    {
                        failures.Add(string.Create(CultureInfo.InvariantCulture, $"{rows} rows: BackwardBatchMean's loss {meanLoss:R} vs {Divide(batchLoss, rows):R}; {differentMeans} gradient entries are not BackwardBatch's divided by {rows}"));
                    }
                }
            }

            Assert.True(failures.Count == 0, $"{variant}:\n  " + string.Join("\n  ", failures));
        }

        /// <summary>
        /// H·v, InputGradient and InputJacobian of the looped network against the same network fully unrolled, normwise per
        /// compared vector in units of u (<see cref="SecondOrderToleranceInUlps"/>); in double, H·v also against central
        /// differences of the looped Backward along v, with the step and bound argued in SecondOrderReferenceTests. The variants
        /// include Softmax layers that the loops apply themselves (LoopedSoftmax's tangents).
        /// </summary>
        [Theory]
        [MemberData(nameof(LoopedVariants))]
        public void LoopedSecondOrderAndInputMethodsMatchTheUnrolledOnes(string baseName, Precision precision, int looped)
        {
            NetworkDescription network = Bases.Single(b => b.Name == baseName);
            NetworkDescription loopedVariant = Variant(network, precision, looped);
            Sensitivities loopedApi = SensitivitiesOf(Small.Value, SmallNamespace, loopedVariant);
            Sensitivities unrolledApi = SensitivitiesOf(Small.Value, SmallNamespace, Variant(network, precision, 0));
            Assert.True(loopedApi.HessianVectorProduct is not null, $"{loopedVariant}: no HessianVectorProduct");
            double u = UnitRoundoff(precision);
            double tolerance = SecondOrderToleranceInUlps * u;

            var comparison = new Comparison(tolerance, u);
            List<string> failures = comparison.Failures;
            void Compare(string what, IReadOnlyList<double> actual, IReadOnlyList<double> expected, int sample) => comparison.Compare(what, actual, expected, sample);

            double worstDifference = 0;
            for (int s = 0; s < SamplesPerNetwork; s++)
            {
                Sample sample = DrawSample(network, s, precision);
                double[] v = Gaussians(new Random(Seed + 13 + s), network.ParameterCount, 1.0);
                if (precision == Precision.Single)
                {
                    v = v.Select(e => (double)(float)e).ToArray();
                }

                if (loopedApi.HessianVectorProduct is { } loopedProduct)
                {
                    (double loss, double[] gradient, double[] product) = loopedProduct(sample, v);
                    (double unrolledLoss, double[] unrolledGradient, double[] unrolledProduct) = unrolledApi.HessianVectorProduct!(sample, v);
                    Compare("H·v's loss", new[] { loss }, new[] { unrolledLoss }, s);
                    Compare("H·v's gradient", gradient, unrolledGradient, s);
                    Compare("H·v", product, unrolledProduct, s);
                    foreach (var (name, start, length) in ParameterBlocks(network))
                    {
                        Compare("H·v " + name, product.AsSpan(start, length).ToArray(), unrolledProduct.AsSpan(start, length).ToArray(), s);
                    }

                    NetworkFunctions? f = precision == Precision.Double ? Small.Value.Get(loopedVariant.Name) : null;
                    if (f is not null && !SecondOrderReferenceTests.NearKink(network, f, sample.Parameters, sample.X, sample.Y))
                    {
                        // As SecondOrderReferenceTests: v scaled to ‖v‖∞ = 1, h = 1e-6·max(1, ‖θ‖∞), relative to max(‖H·v‖∞, 1e-2·max(1, ‖g‖∞)).
                        double largest = v.Max(Math.Abs);
                        double[] unit = v.Select(e => e / largest).ToArray();
                        double[] unitProduct = product.Select(e => e / largest).ToArray();
                        double h = SecondOrderReferenceTests.RelativeStep * Math.Max(1, sample.Parameters.Max(Math.Abs));
                        double[] central = SecondOrderReferenceTests.CentralDifference(f, sample.Parameters, sample.X, sample.Y, unit, h);
                        double error = ErrorMetrics.Normwise(central, unitProduct, 1e-2 * Math.Max(1, gradient.Max(Math.Abs)));
                        worstDifference = Math.Max(worstDifference, error);
                        if (!(error <= SecondOrderReferenceTests.DifferenceTolerance))
                        {
                            failures.Add(string.Create(CultureInfo.InvariantCulture, $"sample {s}: H·v against central differences of Backward, {error:E2}"));
                        }
                    }
                }

                (double inputLoss, double[] inputGradient) = loopedApi.InputGradient(sample);
                (double unrolledInputLoss, double[] unrolledInputGradient) = unrolledApi.InputGradient(sample);
                Compare("InputGradient's loss", new[] { inputLoss }, new[] { unrolledInputLoss }, s);
                Compare("dL/dx", inputGradient, unrolledInputGradient, s);

                (double[] jacobianOutput, double[] jacobian) = loopedApi.InputJacobian(sample);
                (double[] unrolledJacobianOutput, double[] unrolledJacobian) = unrolledApi.InputJacobian(sample);
                Compare("InputJacobian's output", jacobianOutput, unrolledJacobianOutput, s);
                Compare("∂a_out/∂x", jacobian, unrolledJacobian, s);
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{loopedVariant}: worst normwise difference from the unrolled network {comparison.Worst:E2} = {comparison.Worst / u:F2} u in {comparison.WorstWhat}; H·v against central differences {worstDifference:E2}"));
            Assert.True(failures.Count == 0, $"{loopedVariant} against the fully unrolled network (tolerance {SecondOrderToleranceInUlps} u = {tolerance:E2}):\n  " + string.Join("\n  ", failures.Take(20)));
        }

        /// <summary>
        /// The single-sample HessianVectorProduct writes every entry of its gradient and product spans, whatever they held:
        /// its body writes the looped layers' weights and adds everything else, which the method clears first. Spans that
        /// start as NaN must come out bit for bit as spans that start at 0; an entry the body adds to but the method does not
        /// clear, or one nothing writes, stays NaN.
        /// </summary>
        [Theory]
        [MemberData(nameof(LoopedVariants))]
        public void LoopedHessianVectorProductOverwritesWhatItsSpansHeld(string baseName, Precision precision, int looped)
        {
            NetworkDescription network = Bases.Single(b => b.Name == baseName);
            NetworkDescription variant = Variant(network, precision, looped);
            var fromZero = SensitivitiesOf(Small.Value, SmallNamespace, variant).HessianVectorProduct;
            var fromNaN = SensitivitiesOf(Small.Value, SmallNamespace, variant, initial: double.NaN).HessianVectorProduct;
            Assert.True(fromZero is not null && fromNaN is not null, $"{variant}: no HessianVectorProduct");
            static bool Same(double[] a, double[] b) => a.Zip(b).All(pair => BitConverter.DoubleToInt64Bits(pair.First) == BitConverter.DoubleToInt64Bits(pair.Second));
            for (int s = 0; s < SamplesPerNetwork; s++)
            {
                Sample sample = DrawSample(network, s, precision);
                double[] v = Gaussians(new Random(Seed + 13 + s), network.ParameterCount, 1.0);
                (double loss, double[] gradient, double[] product) = fromZero!(sample, v);
                (double overwrittenLoss, double[] overwrittenGradient, double[] overwrittenProduct) = fromNaN!(sample, v);
                Assert.True(ErrorMetrics.AllFinite(gradient) && ErrorMetrics.AllFinite(product), $"{variant}, sample {s}: not finite from zeroed spans");
                Assert.Equal(loss, overwrittenLoss);
                int[] left = Enumerable.Range(0, gradient.Length).Where(k => double.IsNaN(overwrittenGradient[k]) || double.IsNaN(overwrittenProduct[k])).ToArray();
                Assert.True(left.Length == 0, $"{variant}, sample {s}: NaN left at θ[{string.Join(", ", left.Take(10))}]");
                Assert.True(Same(gradient, overwrittenGradient) && Same(product, overwrittenProduct), $"{variant}, sample {s}: the result depends on what the spans held");
            }
        }

        // ---------------------------------------------------------------------------------------------------------------
        // (b) 784-128-10 at the default limit.

        [Fact]
        public void Mnist784x128x10BuildsWithoutDiagnosticsAndLoopsItsFirstLayer()
        {
            CompiledNetworks compiled = Large.Value;
            Assert.Null(compiled.Run.Exception);
            Assert.True(compiled.Run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.Run.GeneratorDiagnostics));
            Assert.True(compiled.Problems.Count == 0, string.Join("\n", compiled.Problems.Select(p => p.Key + ": " + p.Value)));
            Assert.True(compiled.CompilerDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.CompilerDiagnostics.Take(20)));

            // 100352 weights cannot be unrolled at the default limit: layer 1 is looped, its z one DenseKernels.Affine call
            // and its ReLU a loop over the units; layer 2 (1290 weights, past the limit of 640 too) is the last looped one.
            (int loops, int kernels) = LoopsInForward(compiled.Run, LargeNamespace, Mnist);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Mnist}: Forward has {loops} for-loops and {kernels} looped layers' z kernels; generated {GeneratedText(compiled.Run, LargeNamespace, Mnist.Name).Split('\n').Length} lines"));
            Assert.InRange(kernels, 1, 2);
            Assert.Equal(kernels - 1, loops);
        }

        [Fact]
        public void Mnist784x128x10GradientAgreesWithCentralDifferencesOnSampledParameters()
        {
            NetworkFunctions f = Large.Value.Get(Mnist.Name);
            Sample sample = LargeSample(Mnist, seed: 1, softTarget: false);
            var random = new Random(Seed + 2);
            double[] z1 = HiddenPreActivations(f, Mnist, sample);

            // 160 entries of W1, 64 of b1, 100 of W2 and all 10 of b2: 334 parameters, each block drawn at random without
            // repetition; W1 and b1 entries of a unit within KinkMargin of its ReLU kink are redrawn.
            int hidden = Mnist.Layers[0].Units, inputs = Mnist.Inputs, outputs = Mnist.OutputCount;
            var chosen = new SortedSet<int>();
            int b1 = hidden * inputs, w2 = b1 + hidden, b2 = w2 + (outputs * hidden);
            Draw(chosen, random, 160, () => random.Next(0, b1), k => Math.Abs(z1[k / inputs]) >= KinkMargin);
            Draw(chosen, random, 64, () => b1 + random.Next(0, hidden), k => Math.Abs(z1[k - b1]) >= KinkMargin);
            Draw(chosen, random, 100, () => w2 + random.Next(0, outputs * hidden), _ => true);
            Draw(chosen, random, 10, () => b2 + random.Next(0, outputs), _ => true);
            Assert.True(chosen.Count >= 300);

            AssertAgreesWithCentralDifferences(f, Mnist, sample, chosen.ToArray());
        }

        [Fact]
        public void Mnist784x128x10AgreesWithATextbookImplementation()
        {
            NetworkFunctions f = Large.Value.Get(Mnist.Name);
            foreach (bool soft in new[] { false, true })
            {
                Sample sample = LargeSample(Mnist, seed: soft ? 4 : 3, softTarget: soft);
                var gradient = new double[f.ParameterCount];
                double loss = f.Backward(sample.Parameters, sample.X, sample.Y, gradient);
                var expected = new double[f.ParameterCount];
                double expectedLoss = TextbookBackward(Mnist.Inputs, Mnist.Layers[0].Units, Mnist.OutputCount, sample.Parameters, sample.X, sample.Y, expected);

                double gradientError = ErrorMetrics.Normwise(gradient, expected);
                double lossError = ErrorMetrics.Relative(loss, expectedLoss);
                int worst = ErrorMetrics.WorstIndex(gradient, expected);
                string report = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{(soft ? "soft" : "one-hot")} target: loss {loss:R} vs {expectedLoss:R} (relative {lossError:E2}); gradient normwise {gradientError:E2}, worst entry {worst}: {gradient[worst]:R} vs {expected[worst]:R}");
                output.WriteLine(report);
                Assert.True(lossError <= TextbookTolerance && gradientError <= TextbookTolerance, report);
            }
        }

        // ---------------------------------------------------------------------------------------------------------------
        // (c) No allocation.

        [Fact]
        public void Mnist784x128x10BackwardAndBackwardBatchMeanAllocateNothing()
        {
            CompiledNetworks compiled = Large.Value;
            NetworkFunctions f = compiled.Get(Mnist.Name);
            Type type = compiled.Assembly!.GetType(LargeNamespace + "." + Mnist.Name);
            var batchMean = CollectibleAssembly.StaticMethod<BackwardBatchDelegate>(type, "BackwardBatchMean");
            const int Rows = 4;
            Sample sample = LargeSample(Mnist, seed: 5, softTarget: false);
            double[] inputs = Enumerable.Range(0, Rows).SelectMany(r => sample.X.Select(v => (v + (0.1 * r)) % 1.0)).ToArray();
            double[] targets = Enumerable.Range(0, Rows).SelectMany(r => Enumerable.Range(0, Mnist.OutputCount).Select(k => k == r ? 1.0 : 0.0)).ToArray();
            var gradient = new double[f.ParameterCount];

            // Warm up: the JIT's tiers and any one-time initialisation.
            double sink = 0;
            for (int i = 0; i < 50; i++)
            {
                sink += f.Backward(sample.Parameters, sample.X, sample.Y, gradient);
                sink += batchMean(sample.Parameters, inputs, targets, Rows, gradient);
            }

            long backwardBytes = AllocationMeter.LeastBytes(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    sink += f.Backward(sample.Parameters, sample.X, sample.Y, gradient);
                }
            });
            long batchBytes = AllocationMeter.LeastBytes(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    sink += batchMean(sample.Parameters, inputs, targets, Rows, gradient);
                }
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1000 × Backward: {backwardBytes} bytes; 1000 × BackwardBatchMean({Rows} rows): {batchBytes} bytes (sink {sink:E3})"));
            Assert.True(double.IsFinite(sink));
            Assert.Equal(0, backwardBytes);
            Assert.Equal(0, batchBytes);
        }

        // ---------------------------------------------------------------------------------------------------------------
        // (d) 64-64-10 at the default limit.

        [Fact]
        public void Dense64x64x10GradientAgreesWithCentralDifferencesOnEveryParameter()
        {
            NetworkFunctions f = Large.Value.Get(Dense64.Name);
            (int loops, int looped) = LoopsInForward(Large.Value.Run, LargeNamespace, Dense64);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Dense64}: Forward has {looped} looped layers and {loops} for-loops at the default UnrollLimit"));
            Assert.Equal(1, looped);

            // Redraw until no hidden unit is within KinkMargin of its kink; then every parameter can be differenced.
            for (int seed = 10; ; seed++)
            {
                Sample sample = LargeSample(Dense64, seed, softTarget: false);
                if (HiddenPreActivations(f, Dense64, sample).All(z => Math.Abs(z) >= KinkMargin))
                {
                    AssertAgreesWithCentralDifferences(f, Dense64, sample, Enumerable.Range(0, f.ParameterCount).ToArray());

                    var expected = new double[f.ParameterCount];
                    double expectedLoss = TextbookBackward(Dense64.Inputs, Dense64.Layers[0].Units, Dense64.OutputCount, sample.Parameters, sample.X, sample.Y, expected);
                    var gradient = new double[f.ParameterCount];
                    double loss = f.Backward(sample.Parameters, sample.X, sample.Y, gradient);
                    Assert.True(ErrorMetrics.Relative(loss, expectedLoss) <= TextbookTolerance, $"loss {loss:R} vs textbook {expectedLoss:R}");
                    Assert.True(ErrorMetrics.Normwise(gradient, expected) <= TextbookTolerance, $"gradient normwise {ErrorMetrics.Normwise(gradient, expected):E2} from the textbook one");
                    return;
                }

                Assert.True(seed < 200, "No 64-64-10 sample away from the ReLU kinks in 190 draws.");
            }
        }

        [Fact]
        public void Dense64x64x10SecondOrderAndInputMethodsAgreeWithCentralDifferences()
        {
            CompiledNetworks compiled = Large.Value;
            NetworkFunctions f = compiled.Get(Dense64.Name);
            SensitivityFunctions s = SensitivityFunctions.Of(compiled, LargeNamespace, Dense64.Name);
            Sample sample = Enumerable.Range(20, 180).Select(seed => LargeSample(Dense64, seed, softTarget: true))
                .First(candidate => HiddenPreActivations(f, Dense64, candidate).All(z => Math.Abs(z) >= KinkMargin));

            // H·v along two directions against central differences of Backward, as SecondOrderReferenceTests argues its bound.
            var random = new Random(Seed + 3);
            var gradient = new double[f.ParameterCount];
            f.Backward(sample.Parameters, sample.X, sample.Y, gradient);
            double h = SecondOrderReferenceTests.RelativeStep * Math.Max(1, sample.Parameters.Max(Math.Abs));
            double floor = 1e-2 * Math.Max(1, gradient.Max(Math.Abs));
            for (int d = 0; d < 2; d++)
            {
                double[] v = SecondOrderReferenceTests.UnitDirection(random, f.ParameterCount);
                double[] product = s.Product(sample.Parameters, sample.X, sample.Y, v);
                double[] central = SecondOrderReferenceTests.CentralDifference(f, sample.Parameters, sample.X, sample.Y, v, h);
                double error = ErrorMetrics.Normwise(central, product, floor);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Dense64} direction {d}: H·v against central differences, normwise {error:E2}"));
                Assert.True(error <= SecondOrderReferenceTests.DifferenceTolerance, string.Create(CultureInfo.InvariantCulture, $"direction {d}: {error:E2}"));
            }

            // dL/dx and ∂a_out/∂x against central differences in x (step 1e-5, x in [0, 1)), with the bound argued at
            // FiniteDifferenceTolerance: the step moves each z1 by at most 1e-5·max|W1| ≪ KinkMargin, so no kink is crossed.
            var inputGradient = new double[f.InputCount];
            s.InputGradient(sample.Parameters, sample.X, sample.Y, inputGradient);
            var jacobianOutput = new double[f.OutputCount];
            var jacobian = new double[f.OutputCount * f.InputCount];
            s.InputJacobian(sample.Parameters, sample.X, jacobianOutput, jacobian);
            Assert.Equal(f.ForwardToArray(sample.Parameters, sample.X), jacobianOutput, (a, b) => Math.Abs(a - b) <= 1e-15);
            var centralGradient = new double[f.InputCount];
            var centralJacobian = new double[f.OutputCount * f.InputCount];
            double[] x = (double[])sample.X.Clone();
            for (int j = 0; j < f.InputCount; j++)
            {
                const double Step = 1e-5;
                double original = x[j];
                x[j] = original + Step;
                double lossPlus = f.Loss(sample.Parameters, x, sample.Y);
                double[] outputPlus = f.ForwardToArray(sample.Parameters, x);
                x[j] = original - Step;
                double lossMinus = f.Loss(sample.Parameters, x, sample.Y);
                double[] outputMinus = f.ForwardToArray(sample.Parameters, x);
                x[j] = original;
                centralGradient[j] = (lossPlus - lossMinus) / (2 * Step);
                for (int i = 0; i < f.OutputCount; i++)
                {
                    centralJacobian[(i * f.InputCount) + j] = (outputPlus[i] - outputMinus[i]) / (2 * Step);
                }
            }

            double gradientError = ErrorMetrics.Normwise(centralGradient, inputGradient, FiniteDifferenceFloor);
            double jacobianError = ErrorMetrics.Normwise(centralJacobian, jacobian, FiniteDifferenceFloor);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Dense64}: dL/dx against central differences {gradientError:E2}, ∂a_out/∂x {jacobianError:E2}"));
            Assert.True(gradientError <= FiniteDifferenceTolerance, string.Create(CultureInfo.InvariantCulture, $"dL/dx: {gradientError:E2}"));
            Assert.True(jacobianError <= FiniteDifferenceTolerance, string.Create(CultureInfo.InvariantCulture, $"∂a_out/∂x: {jacobianError:E2}"));
        }

        [Fact]
        public void Mnist784x128x10SecondOrderAndInputMethodsAllocateNothing()
        {
            SensitivityFunctions s = SensitivityFunctions.Of(Large.Value, LargeNamespace, Mnist.Name);
            Sample sample = LargeSample(Mnist, seed: 6, softTarget: false);
            double[] v = SecondOrderReferenceTests.UnitDirection(new Random(Seed + 4), Mnist.ParameterCount);
            var gradient = new double[Mnist.ParameterCount];
            var product = new double[Mnist.ParameterCount];
            var inputGradient = new double[Mnist.Inputs];
            var forward = new double[Mnist.OutputCount];
            var jacobian = new double[Mnist.OutputCount * Mnist.Inputs];
            double sink = 0;
            void Run()
            {
                sink += s.HessianVectorProduct(sample.Parameters, sample.X, sample.Y, v, gradient, product);
                sink += s.InputGradient(sample.Parameters, sample.X, sample.Y, inputGradient);
                s.InputJacobian(sample.Parameters, sample.X, forward, jacobian);
                sink += jacobian[0];
            }

            for (int i = 0; i < 50; i++)
            {
                Run(); // the JIT's tiers and any one-time initialisation
            }

            long bytes = AllocationMeter.LeastBytes(() =>
            {
                for (int i = 0; i < 200; i++)
                {
                    Run();
                }
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"200 × (HessianVectorProduct, InputGradient, InputJacobian) of {Mnist}: {bytes} bytes (sink {sink:E3})"));
            Assert.True(double.IsFinite(sink));
            Assert.Equal(0, bytes);
        }

        // ---------------------------------------------------------------------------------------------------------------
        // Helpers.

        private void AssertAgreesWithCentralDifferences(NetworkFunctions f, NetworkDescription network, Sample sample, int[] indices)
        {
            var gradient = new double[f.ParameterCount];
            f.Backward(sample.Parameters, sample.X, sample.Y, gradient);
            Assert.True(ErrorMetrics.AllFinite(gradient), $"{network}: non-finite gradient");
            var theta = (double[])sample.Parameters.Clone();

            var failures = new List<string>();
            foreach (var (name, start, length) in ParameterBlocks(network))
            {
                int[] block = indices.Where(k => k >= start && k < start + length).ToArray();
                var central = new double[block.Length];
                var backward = new double[block.Length];
                for (int n = 0; n < block.Length; n++)
                {
                    int k = block[n];
                    double original = theta[k];
                    double h = 1e-5 * Math.Max(1.0, Math.Abs(original));
                    double plus = original + h, minus = original - h;
                    theta[k] = plus;
                    double lossPlus = f.Loss(theta, sample.X, sample.Y);
                    theta[k] = minus;
                    double lossMinus = f.Loss(theta, sample.X, sample.Y);
                    theta[k] = original;
                    central[n] = (lossPlus - lossMinus) / (plus - minus);
                    backward[n] = gradient[k];
                }

                double error = ErrorMetrics.Normwise(central, backward, FiniteDifferenceFloor);
                int worst = ErrorMetrics.WorstIndex(central, backward);
                string where = block.Length == 0 ? string.Empty : string.Create(
                    CultureInfo.InvariantCulture, $", worst θ[{block[worst]}]: backward {backward[worst]:R}, central {central[worst]:R}");
                string line = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{network.Name} {name}: {block.Length} entries, max |g| {backward.Select(Math.Abs).DefaultIfEmpty(0).Max():E2}, normwise error {error:E2}{where}");
                output.WriteLine(line);
                if (!(error <= FiniteDifferenceTolerance))
                {
                    failures.Add(line);
                }
            }

            Assert.True(failures.Count == 0, $"Central differences disagree (tolerance {FiniteDifferenceTolerance:E0}):\n  " + string.Join("\n  ", failures));
        }

        /// <summary>
        /// The textbook forward and backward pass of inputs → Dense(hidden, ReLU) → Dense(outputs, Softmax), cross-entropy
        /// L = −Σ_k y_k log a_k, in plain nested loops: z1 = W1·x + b1, a1 = max(z1, 0), z2 = W2·a1 + b2,
        /// log a_k = z2_k − m − log Σ_j e^(z2_j − m), dL/dz2 = a·Σy − y, dL/dW2 = dL/dz2·a1ᵀ, dL/da1 = W2ᵀ·dL/dz2,
        /// dL/dz1 = dL/da1 ⊙ [z1 &gt; 0], dL/dW1 = dL/dz1·xᵀ. Writes dL/dθ in the generated layout and returns L.
        /// </summary>
        private static double TextbookBackward(int inputs, int hidden, int outputs, double[] theta, double[] x, double[] y, double[] gradient)
        {
            int w1 = 0, b1 = hidden * inputs, w2 = b1 + hidden, b2 = w2 + (outputs * hidden);
            var z1 = new double[hidden];
            var a1 = new double[hidden];
            for (int i = 0; i < hidden; i++)
            {
                double z = theta[b1 + i];
                for (int j = 0; j < inputs; j++)
                {
                    z += theta[w1 + (i * inputs) + j] * x[j];
                }

                z1[i] = z;
                a1[i] = z > 0 ? z : 0.0;
            }

            var z2 = new double[outputs];
            for (int k = 0; k < outputs; k++)
            {
                double z = theta[b2 + k];
                for (int i = 0; i < hidden; i++)
                {
                    z += theta[w2 + (k * hidden) + i] * a1[i];
                }

                z2[k] = z;
            }

            double m = z2.Max();
            double sum = z2.Sum(z => Math.Exp(z - m));
            double logSum = Math.Log(sum);
            double loss = 0, targetSum = 0;
            var a2 = new double[outputs];
            for (int k = 0; k < outputs; k++)
            {
                double logA = z2[k] - m - logSum;
                a2[k] = Math.Exp(logA);
                loss -= y[k] * logA;
                targetSum += y[k];
            }

            var dz2 = new double[outputs];
            var da1 = new double[hidden];
            for (int k = 0; k < outputs; k++)
            {
                dz2[k] = (a2[k] * targetSum) - y[k];
                gradient[b2 + k] = dz2[k];
                for (int i = 0; i < hidden; i++)
                {
                    gradient[w2 + (k * hidden) + i] = dz2[k] * a1[i];
                    da1[i] += theta[w2 + (k * hidden) + i] * dz2[k];
                }
            }

            for (int i = 0; i < hidden; i++)
            {
                double dz1 = z1[i] > 0 ? da1[i] : 0.0;
                gradient[b1 + i] = dz1;
                for (int j = 0; j < inputs; j++)
                {
                    gradient[w1 + (i * inputs) + j] = dz1 * x[j];
                }
            }

            return loss;
        }

        /// <summary>θ ~ N(0, 0.05²), x uniform in [0, 1), y one-hot (or, soft, positive weights summing to 1.3).</summary>
        private static Sample LargeSample(NetworkDescription network, int seed, bool softTarget)
        {
            var random = new Random(Seed + (1000 * seed));
            double[] parameters = Gaussians(random, network.ParameterCount, 0.05);
            double[] x = Enumerable.Range(0, network.Inputs).Select(_ => random.NextDouble()).ToArray();
            double[] y;
            if (softTarget)
            {
                double[] weights = Enumerable.Range(0, network.OutputCount).Select(_ => random.NextDouble()).ToArray();
                double total = weights.Sum();
                y = weights.Select(w => 1.3 * w / total).ToArray();
            }
            else
            {
                int label = random.Next(network.OutputCount);
                y = Enumerable.Range(0, network.OutputCount).Select(k => k == label ? 1.0 : 0.0).ToArray();
            }

            return new Sample(parameters, x, y);
        }

        private static double[] HiddenPreActivations(NetworkFunctions f, NetworkDescription network, Sample sample)
        {
            var trace = new double[f.TraceLength];
            f.BackwardWithTrace(sample.Parameters, sample.X, sample.Y, new double[f.ParameterCount], trace);
            return new TraceBlocks(trace, network).Z(0).ToArray();
        }

        private static void Draw(SortedSet<int> chosen, Random random, int count, Func<int> next, Func<int, bool> usable)
        {
            int added = 0;
            for (int attempt = 0; added < count; attempt++)
            {
                Assert.True(attempt < 100 * count, "Too few parameters away from the ReLU kinks.");
                int k = next();
                if (usable(k) && chosen.Add(k))
                {
                    added++;
                }
            }
        }

        /// <summary>The network with every layer unrolled (looped = 0: UnrollLimit = all its weights) or <paramref name="looped"/> layers looped.</summary>
        /// <remarks>
        /// The fully unrolled variant, against which the looped ones are compared, has no batch methods: the tests call them
        /// only on looped variants, and leaving out its lane form took this class from 58 s to 50 s of CPU.
        /// </remarks>
        private static NetworkDescription Variant(NetworkDescription network, Precision precision, int looped) => network with
        {
            Name = network.Name + (precision == Precision.Single ? "_S" : "_D") + (looped == 0 ? "_Unrolled" : "_Looped" + looped.ToString(CultureInfo.InvariantCulture)),
            Precision = precision,
            UnrollLimit = TailWeights(network, looped),
            Methods = looped == 0 ? NetworkMethods.All & ~NetworkMethods.Batches : NetworkMethods.All,
        };

        /// <summary>Σ of the weights of layers <paramref name="looped"/>+1 to the last (1-based): the largest limit that still loops <paramref name="looped"/> layers.</summary>
        private static int TailWeights(NetworkDescription network, int looped) =>
            Enumerable.Range(looped, network.Layers.Count - looped).Sum(l => network.Layers[l].Units * network.LayerInputs[l]);

        /// <summary>The rule, restated: the unrolled part is the longest run of layers from the output whose weights add up to at most the limit.</summary>
        private static int LoopedCountOf(NetworkDescription network)
        {
            long unrolled = 0;
            for (int l = network.Layers.Count - 1; l >= 0; l--)
            {
                unrolled += network.Layers[l].Units * network.LayerInputs[l];
                if (unrolled > network.UnrollLimit)
                {
                    return l + 1;
                }
            }

            return 0;
        }

        /// <summary>1 to all layers, except that a hidden Softmax layer may only be the last looped one.</summary>
        private static IEnumerable<int> LoopedCounts(NetworkDescription network)
        {
            for (int looped = 1; looped <= network.Layers.Count; looped++)
            {
                yield return looped;
            }
        }

        private static IEnumerable<NetworkDescription> SmallVariants()
        {
            foreach (NetworkDescription network in Bases)
            {
                foreach (Precision precision in new[] { Precision.Double, Precision.Single })
                {
                    yield return Variant(network, precision, 0);
                    foreach (int looped in LoopedCounts(network))
                    {
                        yield return Variant(network, precision, looped);
                    }
                }
            }
        }

        private static IEnumerable<(string Name, int Start, int Length)> ParameterBlocks(NetworkDescription network)
        {
            for (int l = 0; l < network.Layers.Count; l++)
            {
                int start = network.ParameterOffset(l);
                int weights = network.Layers[l].Units * network.LayerInputs[l];
                string n = (l + 1).ToString(CultureInfo.InvariantCulture);
                yield return ("W" + n, start, weights);
                yield return ("b" + n, start + weights, network.Layers[l].Units);
            }
        }

        private static string GeneratedText(GeneratorRun run, string namespaceName, string className) =>
            run.Source(namespaceName + "." + className + ".DerivGen.g.cs").Text;

        /// <summary>The for-statements and VectorMath.Dot calls in the generated static Forward(parameters, input, output).</summary>
        /// <summary>
        /// The for-loops in the static Forward, and the number of leading layers whose z is a DenseKernels.Affine call
        /// straight into that layer's z buffer before any layer is unrolled: the looped layers (a SIMD-form unrolled layer
        /// calls Affine too, but only after the unrolled part's buffers are declared).
        /// </summary>
        private static (int Loops, int LoopedKernels) LoopsInForward(GeneratorRun run, string namespaceName, NetworkDescription network)
        {
            SyntaxNode root = CSharpSyntaxTree.ParseText(GeneratedText(run, namespaceName, network.Name), GeneratorHarness.ParseOptions).GetRoot();
            MethodDeclarationSyntax forward = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Single(m => m.Identifier.ValueText == "Forward" && m.ParameterList.Parameters.Count == 3 && m.Modifiers.Any(SyntaxKind.StaticKeyword));
            int loops = forward.DescendantNodes().OfType<ForStatementSyntax>().Count();
            string[] affineTargets = forward.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Where(i => i.Expression.ToString().EndsWith("DenseKernels.Affine", StringComparison.Ordinal))
                .Select(i => i.ArgumentList.Arguments[3].ToString())
                .ToArray();
            string forwardText = forward.ToString();
            int looped = 0;
            int offset = 0;
            while (looped < network.Layers.Count && looped < affineTargets.Length && affineTargets[looped] == "z" + (looped + 1).ToString(CultureInfo.InvariantCulture)
                && forwardText.Contains(FormattableString.Invariant($"DenseKernels.Affine(parameters.Slice({offset}, "), StringComparison.Ordinal)
                && IsLoopedHeader(forward, looped + 1))
            {
                offset += network.Layers[looped].Units * (network.LayerInputs[looped] + 1);
                looped++;
            }

            return (loops, looped);
        }

        /// <summary>Whether Forward's comment for layer <paramref name="layerNumber"/> says it is looped.</summary>
        private static bool IsLoopedHeader(MethodDeclarationSyntax forward, int layerNumber) =>
            forward.DescendantTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)
                && t.ToString().StartsWith($"// Forward · Layer {layerNumber.ToString(CultureInfo.InvariantCulture)}: ", StringComparison.Ordinal)
                && t.ToString().Contains("(looped: ", StringComparison.Ordinal));

        private static double UnitRoundoff(Precision precision) => precision == Precision.Single ? Math.Pow(2, -24) : Math.Pow(2, -53);

        /// <summary>
        /// θ ~ N(0, 0.5²), x ~ N(0, 1), and a target the loss accepts: N(0, 1) for the regression losses, uniform [0, 1)
        /// for binary cross-entropy, positive weights summing to 1 for cross-entropy. In float, every value rounded to float.
        /// </summary>
        private static Sample DrawSample(NetworkDescription network, int index, Precision precision)
        {
            var random = new Random(Seed + (31 * index) + network.Name.Length);
            double[] parameters = Gaussians(random, network.ParameterCount, 0.5);
            double[] x = Gaussians(random, network.Inputs, 1.0);
            double[] y = network.Loss switch
            {
                LossFunction.BinaryCrossEntropy => Enumerable.Range(0, network.OutputCount).Select(_ => random.NextDouble()).ToArray(),
                LossFunction.CrossEntropy => Normalised(Enumerable.Range(0, network.OutputCount).Select(_ => random.NextDouble()).ToArray()),
                _ => Gaussians(random, network.OutputCount, 1.0),
            };
            if (precision == Precision.Single)
            {
                static double[] Round(double[] values) => values.Select(v => (double)(float)v).ToArray();
                return new Sample(Round(parameters), Round(x), Round(y));
            }

            return new Sample(parameters, x, y);
        }

        private static double[] Normalised(double[] values)
        {
            double total = values.Sum();
            return values.Select(v => v / total).ToArray();
        }

        private static double[] Gaussians(Random random, int count, double sigma)
        {
            var values = new double[count];
            for (int i = 0; i < count; i++)
            {
                // Box-Muller; 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
                double u1 = 1.0 - random.NextDouble();
                double u2 = random.NextDouble();
                values[i] = sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            }

            return values;
        }

        /// <summary>The generated API of one small variant in either precision, in doubles (float results widened exactly).</summary>
        private static Api ApiOf(CompiledNetworks compiled, string namespaceName, NetworkDescription variant)
        {
            Type type = compiled.Assembly?.GetType(namespaceName + "." + variant.Name)
                ?? throw new Xunit.Sdk.XunitException("Nothing was emitted.");
            if (variant.Precision == Precision.Double)
            {
                NetworkFunctions f = compiled.Get(variant.Name);
                var accumulate = CollectibleAssembly.StaticMethod<BackwardDelegate>(type, "BackwardAccumulate");
                (double, double[]) Batch(BackwardBatchDelegate method, double[] parameters, double[] inputs, double[] targets, int rows)
                {
                    var g = new double[f.ParameterCount];
                    return (method(parameters, inputs, targets, rows, g), g);
                }

                // Bound when first called: the unrolled variants have no batch methods.
                var batch = new Lazy<BackwardBatchDelegate>(() => CollectibleAssembly.StaticMethod<BackwardBatchDelegate>(type, "BackwardBatch"));
                var batchMean = new Lazy<BackwardBatchDelegate>(() => CollectibleAssembly.StaticMethod<BackwardBatchDelegate>(type, "BackwardBatchMean"));
                return new Api(
                    s => f.Loss(s.Parameters, s.X, s.Y),
                    s => f.ForwardToArray(s.Parameters, s.X),
                    s =>
                    {
                        var g = new double[f.ParameterCount];
                        return (f.Backward(s.Parameters, s.X, s.Y, g), g);
                    },
                    s =>
                    {
                        var g = new double[f.ParameterCount];
                        var t = new double[f.TraceLength];
                        return (f.BackwardWithTrace(s.Parameters, s.X, s.Y, g, t), g, t);
                    },
                    (s, start) =>
                    {
                        var g = (double[])start.Clone();
                        return (accumulate(s.Parameters, s.X, s.Y, g), g);
                    },
                    (p, x, y, rows) => Batch(batch.Value, p, x, y, rows),
                    (p, x, y, rows) => Batch(batchMean.Value, p, x, y, rows));
            }

            SingleNetworkFunctions single = compiled.GetSingle(variant.Name);
            var singleAccumulate = CollectibleAssembly.StaticMethod<SingleBackwardDelegate>(type, "BackwardAccumulate");
            (double, double[]) SingleBatch(SingleBackwardBatchDelegate method, double[] parameters, double[] inputs, double[] targets, int rows)
            {
                var g = new float[single.ParameterCount];
                return (method(F(parameters), F(inputs), F(targets), rows, g), D(g));
            }

            var singleBatch = new Lazy<SingleBackwardBatchDelegate>(() => CollectibleAssembly.StaticMethod<SingleBackwardBatchDelegate>(type, "BackwardBatch"));
            var singleBatchMean = new Lazy<SingleBackwardBatchDelegate>(() => CollectibleAssembly.StaticMethod<SingleBackwardBatchDelegate>(type, "BackwardBatchMean"));
            static float[] F(double[] values) => values.Select(v => (float)v).ToArray();
            static double[] D(float[] values) => values.Select(v => (double)v).ToArray();
            return new Api(
                s => single.Loss(F(s.Parameters), F(s.X), F(s.Y)),
                s => D(single.ForwardToArray(F(s.Parameters), F(s.X))),
                s =>
                {
                    var g = new float[single.ParameterCount];
                    return (single.Backward(F(s.Parameters), F(s.X), F(s.Y), g), D(g));
                },
                s =>
                {
                    var g = new float[single.ParameterCount];
                    var t = new float[single.TraceLength];
                    return (single.BackwardWithTrace(F(s.Parameters), F(s.X), F(s.Y), g, t), D(g), D(t));
                },
                (s, start) =>
                {
                    float[] g = F(start);
                    return (singleAccumulate(F(s.Parameters), F(s.X), F(s.Y), g), D(g));
                },
                (p, x, y, rows) => SingleBatch(singleBatch.Value, p, x, y, rows),
                (p, x, y, rows) => SingleBatch(singleBatchMean.Value, p, x, y, rows));
        }

        /// <summary>The second-order and input methods of one small variant in either precision, in doubles; H·v null where none is generated.</summary>
        /// <param name="initial">What H·v's gradient and product spans hold before the call.</param>
        private static Sensitivities SensitivitiesOf(CompiledNetworks compiled, string namespaceName, NetworkDescription variant, double initial = 0)
        {
            // Fails with the reason when the network did not generate or compile.
            _ = variant.Precision == Precision.Double ? (object)compiled.Get(variant.Name) : compiled.GetSingle(variant.Name);
            Type type = compiled.Assembly!.GetType(namespaceName + "." + variant.Name)!;
            bool hasProduct = type.GetMethods().Any(m => m.IsStatic && m.Name == "HessianVectorProduct");
            int parameterCount = variant.ParameterCount, inputCount = variant.Inputs, outputCount = variant.OutputCount;
            if (variant.Precision == Precision.Double)
            {
                var product = hasProduct ? CollectibleAssembly.StaticMethod<HessianVectorProductDelegate>(type, "HessianVectorProduct") : null;
                var inputGradient = CollectibleAssembly.StaticMethod<InputGradientDelegate>(type, "InputGradient");
                var jacobian = CollectibleAssembly.StaticMethod<InputJacobianDelegate>(type, "InputJacobian");
                return new Sensitivities(
                    product is null ? null : (s, v) =>
                    {
                        var g = new double[parameterCount];
                        var p = new double[parameterCount];
                        Array.Fill(g, initial);
                        Array.Fill(p, initial);
                        return (product(s.Parameters, s.X, s.Y, v, g, p), g, p);
                    },
                    s =>
                    {
                        var dx = new double[inputCount];
                        return (inputGradient(s.Parameters, s.X, s.Y, dx), dx);
                    },
                    s =>
                    {
                        var o = new double[outputCount];
                        var j = new double[outputCount * inputCount];
                        jacobian(s.Parameters, s.X, o, j);
                        return (o, j);
                    });
            }

            var singleProduct = hasProduct ? CollectibleAssembly.StaticMethod<SingleHessianVectorProductDelegate>(type, "HessianVectorProduct") : null;
            var singleInputGradient = CollectibleAssembly.StaticMethod<SingleInputGradientDelegate>(type, "InputGradient");
            var singleJacobian = CollectibleAssembly.StaticMethod<SingleInputJacobianDelegate>(type, "InputJacobian");
            static float[] F(double[] values) => values.Select(v => (float)v).ToArray();
            static double[] D(float[] values) => values.Select(v => (double)v).ToArray();
            return new Sensitivities(
                singleProduct is null ? null : (s, v) =>
                {
                    var g = new float[parameterCount];
                    var p = new float[parameterCount];
                    Array.Fill(g, (float)initial);
                    Array.Fill(p, (float)initial);
                    return (singleProduct(F(s.Parameters), F(s.X), F(s.Y), F(v), g, p), D(g), D(p));
                },
                s =>
                {
                    var dx = new float[inputCount];
                    return (singleInputGradient(F(s.Parameters), F(s.X), F(s.Y), dx), D(dx));
                },
                s =>
                {
                    var o = new float[outputCount];
                    var j = new float[outputCount * inputCount];
                    singleJacobian(F(s.Parameters), F(s.X), o, j);
                    return (D(o), D(j));
                });
        }

        /// <summary>Normwise comparisons of looped against unrolled results: the failures past the tolerance and the worst difference.</summary>
        private sealed class Comparison
        {
            private readonly double tolerance;
            private readonly double u;

            public Comparison(double tolerance, double u)
            {
                this.tolerance = tolerance;
                this.u = u;
            }

            public List<string> Failures { get; } = new();

            public double Worst { get; private set; }

            public string WorstWhat { get; private set; } = "nothing";

            public void Compare(string what, IReadOnlyList<double> actual, IReadOnlyList<double> expected, int sample)
            {
                double error = ErrorMetrics.Normwise(actual, expected);
                if (!(error <= tolerance) || !ErrorMetrics.AllFinite(actual))
                {
                    int at = ErrorMetrics.WorstIndex(actual, expected);
                    Failures.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"sample {sample}, {what}: normwise {error:E2} = {error / u:F1} u; entry {at}: looped {actual[at]:R}, unrolled {expected[at]:R}"));
                }

                if (error > Worst || double.IsNaN(error))
                {
                    Worst = error;
                    WorstWhat = string.Create(CultureInfo.InvariantCulture, $"sample {sample}, {what}");
                }
            }
        }

        private sealed record Sample(double[] Parameters, double[] X, double[] Y);

        private sealed record Sensitivities(
            Func<Sample, double[], (double Loss, double[] Gradient, double[] Product)>? HessianVectorProduct,
            Func<Sample, (double Loss, double[] InputGradient)> InputGradient,
            Func<Sample, (double[] Output, double[] Jacobian)> InputJacobian);

        private sealed record Api(
            Func<Sample, double> Loss,
            Func<Sample, double[]> Forward,
            Func<Sample, (double Loss, double[] Gradient)> Backward,
            Func<Sample, (double Loss, double[] Gradient, double[] Trace)> BackwardWithTrace,
            Func<Sample, double[], (double Loss, double[] Gradient)> BackwardAccumulate,
            Func<double[], double[], double[], int, (double Loss, double[] Gradient)> BackwardBatch,
            Func<double[], double[], double[], int, (double Loss, double[] Gradient)> BackwardBatchMean);
    }
}
