using System;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The float HessianVectorProduct, InputGradient and InputJacobian of Precision.Single networks against the double
    /// methods of the same networks at the same (float) values, for three networks in one compilation.
    /// </summary>
    public sealed class SinglePrecisionSensitivityTests
    {
        /// <summary>
        /// Normwise. The float code rounds each of its few dozen operations per result to ε = 6e-8 relative; with these
        /// O(1) values and sums of at most a few dozen terms that is ≲ 5e-6 of the largest entry. 1e-4 leaves a factor 20,
        /// and a wrong term (an O(1) error) still fails it.
        /// </summary>
        private const double Tolerance = 1e-4;

        internal const string Namespace = "SingleSensitivityNetworks";

        internal static readonly NetworkDescription[] Doubles =
        {
            new("Tiny", 3, new LayerDescription[] { new(3, Activation.ReLU), new(1, Activation.Sigmoid) }),
            new("Classifier", 4, new LayerDescription[] { new(5, Activation.Tanh), new(3, Activation.Softmax) }, LossFunction.CrossEntropy),
            new("Robust", 2, new LayerDescription[] { new(4, Activation.Softplus), new(2, Activation.Identity) }, LossFunction.Huber),
        };

        /// <summary>Shared with <see cref="HessianVectorProductBatchMeanTests"/>: three networks, each in double and float.</summary>
        internal static readonly Lazy<CompiledNetworks> Compiled = new(() => CompiledNetworks.Build(
            Doubles.Concat(Doubles.Select(d => d with { Name = d.Name + "Single", Precision = Precision.Single })).ToArray(),
            Namespace, "DerivGen.SingleSensitivityNetworks"));

        public static TheoryData<string> Names => new(Doubles.Select(d => d.Name));

        [Theory]
        [MemberData(nameof(Names))]
        public void FloatMethodsAgreeWithTheDoubleOnesAtFloatTolerance(string name)
        {
            CompiledNetworks compiled = Compiled.Value;
            NetworkFunctions f = compiled.Get(name);
            SensitivityFunctions d = SensitivityFunctions.Of(compiled, Namespace, name);
            compiled.GetSingle(name + "Single");
            Type single = compiled.Assembly!.GetType(Namespace + "." + name + "Single");
            var hvp = CollectibleAssembly.StaticMethod<SingleHessianVectorProductDelegate>(single, "HessianVectorProduct");
            var inputGradient = CollectibleAssembly.StaticMethod<SingleInputGradientDelegate>(single, "InputGradient");
            var jacobian = CollectibleAssembly.StaticMethod<SingleInputJacobianDelegate>(single, "InputJacobian");

            var random = new Random(name.Length * 7919);
            float[] Draw(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)(scale * SecondOrderReferenceTests.Gaussian(random))).ToArray();
            float[] p = Draw(f.ParameterCount, 0.7), x = Draw(f.InputCount, 1), v = Draw(f.ParameterCount, 1);
            float[] y = Enumerable.Range(0, f.OutputCount).Select(_ => (float)random.NextDouble()).ToArray();
            double[] D(float[] values) => values.Select(e => (double)e).ToArray();

            var gradient = new float[f.ParameterCount];
            var product = new float[f.ParameterCount];
            float loss = hvp(p, x, y, v, gradient, product);
            var expectedGradient = new double[f.ParameterCount];
            var expectedProduct = new double[f.ParameterCount];
            double expectedLoss = d.HessianVectorProduct(D(p), D(x), D(y), D(v), expectedGradient, expectedProduct);

            var dx = new float[f.InputCount];
            inputGradient(p, x, y, dx);
            var expectedDx = new double[f.InputCount];
            d.InputGradient(D(p), D(x), D(y), expectedDx);

            var output = new float[f.OutputCount];
            var j = new float[f.OutputCount * f.InputCount];
            jacobian(p, x, output, j);
            var expectedOutput = new double[f.OutputCount];
            var expectedJ = new double[f.OutputCount * f.InputCount];
            d.InputJacobian(D(p), D(x), expectedOutput, expectedJ);

            var errors = new (string What, double Error)[]
            {
                ("loss", ErrorMetrics.Relative(loss, expectedLoss)),
                ("gradient", ErrorMetrics.Normwise(D(gradient), expectedGradient)),
                ("H·v", ErrorMetrics.Normwise(D(product), expectedProduct)),
                ("dL/dx", ErrorMetrics.Normwise(D(dx), expectedDx)),
                ("output", ErrorMetrics.Normwise(D(output), expectedOutput)),
                ("∂a/∂x", ErrorMetrics.Normwise(D(j), expectedJ)),
            };
            string report = string.Join("; ", errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.What} {e.Error:E2}")));
            Assert.True(errors.All(e => e.Error <= Tolerance), $"{name}: float against double: {report}");
            Assert.True(expectedProduct.Max(Math.Abs) > 1e-3, $"{name}: H·v is (nearly) zero, which checks little");
        }
    }
}
