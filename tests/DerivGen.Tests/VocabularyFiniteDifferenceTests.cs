using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// Backward against central finite differences of Loss over the whole vocabulary: 300 seeded random networks, depth
    /// 1-5, widths 1-16, inputs 1-16, every activation (LeakyReLU with random slopes) in every position and every loss
    /// (Huber with random δ; BinaryCrossEntropy behind a Sigmoid and CrossEntropy behind a Softmax last layer), sampled
    /// away from the kinks of ReLU, LeakyReLU, ELU and Huber. The networks are generated into one compilation.
    /// </summary>
    [Trait("Category", "Slow")] // a shared compilation of many networks; see README, "Tests and snapshots"
    public sealed class VocabularyFiniteDifferenceTests
    {
        internal const int NetworkCount = 300;
        private const int Seed = 20261123;
        internal const string Namespace = "VocabularyNetworks";

        /// <summary>
        /// Samples with a ReLU/LeakyReLU/ELU pre-activation z, or a Huber residual's |r| − δ, closer than this to 0 are
        /// redrawn (read from the trace). The steps below move a parameter by at most ~1e-4 (|θ| ≲ 5); the largest
        /// sensitivity |∂z/∂θ| along these normalised networks is a few units, so no perturbed evaluation crosses a kink,
        /// where the first (ReLU, LeakyReLU, Huber) or second (ELU) derivative jumps and a difference quotient means little.
        /// </summary>
        private const double KinkMargin = 1e-2;

        /// <summary>
        /// The normwise tolerance for max_k |fd_k − g_k| / max(‖g‖∞, <see cref="GradientFloor"/>·max(1, |L|)).
        /// <para>
        /// fd_k = (L(θ + h_k e_k) − L(θ − h_k e_k)) / (2h_k) with h_k = 1e-5·max(1, |θ_k|) errs in two ways:
        /// truncation, h_k²/6·|∂³L/∂θ_k³|: the networks are normalised (|θ| ≲ 4, so h_k ≤ 4e-5) and their third
        /// derivatives are of the order of the loss, |∂³L| ≲ 10·max(1, |L|), which gives ≲ 2.7e-9·max(1, |L|); and
        /// rounding, O(ε|L|/h): each of the two losses is off by about κ·ε·max(1, |L|) (ε = 1.1e-16, κ ≲ 10 for these sums
        /// of mostly same-signed terms), and their difference is divided by 2h_k ≥ 2e-5: ≲ 1.1e-10·max(1, |L|). Together
        /// ≲ 3e-9·max(1, |L|) absolute.
        /// </para>
        /// <para>
        /// Normwise: both terms scale with the size of L, not of the gradient, so the denominator is ‖g‖∞ floored at
        /// 1e-2·max(1, |L|) (samples with ‖g‖∞ below 1e-3 are redrawn). The estimate is then ≲ 3e-7 normwise in the worst
        /// case; 1e-6 leaves a factor three over it (the worst observed over the 300 samples is 4.1e-9). A wrong derivative
        /// term, off by O(1) relative to itself, fails unless it is below 1e-6 of the largest gradient entry.
        /// </para>
        /// </summary>
        private const double GradientTolerance = 1e-6;

        /// <summary>The floor of the normwise denominator, relative to max(1, |L|) (see <see cref="GradientTolerance"/>).</summary>
        private const double GradientFloor = 1e-2;

        private static readonly Activation[] Activations = Enum.GetValues<Activation>();

        private static readonly LossFunction[] Losses = Enum.GetValues<LossFunction>();

        internal static readonly IReadOnlyList<NetworkDescription> Networks = RandomNetworks();

        /// <summary>Shared with <see cref="InputSensitivityFiniteDifferenceTests"/>: one compilation per test run.</summary>
        internal static readonly Lazy<CompiledNetworks> Compiled = new(() =>
            CompiledNetworks.Build(
                // The gradient and trace for these tests, InputGradient and InputJacobian for InputSensitivityFiniteDifferenceTests.
                Networks.Select(n => n with { Methods = NetworkMethods.Trace | NetworkMethods.InputSensitivities }).ToArray(),
                Namespace,
                "DerivGen.VocabularyNetworks"));

        public static TheoryData<int> NetworkIndices => new(Enumerable.Range(0, NetworkCount));

        [Fact]
        public void TheRandomNetworksCoverTheWholeVocabularyAndCompileInOneCompilation()
        {
            // Every activation as a hidden layer and as the last layer, every loss, LeakyReLU slopes that differ and are
            // not the default, Huber deltas that differ and are not the default; the stated size ranges.
            foreach (Activation activation in Activations)
            {
                Assert.Contains(Networks, n => n.Layers.Take(n.Layers.Count - 1).Any(l => l.Activation == activation));
                Assert.Contains(Networks, n => n.Layers[^1].Activation == activation);
            }

            foreach (LossFunction loss in Losses)
            {
                Assert.True(Networks.Count(n => n.Loss == loss) >= NetworkCount / Losses.Length / 2, $"too few {loss} networks");
            }

            Assert.True(Networks.SelectMany(n => n.Layers).Where(l => l.Activation == Activation.LeakyReLU).Select(l => l.Slope).Distinct().Count() > 10);
            Assert.True(Networks.Where(n => n.Loss == LossFunction.Huber).Select(n => n.Delta).Distinct().Count() > 10);
            Assert.Equal(new[] { 1, 2, 3, 4, 5 }, Networks.Select(n => n.Layers.Count).Distinct().Order());
            Assert.Equal(Enumerable.Range(1, 16), Networks.SelectMany(n => n.Layers).Select(l => l.Units).Distinct().Order());
            Assert.Equal(Enumerable.Range(1, 16), Networks.Select(n => n.Inputs).Distinct().Order());

            CompiledNetworks compiled = Compiled.Value;
            Assert.Null(compiled.Run.Exception);
            Assert.True(compiled.Run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.Run.GeneratorDiagnostics.Take(20)));
            Assert.Equal(NetworkCount, compiled.Run.Sources.Length);
            Assert.True(compiled.Problems.Count == 0, string.Join("\n", compiled.Problems.Take(5).Select(p => p.Key + ": " + p.Value)));
        }

        [Theory]
        [MemberData(nameof(NetworkIndices))]
        public void GradientAgreesWithCentralDifferencesOfLoss(int index)
        {
            NetworkDescription network = Networks[index];
            NetworkFunctions f = Compiled.Value.Get(network.Name);
            Sample sample = DrawSample(network, f, index);

            var gradient = new double[f.ParameterCount];
            double loss = f.Backward(sample.Parameters, sample.X, sample.Y, gradient);
            double[] central = CentralDifferences(f, sample);

            Assert.True(double.IsFinite(loss), $"{Describe(network)}: loss {loss}");
            Assert.True(ErrorMetrics.AllFinite(gradient), $"{Describe(network)}: non-finite gradient");
            Assert.Equal(loss, f.Loss(sample.Parameters, sample.X, sample.Y));
            double error = ErrorMetrics.Normwise(central, gradient, GradientFloor * Math.Max(1.0, Math.Abs(loss)));
            int worst = ErrorMetrics.WorstIndex(central, gradient);
            Assert.True(
                error <= GradientTolerance,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Describe(network)}: normwise error {error:E3} > {GradientTolerance:E0} (L = {loss:R}); worst parameter {worst}: backward {gradient[worst]:R}, central difference {central[worst]:R}"));
        }

        private static string Describe(NetworkDescription network) =>
            network + string.Concat(network.Layers.Where(l => l.Slope is not null).Select(l => string.Create(CultureInfo.InvariantCulture, $", slope {l.Slope:R}"))) +
            (network.Delta is double delta ? string.Create(CultureInfo.InvariantCulture, $", δ {delta:R}") : string.Empty);

        /// <summary>
        /// dL/dθ_k ≈ (L(θ + h e_k) − L(θ − h e_k)) / (θ_k⁺ − θ_k⁻), h = 1e-5·max(1, |θ_k|); dividing by the difference of the
        /// two perturbed doubles, not by 2h, keeps the rounding of θ_k ± h out of the quotient.
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
        /// W ~ N(0, 1/fan-in) (so every depth keeps z of order 1), b ~ N(0, 0.5²), x ~ N(0, 1); targets: N(0, 1) for the
        /// squared-error losses and Huber, U[0, 1] for BinaryCrossEntropy, and for CrossEntropy U[0, 1.5) with about a third
        /// exactly 0 (nonnegative, not summing to 1). Seeded by the index; redrawn while any ReLU/LeakyReLU/ELU z or any
        /// Huber |r| − δ lies within <see cref="KinkMargin"/> of 0.
        /// </summary>
        internal static Sample DrawSample(NetworkDescription network, NetworkFunctions f, int index)
        {
            var random = new Random(Seed + 1 + index);
            for (int attempt = 1; attempt <= 1000; attempt++)
            {
                var parameters = new double[network.ParameterCount];
                for (int l = 0; l < network.Layers.Count; l++)
                {
                    int offset = network.ParameterOffset(l);
                    int weights = network.Layers[l].Units * network.LayerInputs[l];
                    double sigma = 1.0 / Math.Sqrt(network.LayerInputs[l]);
                    for (int i = 0; i < weights; i++)
                    {
                        parameters[offset + i] = sigma * Gaussian(random);
                    }

                    for (int i = 0; i < network.Layers[l].Units; i++)
                    {
                        parameters[offset + weights + i] = 0.5 * Gaussian(random);
                    }
                }

                double[] x = Enumerable.Range(0, network.Inputs).Select(_ => Gaussian(random)).ToArray();
                double[] y = Enumerable.Range(0, network.OutputCount).Select(_ => network.Loss switch
                {
                    LossFunction.BinaryCrossEntropy => random.NextDouble(),
                    LossFunction.CrossEntropy => random.Next(3) == 0 ? 0.0 : 1.5 * random.NextDouble(),
                    _ => Gaussian(random),
                }).ToArray();

                if (!NearKink(network, f, parameters, x, y) && !Degenerate(f, parameters, x, y))
                {
                    return new Sample(parameters, x, y);
                }
            }

            throw new InvalidOperationException($"No sample away from the kinks for {network} in 1000 draws.");
        }

        /// <summary>
        /// A sample whose gradient is (almost) zero, such as a dead ReLU output layer or all-zero CrossEntropy targets,
        /// checks next to nothing; it is redrawn. (Should Backward wrongly return zeros everywhere, no sample is found and
        /// the test fails.)
        /// </summary>
        private static bool Degenerate(NetworkFunctions f, double[] parameters, double[] x, double[] y)
        {
            var gradient = new double[f.ParameterCount];
            f.Backward(parameters, x, y, gradient);
            return gradient.Max(Math.Abs) < 1e-3;
        }

        private static bool NearKink(NetworkDescription network, NetworkFunctions f, double[] parameters, double[] x, double[] y)
        {
            var trace = new double[f.TraceLength];
            f.BackwardWithTrace(parameters, x, y, new double[f.ParameterCount], trace);
            var blocks = new TraceBlocks(trace, network);
            for (int l = 0; l < network.Layers.Count; l++)
            {
                if (network.Layers[l].Activation is Activation.ReLU or Activation.LeakyReLU or Activation.Elu)
                {
                    foreach (double z in blocks.Z(l))
                    {
                        if (Math.Abs(z) < KinkMargin)
                        {
                            return true;
                        }
                    }
                }
            }

            if (network.Loss == LossFunction.Huber)
            {
                ReadOnlySpan<double> a = blocks.A(network.Layers.Count - 1);
                for (int i = 0; i < a.Length; i++)
                {
                    if (Math.Abs(Math.Abs(a[i] - y[i]) - network.Delta!.Value) < KinkMargin)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static double Gaussian(Random random)
        {
            // Box-Muller; 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        /// <summary>
        /// Network n has loss n mod 5. Depth is uniform in 1-5, inputs and widths in 1-16 drawn by <see cref="Width"/>; each layer's activation is
        /// uniform over the ten, except that the last layer is Sigmoid for BinaryCrossEntropy and Softmax for CrossEntropy,
        /// and a Softmax layer has at least 2 units (one unit is DG0012's warning: constant output). LeakyReLU slopes are
        /// uniform in [-0.25, 0.75), Huber δ uniform in [0.1, 2.1).
        /// </summary>
        private static IReadOnlyList<NetworkDescription> RandomNetworks()
        {
            var random = new Random(Seed);
            var networks = new List<NetworkDescription>(NetworkCount);
            for (int n = 0; n < NetworkCount; n++)
            {
                LossFunction loss = Losses[n % Losses.Length];
                int depth = random.Next(1, 6);
                int inputs = Width(random, 1);
                var layers = new LayerDescription[depth];
                for (int l = 0; l < depth; l++)
                {
                    Activation activation = (l == depth - 1, loss) switch
                    {
                        (true, LossFunction.BinaryCrossEntropy) => Activation.Sigmoid,
                        (true, LossFunction.CrossEntropy) => Activation.Softmax,
                        _ => Activations[random.Next(Activations.Length)],
                    };
                    int units = Width(random, activation == Activation.Softmax ? 2 : 1);
                    double? slope = activation == Activation.LeakyReLU ? -0.25 + random.NextDouble() : null;
                    layers[l] = new LayerDescription(units, activation, slope);
                }

                double? delta = loss == LossFunction.Huber ? 0.1 + (2.0 * random.NextDouble()) : null;
                networks.Add(new NetworkDescription("Vocabulary" + n.ToString("000", CultureInfo.InvariantCulture), inputs, layers, loss, delta));
            }

            return networks;
        }

        /// <summary>
        /// A width (or input count) from <paramref name="least"/> to 16: uniform over the whole range one time in seven,
        /// otherwise uniform up to 4. Every size occurs, but the 300 networks total about 13,000 parameters instead of the
        /// 70,000 of uniform widths: compiling the generated code costs a few milliseconds of CPU per parameter, plus
        /// about 60 ms per network, and this class must stay within a minute on two cores.
        /// </summary>
        private static int Width(Random random, int least) =>
            random.Next(7) == 0 ? random.Next(least, 17) : random.Next(least, 5);

        internal sealed record Sample(double[] Parameters, double[] X, double[] Y);
    }
}
