using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// Backward against central finite differences of Loss, on 120 random networks (depth 1-4, widths 1-8, inputs 1-8,
    /// Identity/ReLU/Sigmoid/Tanh, SquaredError), all generated into one compilation. Also: Backward's loss is Loss,
    /// Forward's output is the trace's last activations, and the trace blocks obey the chain rule.
    /// </summary>
    [Trait("Category", "Slow")] // a shared compilation of many networks; see README, "Tests and snapshots"
    public sealed class FiniteDifferenceTests
    {
        private const int NetworkCount = 120;
        private const int ArchitectureSeed = 20261121;
        private const string Namespace = "FiniteDifferenceNetworks";

        /// <summary>
        /// Samples with a ReLU pre-activation closer than this to 0 are redrawn. A step h = 1e-5·max(1, |θ|) moves a
        /// pre-activation by about h·|a_prev|·(products of weights ~0.5 along the path), far below 1e-3, so no central
        /// difference straddles a kink, where the derivative jumps and differences mean nothing.
        /// </summary>
        private const double KinkMargin = 1e-3;

        /// <summary>
        /// The normwise tolerance for max_k |fd_k − g_k| / max(‖g‖∞, <see cref="GradientFloor"/>).
        /// Central differences err by truncation h²/6·|∂³L/∂θ³| plus rounding ≈ κ·ε·|L|/h, where κ (a few tens at most
        /// for these shallow nets) counts the roundings the loss accumulates. With h = 1e-5, ε = 2.2e-16, |L| ≲ 50 and
        /// |∂³L| ≲ 100 that is ≲ 2e-9 + 1e-9·κ, about 1e-8 absolute, i.e. 1e-6 of the floor 1e-2. A straightforward
        /// loop implementation of the same networks stays below 2e-9 on all 120 samples, so 1e-6 leaves a factor 500;
        /// a wrong derivative term is off by O(1) relative to itself, far above 1e-6 unless it is negligible in the norm.
        /// </summary>
        private const double GradientTolerance = 1e-6;

        /// <summary>Gradients smaller than this are compared in absolute terms (relative to this floor).</summary>
        private const double GradientFloor = 1e-2;

        private static readonly Activation[] Activations = { Activation.Identity, Activation.ReLU, Activation.Sigmoid, Activation.Tanh };

        private static readonly IReadOnlyList<NetworkDescription> Networks = RandomNetworks();

        private static readonly Lazy<CompiledNetworks> Compiled = new(() =>
            CompiledNetworks.Build(Networks.Select(n => n with { Methods = NetworkMethods.Trace }).ToArray(), Namespace, "DerivGen.FiniteDifferenceNetworks"));

        public static TheoryData<int> NetworkIndices => new(Enumerable.Range(0, NetworkCount));

        [Fact]
        public void AllRandomNetworksGenerateAndCompileInOneCompilation()
        {
            CompiledNetworks compiled = Compiled.Value;

            Assert.Null(compiled.Run.Exception);
            Assert.True(compiled.Run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.Run.GeneratorDiagnostics));
            Assert.Equal(NetworkCount, compiled.Run.Sources.Length);
            Assert.True(compiled.CompilerDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.CompilerDiagnostics.Take(20)));
        }

        [Theory]
        [MemberData(nameof(NetworkIndices))]
        public void GradientAgreesWithCentralDifferencesOfLoss(int index)
        {
            NetworkDescription network = Networks[index];
            NetworkFunctions f = Compiled.Value.Get(network.Name);
            Sample sample = DrawSample(network, f, index);

            var gradient = new double[f.ParameterCount];
            f.Backward(sample.Parameters, sample.X, sample.Y, gradient);
            double[] central = CentralDifferences(f, sample);

            Assert.True(ErrorMetrics.AllFinite(gradient), $"{network}: non-finite gradient");
            double error = ErrorMetrics.Normwise(central, gradient, GradientFloor);
            int worst = ErrorMetrics.WorstIndex(central, gradient);
            Assert.True(
                error <= GradientTolerance,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{network}: normwise error {error:E3} > {GradientTolerance:E0}; worst parameter {worst}: backward {gradient[worst]:R}, central difference {central[worst]:R}"));
        }

        [Theory]
        [MemberData(nameof(NetworkIndices))]
        public void BackwardReturnsExactlyTheLossThatLossComputes(int index)
        {
            NetworkDescription network = Networks[index];
            NetworkFunctions f = Compiled.Value.Get(network.Name);
            Sample sample = DrawSample(network, f, index);

            double loss = f.Loss(sample.Parameters, sample.X, sample.Y);
            double backwardLoss = f.Backward(sample.Parameters, sample.X, sample.Y, new double[f.ParameterCount]);
            double tracedLoss = f.BackwardWithTrace(sample.Parameters, sample.X, sample.Y, new double[f.ParameterCount], new double[f.TraceLength]);

            // Both evaluate the same forward expressions, so the doubles are identical, not merely close.
            Assert.Equal(loss, backwardLoss);
            Assert.Equal(loss, tracedLoss);
        }

        [Theory]
        [MemberData(nameof(NetworkIndices))]
        public void ForwardOutputIsTheLastLayersActivationInTheTrace(int index)
        {
            NetworkDescription network = Networks[index];
            NetworkFunctions f = Compiled.Value.Get(network.Name);
            Sample sample = DrawSample(network, f, index);

            double[] output = f.ForwardToArray(sample.Parameters, sample.X);
            var trace = new double[f.TraceLength];
            f.BackwardWithTrace(sample.Parameters, sample.X, sample.Y, new double[f.ParameterCount], trace);

            Assert.Equal(new TraceBlocks(trace, network).A(network.Layers.Count - 1).ToArray(), output);
        }

        [Theory]
        [MemberData(nameof(NetworkIndices))]
        public void TraceBlocksAndGradientFollowTheChainRule(int index)
        {
            NetworkDescription network = Networks[index];
            NetworkFunctions f = Compiled.Value.Get(network.Name);
            Sample sample = DrawSample(network, f, index);
            var gradient = new double[f.ParameterCount];
            var buffer = new double[f.TraceLength];
            f.BackwardWithTrace(sample.Parameters, sample.X, sample.Y, gradient, buffer);
            var trace = new TraceBlocks(buffer, network);

            // Independent forms of each relation; 1e-13 relative to the size of the terms allows for a different
            // summation order or a differently arranged (but equivalent) formula in the generated code.
            const double tolerance = 1e-13;
            int last = network.Layers.Count - 1;
            for (int l = 0; l <= last; l++)
            {
                int units = network.Layers[l].Units;
                int inputs = network.LayerInputs[l];
                int w = network.ParameterOffset(l);
                int b = w + (units * inputs);
                double[] previous = l == 0 ? sample.X : trace.A(l - 1).ToArray();
                for (int i = 0; i < units; i++)
                {
                    double z = sample.Parameters[b + i], scale = Math.Abs(z);
                    for (int j = 0; j < inputs; j++)
                    {
                        z += sample.Parameters[w + (i * inputs) + j] * previous[j];
                        scale += Math.Abs(sample.Parameters[w + (i * inputs) + j] * previous[j]);
                    }

                    string where = string.Create(CultureInfo.InvariantCulture, $"{network}, layer {l + 1}, unit {i}");
                    AssertClose(z, trace.Z(l)[i], tolerance * scale, "z = W·a_prev + b", where);
                    AssertClose(Apply(network.Layers[l].Activation, trace.Z(l)[i]), trace.A(l)[i], tolerance * Math.Abs(trace.A(l)[i]), "a = f(z)", where);

                    double da;
                    double daScale;
                    if (l == last)
                    {
                        da = 2.0 * (trace.A(l)[i] - sample.Y[i]);
                        daScale = 2.0 * (Math.Abs(trace.A(l)[i]) + Math.Abs(sample.Y[i]));
                    }
                    else
                    {
                        int nextUnits = network.Layers[l + 1].Units;
                        int nextW = network.ParameterOffset(l + 1);
                        da = 0.0;
                        daScale = 0.0;
                        for (int k = 0; k < nextUnits; k++)
                        {
                            double term = sample.Parameters[nextW + (k * units) + i] * trace.DZ(l + 1)[k];
                            da += term;
                            daScale += Math.Abs(term);
                        }
                    }

                    AssertClose(da, trace.DA(l)[i], tolerance * daScale, "dL/da", where);
                    double slope = Derivative(network.Layers[l].Activation, trace.Z(l)[i]);
                    AssertClose(slope * trace.DA(l)[i], trace.DZ(l)[i], tolerance * Math.Abs(slope * trace.DA(l)[i]), "dL/dz = f'(z)·dL/da", where);

                    AssertClose(trace.DZ(l)[i], gradient[b + i], 0.0, "dL/db = dL/dz", where);
                    for (int j = 0; j < inputs; j++)
                    {
                        double expected = trace.DZ(l)[i] * previous[j];
                        AssertClose(expected, gradient[w + (i * inputs) + j], tolerance * Math.Abs(expected), "dL/dW[i,j] = dL/dz[i]·a_prev[j]", where);
                    }
                }
            }
        }

        private static void AssertClose(double expected, double actual, double tolerance, string relation, string where)
        {
            // Always allow a couple of ulps of the result itself on top of the term-based tolerance.
            double allowed = tolerance + (4 * double.Epsilon) + (4e-16 * Math.Abs(expected));
            Assert.True(
                Math.Abs(expected - actual) <= allowed,
                string.Create(CultureInfo.InvariantCulture, $"{where}: {relation} expected {expected:R}, trace or gradient holds {actual:R}"));
        }

        private static double Apply(Activation activation, double z) => activation switch
        {
            Activation.Identity => z,
            Activation.ReLU => z > 0 ? z : 0.0,
            Activation.Sigmoid => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z)),
            Activation.Tanh => Math.Tanh(z),
            _ => throw new ArgumentOutOfRangeException(nameof(activation)),
        };

        // The cancellation-free forms of References/networks/README.md's table.
        private static double Derivative(Activation activation, double z)
        {
            switch (activation)
            {
                case Activation.Identity:
                    return 1.0;
                case Activation.ReLU:
                    return z > 0 ? 1.0 : 0.0;
                case Activation.Sigmoid:
                {
                    double e = Math.Exp(-Math.Abs(z));
                    return e / ((1.0 + e) * (1.0 + e));
                }

                case Activation.Tanh:
                {
                    double e = Math.Exp(-2.0 * Math.Abs(z));
                    return 4.0 * e / ((1.0 + e) * (1.0 + e));
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(activation));
            }
        }

        /// <summary>
        /// dL/dθ_k ≈ (L(θ + h e_k) − L(θ − h e_k)) / (2h) with h = 1e-5·max(1, |θ_k|). The divisor is the difference of
        /// the two perturbed doubles, not 2h, so the rounding of θ_k ± h does not bias the quotient.
        /// </summary>
        private static double[] CentralDifferences(NetworkFunctions f, Sample sample)
        {
            var theta = (double[])sample.Parameters.Clone();
            var result = new double[theta.Length];
            for (int k = 0; k < theta.Length; k++)
            {
                double original = theta[k];
                double h = 1e-5 * Math.Max(1.0, Math.Abs(original));
                double plus = original + h;
                double minus = original - h;
                theta[k] = plus;
                double lossPlus = f.Loss(theta, sample.X, sample.Y);
                theta[k] = minus;
                double lossMinus = f.Loss(theta, sample.X, sample.Y);
                theta[k] = original;
                result[k] = (lossPlus - lossMinus) / (plus - minus);
            }

            return result;
        }

        /// <summary>
        /// Parameters ~ N(0, 0.5²), x ~ N(0, 1), y ~ N(0, 1), seeded by the network index; redrawn while any ReLU
        /// pre-activation lies within <see cref="KinkMargin"/> of 0 (read from the trace).
        /// </summary>
        private static Sample DrawSample(NetworkDescription network, NetworkFunctions f, int index)
        {
            var random = new Random(ArchitectureSeed + 1 + index);
            for (int attempt = 1; attempt <= 100; attempt++)
            {
                double[] parameters = Gaussians(random, network.ParameterCount, 0.5);
                double[] x = Gaussians(random, network.Inputs, 1.0);
                double[] y = Gaussians(random, network.OutputCount, 1.0);
                var trace = new double[f.TraceLength];
                f.BackwardWithTrace(parameters, x, y, new double[f.ParameterCount], trace);
                var blocks = new TraceBlocks(trace, network);
                bool nearKink = false;
                for (int l = 0; l < network.Layers.Count && !nearKink; l++)
                {
                    if (network.Layers[l].Activation == Activation.ReLU)
                    {
                        foreach (double z in blocks.Z(l))
                        {
                            nearKink |= Math.Abs(z) < KinkMargin;
                        }
                    }
                }

                if (!nearKink)
                {
                    return new Sample(parameters, x, y);
                }
            }

            throw new InvalidOperationException($"No sample away from ReLU kinks for {network} in 100 draws.");
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

        private static IReadOnlyList<NetworkDescription> RandomNetworks()
        {
            var random = new Random(ArchitectureSeed);
            var networks = new List<NetworkDescription>(NetworkCount);
            for (int n = 0; n < NetworkCount; n++)
            {
                int depth = random.Next(1, 5);
                var layers = Enumerable.Range(0, depth)
                    .Select(_ => new LayerDescription(random.Next(1, 9), Activations[random.Next(Activations.Length)]))
                    .ToArray();
                networks.Add(new NetworkDescription(
                    "Random" + n.ToString("000", CultureInfo.InvariantCulture),
                    random.Next(1, 9),
                    layers));
            }

            return networks;
        }

        private sealed record Sample(double[] Parameters, double[] X, double[] Y);
    }
}
