using System;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// <see cref="ScalarMath.Tanh(double)"/> and <see cref="ScalarMath.SechSquared(double)"/>, which every tanh unit
    /// calls, against 40-digit values (References/scalar-math/tanh.txt, written by generate.py beside it with mpmath):
    /// 722 points over every branch of both (tiny, the rational below 0.55, the exponential above, the ±1 past 22, both
    /// signs, subnormals and the neighbours of each threshold) and the special values.
    /// </summary>
    public sealed class ScalarMathTests
    {
        /// <summary>
        /// The bound on |computed − reference| in ulps of the reference rounded to double: the function's own error (at most
        /// about 1.5 ulps: an exponential within an ulp, scaled by at most 0.75 in (1 − e)/(1 + e), and the quotient's
        /// roundings; measured: 1) plus the half ulp of rounding the reference.
        /// </summary>
        private const double TanhUlps = 2.0;

        /// <summary>
        /// sech² = 4e/(1 + e)² is five correctly rounded operations on an exponential within an ulp: at most about three
        /// ulps in all, plus the reference's half.
        /// </summary>
        private const double SechSquaredUlps = 4.0;

        private readonly ITestOutputHelper _output;

        public ScalarMathTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void TanhIsWithinTwoUlpsOfTheFortyDigitValues()
        {
            double worst = Worst(p => ScalarMath.Tanh(p.X), p => p.Tanh);
            _output.WriteLine(FormattableString.Invariant($"tanh: worst {worst:0.###} ulps over {Points.Length} points"));
            Assert.True(worst <= TanhUlps, FormattableString.Invariant($"tanh is {worst} ulps off somewhere (bound {TanhUlps})."));
        }

        [Fact]
        public void SechSquaredIsWithinFourUlpsOfTheFortyDigitValues()
        {
            double worst = Worst(p => ScalarMath.SechSquared(p.X), p => p.SechSquared);
            _output.WriteLine(FormattableString.Invariant($"sech²: worst {worst:0.###} ulps over {Points.Length} points"));
            Assert.True(worst <= SechSquaredUlps, FormattableString.Invariant($"sech² is {worst} ulps off somewhere (bound {SechSquaredUlps})."));
        }

        [Fact]
        public void SinglePrecisionTanhAndSechSquaredAreTheDoubleResultsRoundedOnce()
        {
            // The float overloads compute in double and round once, so against the reference rounded to float they are off
            // by at most the double result's error (far below a float ulp) plus one rounding: one float ulp.
            foreach (var p in Points.Where(p => Math.Abs(p.X) < float.MaxValue))
            {
                float x = (float)p.X;
                if (x != p.X)
                {
                    continue; // only points that are floats, so that the reference is at the same x
                }

                Assert.True(FloatUlps(ScalarMath.Tanh(x), (float)p.Tanh) <= 1, FormattableString.Invariant($"float tanh({x:R})"));
                Assert.True(FloatUlps(ScalarMath.SechSquared(x), (float)p.SechSquared) <= 1, FormattableString.Invariant($"float sech²({x:R})"));
            }
        }

        [Fact]
        public void SpecialValuesAreThoseOfTheLibraryFunctions()
        {
            Assert.True(double.IsNaN(ScalarMath.Tanh(double.NaN)));
            Assert.Equal(1.0, ScalarMath.Tanh(double.PositiveInfinity));
            Assert.Equal(-1.0, ScalarMath.Tanh(double.NegativeInfinity));
            Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(ScalarMath.Tanh(-0.0)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(ScalarMath.Tanh(0.0)));
            Assert.Equal(-1.0, ScalarMath.Tanh(-1e300));
            Assert.True(double.IsNaN(ScalarMath.SechSquared(double.NaN)));
            Assert.Equal(0.0, ScalarMath.SechSquared(double.PositiveInfinity));
            Assert.Equal(0.0, ScalarMath.SechSquared(double.NegativeInfinity));
            Assert.Equal(1.0, ScalarMath.SechSquared(0.0));
            Assert.True(float.IsNaN(ScalarMath.Tanh(float.NaN)));
            Assert.Equal(-1f, ScalarMath.Tanh(float.NegativeInfinity));
        }

        [Fact]
        public void TanhIsOddAndMonotoneAcrossItsThresholds()
        {
            // Where the branches meet (0.55 and 22), the values must not step back: a wrong constant in the rational or the
            // exponential form shows as a jump here even between reference points.
            foreach (double threshold in new[] { 0.55, 22.0 })
            {
                double x = threshold;
                for (int i = 0; i < 64; i++)
                {
                    x = Math.BitDecrement(x);
                }

                double previous = ScalarMath.Tanh(x);
                for (int i = 0; i < 128; i++)
                {
                    x = Math.BitIncrement(x);
                    double value = ScalarMath.Tanh(x);
                    Assert.True(value >= previous, FormattableString.Invariant($"tanh({x:R}) = {value:R} < tanh of the double below = {previous:R}"));
                    Assert.Equal(-value, ScalarMath.Tanh(-x));
                    previous = value;
                }
            }
        }

        /// <summary>
        /// ScalarMath.ExpNonPositive, DerivGen's own exponential (σ's, softmax's and tanh's), against 40-digit values of e^x
        /// over its whole domain, every entry of its table of 2^(j/128) included: within an ulp of the reference rounded to
        /// double (the table's entries carry a correction and the polynomial of the reduced argument is within 6e-19 of
        /// e^r − 1, so what is left is about half an ulp of rounding; measured: the reference rounded, at every point).
        /// </summary>
        [Fact]
        public void ExpNonPositiveIsWithinOneUlpOfTheFortyDigitValues()
        {
            Assert.True(ScalarMathReference.Exp.Length > 500, "the reference file is incomplete");
            double worst = 0;
            foreach (var p in ScalarMathReference.Exp)
            {
                double value = ScalarMath.ExpNonPositive(p.X);
                double ulps = ScalarMathReference.Ulps(value, p.Exp);
                Assert.False(double.IsNaN(ulps), FormattableString.Invariant($"x = {p.X:R}: {value:R} against {p.Exp:R}"));
                worst = Math.Max(worst, ulps);
            }

            _output.WriteLine(FormattableString.Invariant($"e^x: worst {worst:0.###} ulps over {ScalarMathReference.Exp.Length} points"));
            Assert.True(worst <= 1.0, FormattableString.Invariant($"e^x is {worst} ulps off somewhere (bound 1)."));
        }

        /// <summary>Past the last normal result e^x is 0, −∞ included; NaN stays NaN.</summary>
        [Fact]
        public void ExpNonPositiveIsZeroBelowTheNormalRangeAndKeepsNaN()
        {
            Assert.Equal(0.0, ScalarMath.ExpNonPositive(-708.4));
            Assert.Equal(0.0, ScalarMath.ExpNonPositive(-1e300));
            Assert.Equal(0.0, ScalarMath.ExpNonPositive(double.NegativeInfinity));
            Assert.True(double.IsNaN(ScalarMath.ExpNonPositive(double.NaN)));
            Assert.Equal(1.0, ScalarMath.ExpNonPositive(-0.0));
        }

        private static ScalarMathReference.TanhPoint[] Points => ScalarMathReference.Tanh;

        private static double Worst(Func<ScalarMathReference.TanhPoint, double> computed, Func<ScalarMathReference.TanhPoint, double> reference)
        {
            Assert.True(Points.Length > 700, "the reference file is incomplete");
            double worst = 0;
            foreach (var p in Points)
            {
                double value = computed(p), expected = reference(p);
                double ulps = ScalarMathReference.Ulps(value, expected);
                Assert.False(double.IsNaN(ulps), FormattableString.Invariant($"x = {p.X:R}: {value:R} against {expected:R}"));
                worst = Math.Max(worst, ulps);
            }

            return worst;
        }

        private static int FloatUlps(float a, float b) => Math.Abs(BitConverter.SingleToInt32Bits(a) - BitConverter.SingleToInt32Bits(b));

    }
}
