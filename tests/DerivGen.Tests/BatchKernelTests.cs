using System;
using System.Linq;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The runtime kernels that mini-batch methods call, against the per-sample operations they replace, bit for bit (both
    /// promise the same bits: the sums keep the samples' order, and a vector division rounds each quotient as a scalar one
    /// does). The shapes cover the vector loops, the single-vector blocks and the scalar tails of every width.
    /// </summary>
    public sealed class BatchKernelTests
    {
        /// <summary>(rows, columns, units): one sample and several, odd rows for AffineRows' pairs, columns below, at and past whole vectors.</summary>
        public static TheoryData<int, int, int> Shapes => new()
        {
            { 1, 1, 1 }, { 3, 5, 2 }, { 8, 64, 64 }, { 7, 37, 9 }, { 9, 17, 33 }, { 2, 4, 16 }, { 5, 3, 6 },
        };

        [Theory]
        [MemberData(nameof(Shapes))]
        public void OuterSumIsOuterAccumulatedSampleAfterSample(int rows, int columns, int units)
        {
            var random = new Random((rows * 1000) + (columns * 10) + units);
            double[] dz = Draw(random, rows * units);
            double[] x = Draw(random, rows * columns);
            double[] start = Draw(random, units * columns);
            AssertOuterSumIsOuterSampleAfterSample<double>(dz, x, start, rows, DenseKernels.Outer, DenseKernels.OuterSum);
            AssertOuterSumIsOuterSampleAfterSample<float>(Single(dz), Single(x), Single(start), rows, DenseKernels.Outer, DenseKernels.OuterSum);
        }

        [Theory]
        [MemberData(nameof(Shapes))]
        public void AffineRowsIsAffineSampleAfterSample(int rows, int columns, int units)
        {
            var random = new Random((rows * 1000) + (columns * 10) + units + 1);
            double[] weights = Draw(random, units * columns);
            double[] bias = Draw(random, units);
            double[] x = Draw(random, rows * columns);
            AssertAffineRowsIsAffineSampleAfterSample<double>(weights, bias, x, rows, DenseKernels.Affine, DenseKernels.AffineRows);
            AssertAffineRowsIsAffineSampleAfterSample<float>(Single(weights), Single(bias), Single(x), rows, DenseKernels.Affine, DenseKernels.AffineRows);
        }

        [Fact]
        public void AffineRowsRejectsShapesThatDoNotFit()
        {
            var weights = new double[12];
            var bias = new double[3];
            Assert.Equal("rows", Assert.Throws<ArgumentException>(() => DenseKernels.AffineRows(weights, bias, new double[8], 0, new double[6])).ParamName);
            Assert.Equal("rows", Assert.Throws<ArgumentException>(() => DenseKernels.AffineRows(weights, bias, new double[8], 2, new double[5])).ParamName);
            Assert.Equal("weights", Assert.Throws<ArgumentException>(() => DenseKernels.AffineRows(weights, bias, new double[10], 2, new double[6])).ParamName);
        }

        /// <summary>
        /// BiasGradient, which a SIMD-form layer calls for dL/db: a copy of dL/dz, or one addition per entry when
        /// accumulating, so exactly the scalar stores g[i] = dz[i] and g[i] += dz[i] (lengths below, at and past whole
        /// vectors, in double and float); a gradient of another length is rejected, naming it.
        /// </summary>
        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(16)]
        [InlineData(37)]
        public void BiasGradientIsTheScalarStores(int units)
        {
            var random = new Random(units);
            var dz = Enumerable.Range(0, units).Select(_ => (2 * random.NextDouble() - 1) * Math.Pow(10, random.Next(-20, 20))).ToArray();
            var before = Enumerable.Range(0, units).Select(_ => 2 * random.NextDouble() - 1).ToArray();

            var written = (double[])before.Clone();
            DenseKernels.BiasGradient(dz, written, accumulate: false);
            var added = (double[])before.Clone();
            DenseKernels.BiasGradient(dz, added, accumulate: true);
            var addedSingle = before.Select(v => (float)v).ToArray();
            DenseKernels.BiasGradient(dz.Select(v => (float)v).ToArray(), addedSingle, accumulate: true);
            for (int i = 0; i < units; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(dz[i]), BitConverter.DoubleToInt64Bits(written[i]));
                Assert.Equal(BitConverter.DoubleToInt64Bits(before[i] + dz[i]), BitConverter.DoubleToInt64Bits(added[i]));
                Assert.Equal(BitConverter.SingleToInt32Bits((float)before[i] + (float)dz[i]), BitConverter.SingleToInt32Bits(addedSingle[i]));
            }

            Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => DenseKernels.BiasGradient(dz, new double[units + 1], accumulate: false)).ParamName);
        }

        [Fact]
        public void OuterSumRejectsShapesThatDoNotFit()
        {
            var gradient = new double[12];
            Assert.Equal("rows", Assert.Throws<ArgumentException>(() => DenseKernels.OuterSum(new double[6], new double[8], 0, gradient)).ParamName);
            Assert.Equal("rows", Assert.Throws<ArgumentException>(() => DenseKernels.OuterSum(new double[7], new double[8], 2, gradient)).ParamName);
            Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => DenseKernels.OuterSum(new double[6], new double[8], 2, new double[11])).ParamName);
        }

        [Fact]
        public void DivideRoundsEachQuotientAsAScalarDivisionDoes()
        {
            var random = new Random(7);
            foreach (int length in Enumerable.Range(0, 41))
            {
                foreach (double divisor in new[] { 3.0, 32.0, 7.0, 1e-300 })
                {
                    double[] values = Draw(random, length);
                    double[] expected = values.Select(v => v / divisor).ToArray();
                    VectorMath.Divide(values, divisor);
                    Assert.Equal(expected, values);

                    float[] singles = Draw(random, length).Select(v => (float)v).ToArray();
                    float[] expectedSingles = singles.Select(v => v / (float)divisor).ToArray();
                    VectorMath.Divide(singles, (float)divisor);
                    Assert.Equal(expectedSingles, singles);
                }
            }
        }

        private delegate void OuterKernel<T>(ReadOnlySpan<T> dz, ReadOnlySpan<T> x, Span<T> gradient, bool accumulate);

        private delegate void OuterSumKernel<T>(ReadOnlySpan<T> dzRows, ReadOnlySpan<T> xRows, int rows, Span<T> gradient);

        private delegate void AffineKernel<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> z);

        private delegate void AffineRowsKernel<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, ReadOnlySpan<T> xRows, int rows, Span<T> zRows);

        private static void AssertOuterSumIsOuterSampleAfterSample<T>(T[] dz, T[] x, T[] start, int rows, OuterKernel<T> outer, OuterSumKernel<T> outerSum)
        {
            int units = dz.Length / rows;
            int columns = x.Length / rows;
            var expected = (T[])start.Clone();
            for (int r = 0; r < rows; r++)
            {
                outer(dz.AsSpan(r * units, units), x.AsSpan(r * columns, columns), expected, accumulate: true);
            }

            var actual = (T[])start.Clone();
            outerSum(dz, x, rows, actual);
            Assert.Equal(expected, actual);
        }

        private static void AssertAffineRowsIsAffineSampleAfterSample<T>(T[] weights, T[] bias, T[] x, int rows, AffineKernel<T> affine, AffineRowsKernel<T> affineRows)
        {
            int units = bias.Length;
            int columns = x.Length / rows;
            var expected = new T[rows * units];
            for (int r = 0; r < rows; r++)
            {
                affine(weights, bias, x.AsSpan(r * columns, columns), expected.AsSpan(r * units, units));
            }

            var actual = new T[rows * units];
            affineRows(weights, bias, x, rows, actual);
            Assert.Equal(expected, actual);
        }

        private static float[] Single(double[] values) => values.Select(v => (float)v).ToArray();

        private static double[] Draw(Random random, int count) =>
            Enumerable.Range(0, count).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-20, 20))).ToArray();
    }
}
