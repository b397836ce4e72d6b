using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// HessianVectorProductBatchMean against the single-sample HessianVectorProduct (itself checked against 50-digit
    /// Hessians and finite differences in <see cref="SecondOrderReferenceTests"/>), and its argument checks, on the three
    /// double and three float networks that <see cref="SinglePrecisionSensitivityTests"/> compiles.
    /// </summary>
    public sealed class HessianVectorProductBatchMeanTests
    {
        private const int Rows = 5;

        private delegate double BatchMeanDelegate(
            ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int rows, ReadOnlySpan<double> direction,
            Span<double> gradient, Span<double> product);

        private delegate float SingleBatchMeanDelegate(
            ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int rows, ReadOnlySpan<float> direction,
            Span<float> gradient, Span<float> product);

        private delegate double InstanceBatchMeanDelegate(
            ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int rows, ReadOnlySpan<double> direction, Span<double> gradient, Span<double> product);

        public static TheoryData<string> Names => new(SinglePrecisionSensitivityTests.Doubles.Select(d => d.Name));

        /// <summary>
        /// The batch mean must equal, bit for bit (tolerance 0), the rows' HessianVectorProduct results summed in row order
        /// from zero and divided once by the row count. Both run the same per-sample body, which adds each row's rounded
        /// values into the spans, and IEEE-754 double arithmetic on one machine is deterministic (RyuJIT does not fuse a
        /// multiply and an add on its own); so any difference is a summation, scaling or row-slicing error, not rounding.
        /// </summary>
        [Theory]
        [MemberData(nameof(Names))]
        public void DoubleBatchMeanIsTheMeanOfTheRowsHessianVectorProducts(string name)
        {
            CompiledNetworks compiled = SinglePrecisionSensitivityTests.Compiled.Value;
            NetworkFunctions f = compiled.Get(name);
            SensitivityFunctions single = SensitivityFunctions.Of(compiled, SinglePrecisionSensitivityTests.Namespace, name);
            var batchMean = CollectibleAssembly.StaticMethod<BatchMeanDelegate>(TypeOf(name), "HessianVectorProductBatchMean");
            var random = new Random(20261201 + name.Length);
            double[] Draw(int n, double scale) => Enumerable.Range(0, n).Select(_ => scale * SecondOrderReferenceTests.Gaussian(random)).ToArray();
            double[] p = Draw(f.ParameterCount, 0.7), x = Draw(Rows * f.InputCount, 1), v = Draw(f.ParameterCount, 1);
            double[] y = Enumerable.Range(0, Rows * f.OutputCount).Select(_ => random.NextDouble()).ToArray();

            double expectedLoss = 0;
            var expectedGradient = new double[f.ParameterCount];
            var expectedProduct = new double[f.ParameterCount];
            var rowGradient = new double[f.ParameterCount];
            var rowProduct = new double[f.ParameterCount];
            for (int row = 0; row < Rows; row++)
            {
                expectedLoss += single.HessianVectorProduct(
                    p, x.AsSpan(row * f.InputCount, f.InputCount), y.AsSpan(row * f.OutputCount, f.OutputCount), v, rowGradient, rowProduct);
                for (int k = 0; k < f.ParameterCount; k++)
                {
                    expectedGradient[k] += rowGradient[k];
                    expectedProduct[k] += rowProduct[k];
                }
            }

            double count = Rows;
            double[] dirtyGradient = Enumerable.Repeat(double.NaN, f.ParameterCount).ToArray();
            double[] dirtyProduct = Enumerable.Repeat(1e300, f.ParameterCount).ToArray();
            double loss = batchMean(p, x, y, Rows, v, dirtyGradient, dirtyProduct);

            Assert.Equal(expectedLoss / count, loss);
            Assert.Equal(expectedGradient.Select(g => g / count), dirtyGradient);
            Assert.Equal(expectedProduct.Select(h => h / count), dirtyProduct);
            Assert.True(dirtyProduct.Max(Math.Abs) > 1e-3, $"{name}: the mean H·v is (nearly) zero, which checks little");

            // The instance form runs the same method on the instance's parameters.
            object instance = Activator.CreateInstance(TypeOf(name))!;
            p.CopyTo((double[])TypeOf(name).GetProperty("Parameters")!.GetValue(instance)!, 0);
            var instanceGradient = new double[f.ParameterCount];
            var instanceProduct = new double[f.ParameterCount];
            var instanceForm = (InstanceBatchMeanDelegate)Delegate.CreateDelegate(
                typeof(InstanceBatchMeanDelegate), instance, TypeOf(name).GetMethod("HessianVectorProductBatchMean", BindingFlags.Public | BindingFlags.Instance)!);
            Assert.Equal(loss, instanceForm(x, y, Rows, v, instanceGradient, instanceProduct));
            Assert.Equal(dirtyGradient, instanceGradient);
            Assert.Equal(dirtyProduct, instanceProduct);
        }

        /// <summary>The same as the double test, for the float form, bit for bit for the same reasons (float arithmetic is IEEE-754 binary32 throughout).</summary>
        [Theory]
        [MemberData(nameof(Names))]
        public void FloatBatchMeanIsTheMeanOfTheRowsHessianVectorProducts(string name)
        {
            CompiledNetworks compiled = SinglePrecisionSensitivityTests.Compiled.Value;
            NetworkFunctions f = compiled.Get(name);
            Type type = TypeOf(name + "Single");
            var hvp = CollectibleAssembly.StaticMethod<SingleHessianVectorProductDelegate>(type, "HessianVectorProduct");
            var batchMean = CollectibleAssembly.StaticMethod<SingleBatchMeanDelegate>(type, "HessianVectorProductBatchMean");
            var random = new Random(20261202 + name.Length);
            float[] Draw(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)(scale * SecondOrderReferenceTests.Gaussian(random))).ToArray();
            float[] p = Draw(f.ParameterCount, 0.7), x = Draw(Rows * f.InputCount, 1), v = Draw(f.ParameterCount, 1);
            float[] y = Enumerable.Range(0, Rows * f.OutputCount).Select(_ => (float)random.NextDouble()).ToArray();

            float expectedLoss = 0;
            var expectedGradient = new float[f.ParameterCount];
            var expectedProduct = new float[f.ParameterCount];
            var rowGradient = new float[f.ParameterCount];
            var rowProduct = new float[f.ParameterCount];
            for (int row = 0; row < Rows; row++)
            {
                expectedLoss += hvp(p, x.AsSpan(row * f.InputCount, f.InputCount), y.AsSpan(row * f.OutputCount, f.OutputCount), v, rowGradient, rowProduct);
                for (int k = 0; k < f.ParameterCount; k++)
                {
                    expectedGradient[k] += rowGradient[k];
                    expectedProduct[k] += rowProduct[k];
                }
            }

            float count = Rows;
            var gradient = new float[f.ParameterCount];
            var product = new float[f.ParameterCount];
            float loss = batchMean(p, x, y, Rows, v, gradient, product);

            Assert.Equal(expectedLoss / count, loss);
            Assert.Equal(expectedGradient.Select(g => g / count), gradient);
            Assert.Equal(expectedProduct.Select(h => h / count), product);
            Assert.True(product.Max(Math.Abs) > 1e-3f, $"{name}: the mean H·v is (nearly) zero, which checks little");
        }

        /// <summary>Every span one too short and one too long, then a negative and a zero row count.</summary>
        public static TheoryData<string, int> WrongArguments
        {
            get
            {
                var data = new TheoryData<string, int>();
                foreach (string argument in new[] { "parameters", "inputs", "targets", "direction", "gradient", "product" })
                {
                    data.Add(argument, -1);
                    data.Add(argument, +1);
                }

                return data;
            }
        }

        [Theory]
        [MemberData(nameof(WrongArguments))]
        public void ASpanOfTheWrongLengthThrowsNamingTheArgument(string argument, int lengthError)
        {
            NetworkFunctions f = SinglePrecisionSensitivityTests.Compiled.Value.Get("Classifier");
            var batchMean = CollectibleAssembly.StaticMethod<BatchMeanDelegate>(TypeOf("Classifier"), "HessianVectorProductBatchMean");
            var lengths = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["parameters"] = f.ParameterCount, ["inputs"] = Rows * f.InputCount, ["targets"] = Rows * f.OutputCount,
                ["direction"] = f.ParameterCount, ["gradient"] = f.ParameterCount, ["product"] = f.ParameterCount,
            };
            int expectedLength = lengths[argument];
            lengths[argument] += lengthError;
            double[] Buffer(string name) => new double[lengths[name]];

            ArgumentException e = Assert.ThrowsAny<ArgumentException>(() =>
                batchMean(Buffer("parameters"), Buffer("inputs"), Buffer("targets"), Rows, Buffer("direction"), Buffer("gradient"), Buffer("product")));

            Assert.Equal(argument, e.ParamName);
            Assert.Contains(expectedLength.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(0)]
        public void ANegativeOrZeroRowCountThrowsNamingRows(int rows)
        {
            NetworkFunctions f = SinglePrecisionSensitivityTests.Compiled.Value.Get("Classifier");
            var batchMean = CollectibleAssembly.StaticMethod<BatchMeanDelegate>(TypeOf("Classifier"), "HessianVectorProductBatchMean");
            double[] theta = new double[f.ParameterCount], gradient = new double[f.ParameterCount], product = new double[f.ParameterCount];

            ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() =>
                batchMean(theta, Array.Empty<double>(), Array.Empty<double>(), rows, theta, gradient, product));

            Assert.Equal("rows", e.ParamName);
        }

        private static Type TypeOf(string name) =>
            SinglePrecisionSensitivityTests.Compiled.Value.Assembly!.GetType(SinglePrecisionSensitivityTests.Namespace + "." + name);
    }
}
