using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The generated code at the edges of double arithmetic, all networks in one compilation: saturated logits (±1000)
    /// into the fused losses and Softmax/Softplus, inputs of ±1e300 through every activation, a NaN input, the kink
    /// conventions of ReLU/LeakyReLU/ELU at z = 0 exactly, and Huber at and around |r| = δ. Expected values are worked
    /// out by hand in the comments (every one is exact in binary, or the rounding of one named operation).
    /// </summary>
    [Trait("Category", "Slow")] // a shared compilation of many networks; see README, "Tests and snapshots"
    public sealed class NumericalRobustnessTests
    {
        private const string Namespace = "RobustnessNetworks";

        /// <summary>The LeakyReLU slope of the probe and kink networks: not the default 0.01.</summary>
        private const double Slope = 0.2;

        private const double HuberDelta = 0.75;

        /// <summary>
        /// Hand-computed values are exact or one rounding away, and the code that computes them is a few operations
        /// deep; a few ulps normwise (the loss relative) is all the room a correct evaluation needs.
        /// </summary>
        private const double HandTolerance = 1e-15;

        private static readonly Activation[] AllActivations = Enum.GetValues<Activation>();

        // Probe networks: 2 inputs → Dense(3, f) [→ Dense(2, Identity)]. Their parameters (row-major W, then b):
        // W1 = [[1, 0], [0, 1], [0.5, 0.25]], b1 = [0, 0.5, -0.5]: with x = (±1e300, ∓1e300) every z1 is finite and
        // as large as the input, never overflowing; W2 = [[0.5, 0.25, -0.5], [-0.25, 0.5, 0.125]], b2 = [0.1, -0.2].
        private static readonly double[] ProbeLayer1 = { 1, 0, 0, 1, 0.5, 0.25, 0, 0.5, -0.5 };
        private static readonly double[] ProbeLayer2 = { 0.5, 0.25, -0.5, -0.25, 0.5, 0.125, 0.1, -0.2 };

        private static readonly IReadOnlyList<Probe> Probes = BuildProbes();

        private static readonly IReadOnlyDictionary<string, HandCase> HandCases = BuildHandCases().ToDictionary(c => c.Name, StringComparer.Ordinal);

        private static readonly IReadOnlyList<NetworkDescription> Networks = Probes.Select(p => p.Network)
            .Concat(new[]
            {
                // Saturated logits.
                new NetworkDescription("BceLogits", 1, new[] { new LayerDescription(4, Activation.Sigmoid) }, LossFunction.BinaryCrossEntropy),
                new NetworkDescription("SoftplusLogits", 1, new[] { new LayerDescription(2, Activation.Softplus) }),
                new NetworkDescription("CeLogits", 1, new[] { new LayerDescription(3, Activation.Softmax) }, LossFunction.CrossEntropy),
                new NetworkDescription("SoftmaxHiddenLogits", 1, new[] { new LayerDescription(3, Activation.Softmax), new LayerDescription(1) }),

                // Kinks: 2 → Dense(3, f) → Dense(1, Identity), SquaredError.
                new NetworkDescription("KinkReLU", 2, new[] { new LayerDescription(3, Activation.ReLU), new LayerDescription(1) }),
                new NetworkDescription("KinkLeakyReLU", 2, new[] { new LayerDescription(3, Activation.LeakyReLU, Slope), new LayerDescription(1) }),
                new NetworkDescription("KinkElu", 2, new[] { new LayerDescription(3, Activation.Elu), new LayerDescription(1) }),

                // Huber: 1 → Dense(k, Identity), so with W = 0 the outputs are the biases exactly.
                new NetworkDescription("HuberEdges", 1, new[] { new LayerDescription(6) }, LossFunction.Huber, HuberDelta),
                new NetworkDescription("HuberDefaultDelta", 1, new[] { new LayerDescription(2) }, LossFunction.Huber),
            })
            .ToArray();

        private static readonly Lazy<CompiledNetworks> Compiled = new(() =>
            CompiledNetworks.Build(Networks.Select(n => n with { Methods = NetworkMethods.Trace }).ToArray(), Namespace, "DerivGen.RobustnessNetworks"));

        public static TheoryData<string> HandCaseNames => new(HandCases.Keys.Order(StringComparer.Ordinal));

        public static TheoryData<string> ProbeNames => new(Probes.Select(p => p.Network.Name));

        [Fact]
        public void AllRobustnessNetworksGenerateAndCompileWithoutDiagnostics()
        {
            CompiledNetworks compiled = Compiled.Value;

            Assert.Null(compiled.Run.Exception);
            Assert.True(compiled.Run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.Run.GeneratorDiagnostics));
            Assert.Equal(Networks.Count, compiled.Run.Sources.Length);
            Assert.True(compiled.CompilerDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.CompilerDiagnostics.Take(20)));

            // Every activation is probed as a hidden layer and as the output layer.
            foreach (Activation activation in AllActivations)
            {
                Assert.Contains(Probes, p => p.Network.Layers.Count == 2 && p.Network.Layers[0].Activation == activation);
                Assert.Contains(Probes, p => p.Network.Layers.Count == 1 && p.Network.Layers[0].Activation == activation);
            }
        }

        // ---- Saturated logits and Huber: hand-computed loss and gradient -----------------------------------------------

        [Theory]
        [MemberData(nameof(HandCaseNames))]
        public void HandComputedCaseGivesFiniteLossAndGradientWithTheirExactValues(string name)
        {
            HandCase c = HandCases[name];
            NetworkDescription network = Networks.Single(n => n.Name == c.Network);
            NetworkFunctions f = Compiled.Value.Get(c.Network);
            var gradient = new double[f.ParameterCount];
            var trace = new double[f.TraceLength];

            double loss = f.BackwardWithTrace(c.Parameters, c.X, c.Y, gradient, trace);

            string where = string.Create(CultureInfo.InvariantCulture, $"{name}: loss {loss:R} (expected {c.Loss:R}), gradient [{Join(gradient)}] (expected [{Join(c.Gradient)}])");
            Assert.True(double.IsFinite(loss), where);
            Assert.True(ErrorMetrics.AllFinite(gradient), where);
            Assert.True(c.Loss == 0.0 ? Math.Abs(loss) <= 1e-300 : ErrorMetrics.Relative(loss, c.Loss) <= HandTolerance, where);
            Assert.True(ErrorMetrics.Normwise(gradient, c.Gradient, floor: 1.0) <= HandTolerance, where);
            Assert.Equal(loss, f.Loss(c.Parameters, c.X, c.Y));

            // z, a and dL/dz are finite throughout (dL/da of a fused output layer is checked in its own test).
            var blocks = new TraceBlocks(trace, network);
            for (int l = 0; l < network.Layers.Count; l++)
            {
                Assert.True(ErrorMetrics.AllFinite(blocks.Z(l).ToArray()), $"{where}: z{l + 1}");
                Assert.True(ErrorMetrics.AllFinite(blocks.A(l).ToArray()), $"{where}: a{l + 1}");
                Assert.True(ErrorMetrics.AllFinite(blocks.DZ(l).ToArray()), $"{where}: dL/dz{l + 1}");
            }

            if (c.OutputAdjoint is { } expectedAdjoint)
            {
                Assert.Equal(expectedAdjoint, blocks.DA(network.Layers.Count - 1).ToArray());
            }
        }

        // ---- ±1e300 through every activation ---------------------------------------------------------------------

        [Theory]
        [MemberData(nameof(ProbeNames))]
        public void HugeInputsGiveNoNaNInLossGradientOrTrace(string name)
        {
            Probe probe = Probes.Single(p => p.Network.Name == name);
            NetworkFunctions f = Compiled.Value.Get(name);
            double[][] inputs = { new[] { 1e300, -1e300 }, new[] { -1e300, 1e300 }, new[] { 1e300, 1e300 }, new[] { -1e300, -1e300 } };

            foreach (double[] x in inputs)
            {
                var gradient = new double[f.ParameterCount];
                var trace = new double[f.TraceLength];
                double loss = f.BackwardWithTrace(probe.Parameters, x, probe.Y, gradient, trace);
                string where = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{probe.Network}, x = [{Join(x)}]: loss {loss:R}, gradient [{Join(gradient)}], trace [{Join(trace)}]");

                // Every loss here is a sum of nonnegative terms; +∞ is the right double for (1e300)², NaN never is.
                Assert.False(double.IsNaN(loss), where);
                Assert.True(loss >= 0, where);
                Assert.DoesNotContain(gradient, double.IsNaN);
                Assert.False(TraceWithoutFusedOutputAdjoint(probe.Network, trace).Any(double.IsNaN), where);

                // With a bounded activation (or a fused loss on the logits) the exact loss is a modest finite number.
                if (probe.FiniteLossExpected)
                {
                    Assert.True(double.IsFinite(loss), where);
                }
            }
        }

        [Fact]
        public void HugeLogitsIntoCrossEntropyAndBinaryCrossEntropyGiveTheirExactLoss()
        {
            // z1 = (1e300, -1e300, 0.5e300 - 0.25e300 - 0.5) = (1e300, -1e300, 2.5e299) for x = (1e300, -1e300).
            double[] x = { 1e300, -1e300 };

            // CE with y = (1, 0.5, 0): -log a0 = log1p(ρ) = 0 (ρ = e^-2e300 + e^-7.5e299 = 0);
            // -log a1 = (1e300 - (-1e300)) + 0 = 2e300; L = 1·0 + 0.5·2e300 = 1e300.
            // dL/dz = a·Σy − y = (1·1.5 − 1, 0 − 0.5, 0 − 0) = (0.5, -0.5, 0); dL/dW1[i,j] = dz_i·x_j.
            AssertProbe("ProbeSoftmaxOutputCrossEntropy", x, 1e300, new[] { 0.5e300, -0.5e300, -0.5e300, 0.5e300, 0, 0, 0.5, -0.5, 0 });

            // BCE with y = (1, 0, 0.5): y·softplus(-z) + (1 - y)·softplus(z) per unit:
            // unit 0: softplus(-1e300) = 0; unit 1: softplus(-1e300) = 0; unit 2: 0.5·2.5e299 + 0.5·0 = 1.25e299.
            // dL/dz = σ(z) − y = (1 − 1, 0 − 0, 1 − 0.5) = (0, 0, 0.5).
            AssertProbe("ProbeSigmoidOutputBinaryCrossEntropy", x, 1.25e299, new[] { 0, 0, 0, 0, 0.5e300, -0.5e300, 0, 0, 0.5 });

            void AssertProbe(string name, double[] input, double expectedLoss, double[] expectedGradient)
            {
                Probe probe = Probes.Single(p => p.Network.Name == name);
                NetworkFunctions f = Compiled.Value.Get(name);
                var gradient = new double[f.ParameterCount];
                double loss = f.Backward(probe.Parameters, input, probe.Y, gradient);
                string where = string.Create(CultureInfo.InvariantCulture, $"{name}: loss {loss:R}, gradient [{Join(gradient)}]");
                Assert.True(ErrorMetrics.Relative(loss, expectedLoss) <= HandTolerance, where);
                Assert.True(ErrorMetrics.Normwise(gradient, expectedGradient) <= HandTolerance, where);
            }
        }

        [Theory]
        [InlineData("BceLogitsPositive")]
        [InlineData("BceLogitsNegative")]
        [InlineData("CeLogitsConfidentlyRight")]
        [InlineData("CeLogitsMixedTargets")]
        public void FusedLossOutputAdjointInTheTraceIsNeverNaN(string name)
        {
            // The trace's dL/da of a fused output layer is formed only for the trace: (a − y)/(a(1 − a)) for BCE and −y/a
            // for CE. With saturated logits a is exactly 0 or 1, and the quotient's form decides between a right answer
            // and 0/0. Exact values, unit by unit:
            //   BceLogitsPositive  z = (1000, −1000, 1000, −1000), y = (0, 1, 1, 0.25):
            //     dL/da = −y/a + (1 − y)/(1 − a) = (e^1000 → +∞, −e^1000 → −∞, −1/σ(1000) = −1, −0.25·e^1000 → −∞)
            //   BceLogitsNegative  z negated: (1/(1 − σ(−1000)) = 1, −1/σ(1000) = −1, −e^1000 → −∞, 0.75·e^1000 → +∞)
            //   CeLogitsConfidentlyRight  a = (1, e^−2000, e^−1000), y = (1, 0, 0): dL/da = −y/a = (−1, 0, 0)
            //   CeLogitsMixedTargets      y = (0, 1, 0.5): (0, −e^2000 → −∞, −0.5·e^1000 → −∞)
            // Infinities are the right doubles for e^1000; a NaN is not right for any of these.
            HandCase c = HandCases[name];
            NetworkDescription network = Networks.Single(n => n.Name == c.Network);
            NetworkFunctions f = Compiled.Value.Get(c.Network);
            var trace = new double[f.TraceLength];
            f.BackwardWithTrace(c.Parameters, c.X, c.Y, new double[f.ParameterCount], trace);

            double[] adjoint = new TraceBlocks(trace, network).DA(network.Layers.Count - 1).ToArray();
            Assert.False(adjoint.Any(double.IsNaN), $"{name}: dL/da of the output layer in the trace is [{Join(adjoint)}]");
        }

        // ---- NaN input ----------------------------------------------------------------------------------------------

        [Theory]
        [MemberData(nameof(ProbeNames))]
        public void NaNInputGivesNaNLossAndNaNInEveryGradientEntry(string name)
        {
            // A NaN that reaches every z must reach L and every dL/dθ. ReLU written as z > 0 ? z : 0 would turn it into 0
            // (and a derivative written as a branch on z would pass 0·dL/da on only if dL/da is NaN itself).
            Probe probe = Probes.Single(p => p.Network.Name == name);
            NetworkFunctions f = Compiled.Value.Get(name);

            foreach (double[] x in new[] { new[] { double.NaN, 0.5 }, new[] { -0.75, double.NaN } })
            {
                var gradient = new double[f.ParameterCount];
                double loss = f.Backward(probe.Parameters, x, probe.Y, gradient);
                string where = string.Create(CultureInfo.InvariantCulture, $"{probe.Network}, x = [{Join(x)}]: loss {loss:R}, gradient [{Join(gradient)}]");

                Assert.True(double.IsNaN(loss), where);
                Assert.True(gradient.All(double.IsNaN), where);
                Assert.True(double.IsNaN(f.Loss(probe.Parameters, x, probe.Y)), where);
                Assert.True(f.ForwardToArray(probe.Parameters, x).All(double.IsNaN), where);
            }
        }

        // ---- Kinks --------------------------------------------------------------------------------------------------

        [Theory]
        [InlineData("KinkReLU", 0.0)]
        [InlineData("KinkLeakyReLU", Slope)]
        [InlineData("KinkElu", 1.0)]
        public void DerivativeAtAKinkFollowsTheDocumentedConvention(string name, double derivativeAtZero)
        {
            // 2 → Dense(3, f) → Dense(1, Identity), SquaredError; x = (0.75, 0.75).
            // Unit 0: W = (1, -1), b = 0      → z = 0.75 − 0.75 + 0 = +0 exactly.
            // Unit 1: W = (-0, -0), b = -0    → z = -0 exactly (every term is -0).
            // Unit 2: W = (0.5, 0.25), b = 0  → z = 0.5625, away from the kink.
            // f(±0) = 0 for ReLU, LeakyReLU (slope·0) and ELU (expm1(0)), so a1 = (0, 0, 0.5625).
            // W2 = (2, 3, 4), b2 = 0.5: a2 = 4·0.5625 + 0.5 = 2.75; y = 0.25, r = 2.5, L = 6.25, dL/da2 = dL/dz2 = 5.
            // dL/da1 = W2·5 = (10, 15, 20); dL/dz1 = (10·f'(0), 15·f'(-0), 20·1).
            double[] parameters = { 1, -1, -0.0, -0.0, 0.5, 0.25, 0, -0.0, 0, 2, 3, 4, 0.5 };
            double[] x = { 0.75, 0.75 }, y = { 0.25 };
            NetworkDescription network = Networks.Single(n => n.Name == name);
            NetworkFunctions f = Compiled.Value.Get(name);
            var gradient = new double[f.ParameterCount];
            var buffer = new double[f.TraceLength];

            double loss = f.BackwardWithTrace(parameters, x, y, gradient, buffer);
            var trace = new TraceBlocks(buffer, network);

            Assert.Equal(6.25, loss);
            Assert.Equal(new[] { 0.0, 0.0, 0.5625 }, trace.Z(0).ToArray());
            Assert.True(trace.Z(0)[0] == 0 && trace.Z(0)[1] == 0, "The setup must put z exactly at the kink.");
            Assert.Equal(new[] { 0.0, 0.0, 0.5625 }, trace.A(0).ToArray());
            Assert.Equal(new[] { 10.0, 15.0, 20.0 }, trace.DA(0).ToArray());

            double[] dz = { 10 * derivativeAtZero, 15 * derivativeAtZero, 20 };
            Assert.Equal(dz, trace.DZ(0).ToArray());

            // θ = W1 (3×2), b1 (3), W2 (1×3), b2 (1): dL/dW1[i,j] = dz_i·0.75, dL/db1 = dz, dL/dW2 = 5·a1, dL/db2 = 5.
            double[] expected = { dz[0] * 0.75, dz[0] * 0.75, dz[1] * 0.75, dz[1] * 0.75, 15, 15, dz[0], dz[1], 20, 0, 0, 2.8125, 5 };
            Assert.Equal(expected, gradient);
        }

        // ---- helpers ------------------------------------------------------------------------------------------------

        /// <summary>The trace without the last layer's dL/da block when the loss is fused (checked on its own).</summary>
        private static IEnumerable<double> TraceWithoutFusedOutputAdjoint(NetworkDescription network, double[] trace)
        {
            if (network.Loss is not (LossFunction.BinaryCrossEntropy or LossFunction.CrossEntropy))
            {
                return trace;
            }

            int last = network.Layers.Count - 1;
            int start = network.TraceOffset(last) + (2 * network.Layers[last].Units);
            return trace.Where((_, i) => i < start || i >= start + network.Layers[last].Units);
        }

        private static string Join(IEnumerable<double> values) =>
            string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

        private static IReadOnlyList<Probe> BuildProbes()
        {
            var probes = new List<Probe>();
            foreach (Activation activation in AllActivations)
            {
                double? slope = activation == Activation.LeakyReLU ? Slope : null;
                bool bounded = activation is Activation.Sigmoid or Activation.Tanh or Activation.Softmax;

                probes.Add(new Probe(
                    new NetworkDescription("ProbeHidden" + activation, 2, new[] { new LayerDescription(3, activation, slope), new LayerDescription(2) }),
                    ProbeLayer1.Concat(ProbeLayer2).ToArray(),
                    new[] { 1.0, -1.0 },
                    bounded));
                probes.Add(new Probe(
                    new NetworkDescription("ProbeOutput" + activation, 2, new[] { new LayerDescription(3, activation, slope) }),
                    ProbeLayer1,
                    new[] { 1.0, -1.0, 0.5 },
                    bounded));
            }

            // The fused losses, and the remaining losses behind a hidden layer.
            probes.Add(new Probe(
                new NetworkDescription("ProbeSoftmaxOutputCrossEntropy", 2, new[] { new LayerDescription(3, Activation.Softmax) }, LossFunction.CrossEntropy),
                ProbeLayer1,
                new[] { 1.0, 0.5, 0.0 },
                true));
            probes.Add(new Probe(
                new NetworkDescription("ProbeSigmoidOutputBinaryCrossEntropy", 2, new[] { new LayerDescription(3, Activation.Sigmoid) }, LossFunction.BinaryCrossEntropy),
                ProbeLayer1,
                new[] { 1.0, 0.0, 0.5 },
                true));
            probes.Add(new Probe(
                new NetworkDescription("ProbeHiddenGeluHuber", 2, new[] { new LayerDescription(3, Activation.Gelu), new LayerDescription(2) }, LossFunction.Huber, 0.5),
                ProbeLayer1.Concat(ProbeLayer2).ToArray(),
                new[] { 1.0, -1.0 },
                true));
            probes.Add(new Probe(
                new NetworkDescription("ProbeHiddenEluMeanSquaredError", 2, new[] { new LayerDescription(3, Activation.Elu), new LayerDescription(2) }, LossFunction.MeanSquaredError),
                ProbeLayer1.Concat(ProbeLayer2).ToArray(),
                new[] { 1.0, -1.0 },
                false));
            probes.Add(new Probe(
                new NetworkDescription("ProbeHiddenSiluCrossEntropy", 2, new[] { new LayerDescription(3, Activation.Silu), new LayerDescription(2, Activation.Softmax) }, LossFunction.CrossEntropy),
                ProbeLayer1.Concat(ProbeLayer2).ToArray(),
                new[] { 0.25, 1.0 },
                true));
            return probes;
        }

        private static IEnumerable<HandCase> BuildHandCases()
        {
            // BceLogits: 1 → Dense(4, Sigmoid), BCE; θ = W (4×1), b (4). Per unit L = y·softplus(−z) + (1 − y)·softplus(z),
            // dL/dz = σ(z) − y; softplus(1000) = 1000 and softplus(−1000) = e^−1000 = 0 in double, σ(±1000) = 1 or 0.
            double[] bceParameters = { 1000, -1000, 1000, -1000, 0, 0, 0, 0 };
            double[] bceY = { 0, 1, 1, 0.25 };

            // x = 1: z = (1000, −1000, 1000, −1000). L = 1000 + 1000 + 0 + 0.25·1000 = 2250; dz = (1, −1, 0, −0.25).
            yield return new HandCase("BceLogitsPositive", "BceLogits", bceParameters, new[] { 1.0 }, bceY, 2250, new[] { 1, -1, 0, -0.25, 1, -1, 0, -0.25 });

            // x = −1: z = (−1000, 1000, −1000, 1000). L = 0 + 0 + 1000 + 0.75·1000 = 1750; dz = (0, 0, −1, 0.75), dW = −dz.
            yield return new HandCase("BceLogitsNegative", "BceLogits", bceParameters, new[] { -1.0 }, bceY, 1750, new[] { 0, 0, 1, -0.75, 0, 0, -1, 0.75 });

            // SoftplusLogits: 1 → Dense(2, Softplus), SquaredError. z = (1000, −1000), a = (1000, 0); y = (999, 0.5):
            // r = (1, −0.5), L = 1.25; dL/da = (2, −1), softplus' = σ(z) = (1, 0), dz = (2, 0) (−e^−1000 rounds to −0).
            yield return new HandCase("SoftplusLogits", "SoftplusLogits", new double[] { 1000, -1000, 0, 0 }, new[] { 1.0 }, new[] { 999, 0.5 }, 1.25, new double[] { 2, 0, 2, 0 });

            // CeLogits: 1 → Dense(3, Softmax), CE; θ = W (3×1), b (3), x = 1. dL/dz = a·Σy − y.
            // z = (1000, −1000, 0), y = (0, 1, 0.5): −log a = (0, 2000, 1000) (+ log1p(e^−1000 + e^−2000) = 0);
            // L = 2000 + 500 = 2500; a = (1, 0, 0), Σy = 1.5, dz = (1.5, −1, −0.5).
            yield return new HandCase("CeLogitsMixedTargets", "CeLogits", new double[] { 1000, -1000, 0, 0, 0, 0 }, new[] { 1.0 }, new[] { 0, 1, 0.5 }, 2500, new[] { 1.5, -1, -0.5, 1.5, -1, -0.5 });

            // Confidently right: y = (1, 0, 0): L = log1p(0) = 0; dz = (a0 − 1, a1, a2) = (−e^−1000, e^−2000, e^−1000) = 0.
            yield return new HandCase("CeLogitsConfidentlyRight", "CeLogits", new double[] { 1000, -1000, 0, 0, 0, 0 }, new[] { 1.0 }, new[] { 1.0, 0, 0 }, 0, new double[6]);

            // The largest logit last: z = (−1000, −1000, 1000), y = (0.5, 0.5, 0): −log a = (2000, 2000, 0), L = 2000;
            // a = (0, 0, 1), Σy = 1, dz = (−0.5, −0.5, 1).
            yield return new HandCase("CeLogitsMaximumLast", "CeLogits", new double[] { -1000, -1000, 1000, 0, 0, 0 }, new[] { 1.0 }, new[] { 0.5, 0.5, 0 }, 2000, new[] { -0.5, -0.5, 1, -0.5, -0.5, 1 });

            // A tie for the largest logit: z = (1000, 1000, −1000), y = (1, 0, 0): a = (0.5, 0.5, 0), L = −log 0.5 = ln 2;
            // dz = (0.5 − 1, 0.5, 0).
            yield return new HandCase("CeLogitsTiedMaximum", "CeLogits", new double[] { 1000, 1000, -1000, 0, 0, 0 }, new[] { 1.0 }, new[] { 1.0, 0, 0 }, Math.Log(2), new[] { -0.5, 0.5, 0, -0.5, 0.5, 0 });

            // SoftmaxHiddenLogits: 1 → Dense(3, Softmax) → Dense(1, Identity), SquaredError; θ = W1 (3), b1 (3), W2 (3), b2.
            // W1 = (1000, 1000, −1000), x = 1: a1 = (0.5, 0.5, 0); W2 = (2, 3, 5): a2 = 2.5, y = 0, L = 6.25, dL/da2 = 5;
            // dW2 = 5·a1 = (2.5, 2.5, 0), db2 = 5; g = dL/da1 = (10, 15, 25), Σ a·g = 12.5;
            // dz1 = a1·(g − 12.5) = (−1.25, 1.25, 0) = dW1 (x = 1) = db1.
            double[] hidden = { 1000, 1000, -1000, 0, 0, 0, 2, 3, 5, 0 };
            yield return new HandCase("SoftmaxHiddenTwoWay", "SoftmaxHiddenLogits", hidden, new[] { 1.0 }, new[] { 0.0 }, 6.25, new[] { -1.25, 1.25, 0, -1.25, 1.25, 0, 2.5, 2.5, 0, 5 });

            // x = −1: z1 = (−1000, −1000, 1000), a1 = (0, 0, 1), a2 = 5, L = 25, dL/da2 = 10; dW2 = (0, 0, 10), db2 = 10;
            // g = (20, 30, 50), Σ a·g = 50, dz1 = (0·(−30), 0·(−20), 1·0) = 0.
            yield return new HandCase("SoftmaxHiddenOneHot", "SoftmaxHiddenLogits", hidden, new[] { -1.0 }, new[] { 0.0 }, 25, new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 10, 10 });

            // HuberEdges: 1 → Dense(6, Identity), Huber δ = 0.75; θ = W (6×1) = 0, b (6); x = 3, so a = b exactly.
            // h(r) = r²/2 if |r| ≤ δ else δ(|r| − δ/2) = 0.75·|r| − 0.28125; h'(r) = clamp(r, −δ, δ). dW = 3·h', db = h'.
            // y = 0, r = b = (0.75, −0.75, 0.5, −0.5, 1.5, −2):
            // h = (0.28125, 0.28125, 0.125, 0.125, 0.84375, 1.21875), L = 2.875; h' = (0.75, −0.75, 0.5, −0.5, 0.75, −0.75).
            double[] huberY0 = new double[6];
            double[] h1 = { 0.75, -0.75, 0.5, -0.5, 0.75, -0.75 };
            yield return new HandCase(
                "HuberAtDeltaAndBothSides", "HuberEdges", new double[] { 0, 0, 0, 0, 0, 0, 0.75, -0.75, 0.5, -0.5, 1.5, -2 }, new[] { 3.0 }, huberY0,
                2.875, h1.Select(d => 3 * d).Concat(h1).ToArray(), h1);

            // y = 1, b = (1.75, 0.25, 1.75 − 2⁻²⁰, 0.25 − 2⁻²⁰, 3, −1.5): r = (0.75, −0.75, 0.75 − 2⁻²⁰, −0.75 − 2⁻²⁰, 2, −2.5),
            // each difference exact. Just inside: h = (0.75 − 2⁻²⁰)²/2, h' = 0.75 − 2⁻²⁰; just outside: h = 0.75·(0.75 + 2⁻²⁰) − 0.28125
            // = 0.28125 + 0.75·2⁻²⁰, h' = −0.75; then 0.75·2 − 0.28125 = 1.21875 and 0.75·2.5 − 0.28125 = 1.59375.
            double e = Math.ScaleB(1, -20);
            double inside = 0.75 - e;
            double[] h2 = { 0.75, -0.75, inside, -0.75, 0.75, -0.75 };
            double huberLoss2 = 0.28125 + 0.28125 + (inside * inside / 2) + (0.28125 + (0.75 * e)) + 1.21875 + 1.59375;
            yield return new HandCase(
                "HuberOneUlpRegionAroundDelta", "HuberEdges", new[] { 0, 0, 0, 0, 0, 0, 1.75, 0.25, 1.75 - e, 0.25 - e, 3, -1.5 }, new[] { 3.0 }, new double[] { 1, 1, 1, 1, 1, 1 },
                huberLoss2, h2.Select(d => 3 * d).Concat(h2).ToArray(), h2);

            // HuberDefaultDelta: δ = 1 (the attribute's default). b = (1, −1): h = (0.5, 0.5), h' = (1, −1);
            // b = (1.5, −0.5): h = (1·(1.5 − 0.5), 0.125) = (1, 0.125), h' = (1, −0.5). x = 3, y = 0.
            yield return new HandCase("HuberDefaultDeltaAtDelta", "HuberDefaultDelta", new double[] { 0, 0, 1, -1 }, new[] { 3.0 }, new double[2], 1, new double[] { 3, -3, 1, -1 }, new double[] { 1, -1 });
            yield return new HandCase("HuberDefaultDeltaBothSides", "HuberDefaultDelta", new[] { 0, 0, 1.5, -0.5 }, new[] { 3.0 }, new double[2], 1.125, new[] { 3, -1.5, 1, -0.5 }, new[] { 1, -0.5 });
        }

        /// <summary>A probe network, its fixed parameters and targets, and whether its exact loss is finite for huge inputs.</summary>
        private sealed record Probe(NetworkDescription Network, double[] Parameters, double[] Y, bool FiniteLossExpected);

        /// <summary>A hand-computed case; <paramref name="OutputAdjoint"/> is dL/da of the last layer when checked.</summary>
        private sealed record HandCase(
            string Name, string Network, double[] Parameters, double[] X, double[] Y, double Loss, double[] Gradient, double[]? OutputAdjoint = null);
    }
}
