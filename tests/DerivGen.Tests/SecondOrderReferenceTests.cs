using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DerivGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// HessianVectorProduct, InputGradient and InputJacobian on the reference networks, compiled once with
    /// <see cref="ReferenceCaseTests"/>: full Hessians, input gradients and Jacobians against the 50-digit values of
    /// References/hessians, and H·v on every case of References/networks against central differences of the exact
    /// gradient, and for symmetry.
    /// </summary>
    [Trait("Category", "Slow")] // the shared compilation of the reference networks; see README, "Tests and snapshots"
    public sealed class SecondOrderReferenceTests
    {
        /// <summary>
        /// The bound, normwise (max |error| / max |reference|). References/hessians/README.md measured the same
        /// formulas in 53-bit arithmetic at ≤ 1.1e-15 normwise, so 1e-12 leaves a margin of about 1000 for rounding, and a
        /// wrong second-derivative term (an O(1) error in some entry) fails it unless it is 1e-12 of the largest entry.
        /// </summary>
        private const double ReferenceTolerance = 1e-12;

        /// <summary>
        /// The relative step of the central differences of the gradient along a direction v with ‖v‖∞ = 1:
        /// h = 1e-6·max(1, ‖θ‖∞). See <see cref="DifferenceTolerance"/>.
        /// </summary>
        internal const double RelativeStep = 1e-6;

        /// <summary>
        /// max_k |fd_k − (H·v)_k| / max(‖H·v‖∞, 1e-2·max(1, ‖g‖∞)), fd = (g(θ + hv) − g(θ − hv)) / 2h.
        /// <para>
        /// Truncation: h²/6·‖∂³g[v, v, v]‖, with the third derivatives of these networks of the order of their second
        /// (|∂³g| ≲ 1e3·max(1, ‖g‖∞) even for the 900-logit case), gives ≲ 2e-10·max(1, ‖g‖∞)·max(1, ‖θ‖∞)². Rounding: each
        /// gradient entry is off by κ·ε·max(1, ‖g‖∞) with κ ≲ 100 roundings, ε = 1.1e-16, divided by 2h ≥ 2e-6: ≲ 6e-9·max(1, ‖g‖∞).
        /// Against the floor 1e-2·max(1, ‖g‖∞) both are ≲ 1e-6; 1e-5 leaves a factor ten, and a wrong term, O(1) relative
        /// to itself, fails unless it is below 1e-5 of the largest product entry. (The observed worst, printed by the test,
        /// is 2.1e-7, in edge_softmax_hidden_logits_900, whose logits near 900 give large third derivatives; most are below 1e-9.)
        /// </para>
        /// </summary>
        internal const double DifferenceTolerance = 1e-5;

        /// <summary>
        /// uᵀ(Hv) against vᵀ(Hu), relative to Σ_k |u_k·(Hv)_k|: H is symmetric, and the two sides sum the same products of
        /// second derivatives in different orders, so they differ by rounding alone (a few ε per term).
        /// </summary>
        private const double SymmetryTolerance = 1e-12;

        /// <summary>
        /// A ReLU, LeakyReLU or ELU pre-activation, or a Huber |r| − δ, closer than this to 0 makes central differences
        /// straddle a kink (the step moves z by about h·‖x‖ ≲ 1e-5); for those cases only symmetry is checked.
        /// </summary>
        private const double KinkMargin = 1e-3;

        private const string Namespace = ReferenceCaseTests.Namespace;

        private readonly ITestOutputHelper output;

        public SecondOrderReferenceTests(ITestOutputHelper output) => this.output = output;

        public static TheoryData<string> HessianCaseNames => new(
            Directory.GetFiles(RepositoryPaths.HessianReferenceFolder, "*.json").Select(Path.GetFileNameWithoutExtension).OrderBy(n => n, StringComparer.Ordinal)!);

        /// <summary>
        /// Between a method in the SIMD form (Loss, Backward, where a layer's fan-in is 16 or more) and one in the scalar form
        /// (H·v, the input sensitivities): the reference cases' own 1e-13 bound, far above the few ulps the order of the sums
        /// changes.
        /// </summary>
        private const double FormTolerance = 1e-13;

        public static TheoryData<string> CaseNames => new(ReferenceCases.All.Select(c => c.Name));

        [Fact]
        public void TheHessianFolderHoldsTheDocumentedCases() =>
            Assert.Equal(11, Directory.GetFiles(RepositoryPaths.HessianReferenceFolder, "*.json").Length);

        [Theory]
        [MemberData(nameof(HessianCaseNames))]
        public void FullHessianInputGradientAndJacobianMatchTheFiftyDigitReference(string name)
        {
            ReferenceCase reference = ReferenceCases.Get(name);
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryPaths.HessianReferenceFolder, name + ".json")));
            JsonElement root = document.RootElement;
            double[] Read(string key) => root.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            NetworkFunctions f = ReferenceCaseTests.Compiled.Value.Get(reference.ClassName);
            SensitivityFunctions s = SensitivityFunctions.Of(ReferenceCaseTests.Compiled.Value, Namespace, reference.ClassName);
            double[] parameters = reference.Parameters.ToArray(), x = reference.X.ToArray(), y = reference.Y.ToArray();

            double[] hessian = s.Hessian(parameters, x, y);
            var inputGradient = new double[f.InputCount];
            double loss = s.InputGradient(parameters, x, y, inputGradient);
            var forward = new double[f.OutputCount];
            var jacobian = new double[f.OutputCount * f.InputCount];
            s.InputJacobian(parameters, x, forward, jacobian);
            var gradient = new double[f.ParameterCount];
            var product = new double[f.ParameterCount];
            double hvpLoss = s.HessianVectorProduct(parameters, x, y, new double[f.ParameterCount], gradient, product);

            var errors = new (string What, double Error)[]
            {
                ("Hessian", ErrorMetrics.Normwise(hessian, Read("hessian"))),
                ("input gradient", ErrorMetrics.Normwise(inputGradient, Read("input_gradient"))),
                ("input Jacobian", ErrorMetrics.Normwise(jacobian, Read("input_jacobian"))),
                ("Jacobian's output", ErrorMetrics.Normwise(forward, Read("output"))),
                ("H·v's gradient", ErrorMetrics.Normwise(gradient, Read("gradient"))),
            };
            string report = string.Join("; ", errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.What} {e.Error:E2}")));
            output.WriteLine($"{name}: {report}");
            Assert.True(errors.All(e => e.Error <= ReferenceTolerance), $"{name}: outside 1e-12 normwise: {report}");
            Assert.True(ErrorMetrics.Relative(loss, f.Loss(parameters, x, y)) <= FormTolerance, $"{name}: InputGradient's loss against Loss"); // SIMD vs scalar form, as below
            Assert.Equal(loss, hvpLoss);
            Assert.All(product, p => Assert.Equal(0.0, p)); // H·0 = 0
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void HessianVectorProductsAgreeWithCentralDifferencesOfTheGradientAndAreSymmetric(string name)
        {
            ReferenceCase reference = ReferenceCases.Get(name);
            NetworkFunctions f = ReferenceCaseTests.Compiled.Value.Get(reference.ClassName);
            SensitivityFunctions s = SensitivityFunctions.Of(ReferenceCaseTests.Compiled.Value, Namespace, reference.ClassName);
            double[] parameters = reference.Parameters.ToArray(), x = reference.X.ToArray(), y = reference.Y.ToArray();
            var random = new Random(20261201 + ReferenceCases.All.ToList().IndexOf(reference));
            double[][] directions = Enumerable.Range(0, 3).Select(_ => UnitDirection(random, f.ParameterCount)).ToArray();
            double[][] products = directions.Select(v => s.Product(parameters, x, y, v)).ToArray();
            Assert.All(products, p => Assert.True(ErrorMetrics.AllFinite(p), $"{name}: H·v has a NaN or infinite entry"));

            var gradient = new double[f.ParameterCount];
            f.Backward(parameters, x, y, gradient);
            var hvpGradient = new double[f.ParameterCount];
            s.HessianVectorProduct(parameters, x, y, directions[0], hvpGradient, new double[f.ParameterCount]);
            // Backward takes the SIMD form where a layer's fan-in is 16 or more, which sums in another order than the scalar
            // form H·v keeps: the same gradient to rounding, not bit for bit (SimdFormTests measures 2e-15 at most).
            Assert.True(
                ErrorMetrics.Normwise(hvpGradient, gradient) <= FormTolerance,
                $"{name}: H·v's gradient against Backward's, normwise {ErrorMetrics.Normwise(hvpGradient, gradient):E2}");

            for (int a = 0; a < 3; a++)
            {
                for (int b = a + 1; b < 3; b++)
                {
                    double uHv = Dot(directions[a], products[b]), vHu = Dot(directions[b], products[a]);
                    double scale = directions[a].Zip(products[b], (u, hv) => Math.Abs(u * hv)).Sum();
                    Assert.True(
                        Math.Abs(uHv - vHu) <= SymmetryTolerance * scale,
                        string.Create(CultureInfo.InvariantCulture, $"{name}: uᵀHv = {uHv:R}, vᵀHu = {vHu:R} (scale {scale:E2})"));
                }
            }

            if (NearKink(reference.Network, f, parameters, x, y))
            {
                output.WriteLine($"{name}: at a kink; central differences not compared");
                return;
            }

            double h = RelativeStep * Math.Max(1, parameters.Max(Math.Abs));
            double floor = 1e-2 * Math.Max(1, gradient.Max(Math.Abs));
            for (int d = 0; d < 3; d++)
            {
                double[] central = CentralDifference(f, parameters, x, y, directions[d], h);
                double error = ErrorMetrics.Normwise(central, products[d], floor);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} direction {d}: normwise {error:E2}"));
                Assert.True(error <= DifferenceTolerance, string.Create(CultureInfo.InvariantCulture, $"{name} direction {d}: H·v against central differences {error:E2}"));
            }
        }

        internal static double[] UnitDirection(Random random, int length)
        {
            double[] v = Enumerable.Range(0, length).Select(_ => Gaussian(random)).ToArray();
            double largest = v.Max(Math.Abs);
            return v.Select(e => e / largest).ToArray();
        }

        internal static double Gaussian(Random random)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

        internal static double[] CentralDifference(NetworkFunctions f, double[] parameters, double[] x, double[] y, double[] v, double h)
        {
            double[] plus = parameters.Select((p, k) => p + (h * v[k])).ToArray();
            double[] minus = parameters.Select((p, k) => p - (h * v[k])).ToArray();
            var gPlus = new double[f.ParameterCount];
            var gMinus = new double[f.ParameterCount];
            f.Backward(plus, x, y, gPlus);
            f.Backward(minus, x, y, gMinus);
            return gPlus.Select((g, k) => (g - gMinus[k]) / (2 * h)).ToArray();
        }

        internal static bool NearKink(NetworkDescription network, NetworkFunctions f, double[] parameters, double[] x, double[] y)
        {
            var trace = new double[f.TraceLength];
            f.BackwardWithTrace(parameters, x, y, new double[f.ParameterCount], trace);
            var blocks = new TraceBlocks(trace, network);
            for (int l = 0; l < network.Layers.Count; l++)
            {
                if (network.Layers[l].Activation is Activation.ReLU or Activation.LeakyReLU or Activation.Elu
                    && blocks.Z(l).ToArray().Any(z => Math.Abs(z) < KinkMargin))
                {
                    return true;
                }
            }

            if (network.Loss == LossFunction.Huber)
            {
                double[] a = blocks.A(network.Layers.Count - 1).ToArray();
                return a.Where((ai, i) => Math.Abs(Math.Abs(ai - y[i]) - (network.Delta ?? 1.0)) < KinkMargin).Any();
            }

            return false;
        }
    }
}
