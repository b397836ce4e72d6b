using System;
using System.Globalization;
using System.IO;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// <see cref="ActivationKernels.Tanh(ReadOnlySpan{double}, Span{double})"/>, which a SIMD-form tanh layer calls instead of
    /// one ScalarMath.Tanh per unit, against the same 40-digit values as <see cref="ScalarMathTests"/>
    /// (References/scalar-math/tanh.txt) and against ScalarMath.Tanh itself where the two share their arithmetic.
    /// </summary>
    public sealed class ActivationKernelTests
    {
        /// <summary>
        /// The bound in ulps of the reference: e^−2|x| from TensorPrimitives.Exp is within 2 ulps of Math.Exp's (itself within
        /// about half an ulp), and (1 − e)/(1 + e) with e ≤ 0.33 scales e's error by at most 2e/(1 − e²) ≈ 0.75; with the
        /// quotient's own roundings, about 3.5 ulps, plus the half ulp of rounding the reference.
        /// </summary>
        private const double TanhUlps = 4.0;

        private readonly ITestOutputHelper _output;

        public ActivationKernelTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void TanhIsWithinFourUlpsOfTheFortyDigitValues()
        {
            var points = Points;
            Assert.True(points.Length > 700, "the reference file is incomplete");

            // One call over every point: whole vectors and, 722 not being a multiple of the width, the scalar tail.
            var x = points.Select(p => p.X).ToArray();
            var a = new double[x.Length];
            ActivationKernels.Tanh(x, a);
            double worst = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double expected = points[i].Tanh;
                double ulps = a[i] == expected ? 0 : Math.Abs(a[i] - expected) / Ulp(expected);
                Assert.False(double.IsNaN(ulps), FormattableString.Invariant($"x = {x[i]:R}: {a[i]:R} against {expected:R}"));
                worst = Math.Max(worst, ulps);
            }

            _output.WriteLine(FormattableString.Invariant($"kernel tanh: worst {worst:0.###} ulps over {x.Length} points"));
            Assert.True(worst <= TanhUlps, FormattableString.Invariant($"the kernel's tanh is {worst} ulps off somewhere (bound {TanhUlps})."));
        }

        /// <summary>
        /// Below |x| = 0.55 the kernel runs ScalarMath's rational function operation for operation, so it must give the same
        /// bits; and the special values (±0 with their sign, ±∞, NaN, ±1 past 22) are ScalarMath's, in the vector lanes and in
        /// the scalar tail (lengths 1 to 9 put each value in both).
        /// </summary>
        [Fact]
        public void TanhIsScalarMathsBitForBitBelowTheExponentialAndAtSpecialValues()
        {
            var random = new Random(20261202);
            var values = Enumerable.Range(0, 400).Select(_ => (2 * random.NextDouble() - 1) * 0.55 * Math.Pow(10, -random.Next(0, 12)))
                .Concat(Points.Select(p => p.X).Where(x => Math.Abs(x) < 0.55))
                .Concat(new[] { 0.0, -0.0, double.Epsilon, -double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 22.0, -22.0, 1e300, -1e300 })
                .ToArray();
            for (int length = 1; length <= 9; length++)
            {
                for (int start = 0; start + length <= values.Length; start += length)
                {
                    var z = values.AsSpan(start, length);
                    var a = new double[length];
                    ActivationKernels.Tanh(z, a);
                    for (int i = 0; i < length; i++)
                    {
                        Assert.True(
                            BitConverter.DoubleToInt64Bits(ScalarMath.Tanh(z[i])) == BitConverter.DoubleToInt64Bits(a[i]),
                            FormattableString.Invariant($"tanh({z[i]:R}): kernel {a[i]:R}, ScalarMath {ScalarMath.Tanh(z[i]):R} (length {length})"));
                    }
                }
            }
        }

        [Fact]
        public void ActivationsOfTheWrongLengthAreRejected()
        {
            var exception = Assert.Throws<ArgumentException>(() => ActivationKernels.Tanh(new double[4], new double[3]));
            Assert.Equal("a", exception.ParamName);
        }

        private static readonly (double X, double Tanh)[] Points = File.ReadLines(Path.Combine(RepositoryPaths.Root, "tests", "DerivGen.Tests", "References", "scalar-math", "tanh.txt"))
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .Select(f => (Parse(f[0]), Parse(f[1])))
            .ToArray();

        private static double Ulp(double value) => value == 0 ? double.Epsilon : Math.BitIncrement(Math.Abs(value)) - Math.Abs(value);

        private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
