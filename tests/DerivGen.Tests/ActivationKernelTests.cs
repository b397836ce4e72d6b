using System;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// <see cref="ActivationKernels.Tanh(ReadOnlySpan{double}, Span{double})"/> and TanhBackward, which a SIMD-form tanh layer
    /// calls instead of one ScalarMath.Tanh and one tanh′ per unit (and the ReLU kernels, at the end), against the same 40-digit values as <see cref="ScalarMathTests"/>
    /// (References/scalar-math/tanh.txt) and against ScalarMath.Tanh itself where the two share their arithmetic.
    /// </summary>
    public sealed class ActivationKernelTests
    {
        /// <summary>
        /// The bound in ulps of the reference: e^−2|x| from the kernels' own exponential (VectorExp, table-driven, within an
        /// ulp), scaled by 2e/(1 − e²) ≤ 0.75 in (1 − e)/(1 + e), the quotient's roundings, and
        /// the half ulp of rounding the reference: about 3.5 (measured: 1).
        /// </summary>
        private const double TanhUlps = 4.0;

        /// <summary>
        /// sech² = 4e/(1 + e)²: e's ulp or so reaches the quotient scaled by (1 − e)/(1 + e) &lt; 1, its five roundings add
        /// about 2.5, and the reference's rounding half an ulp (measured: 3).
        /// </summary>
        private const double SechSquaredUlps = 6.0;

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
                double ulps = ScalarMathReference.Ulps(a[i], expected);
                Assert.False(double.IsNaN(ulps), FormattableString.Invariant($"x = {x[i]:R}: {a[i]:R} against {expected:R}"));
                worst = Math.Max(worst, ulps);
            }

            _output.WriteLine(FormattableString.Invariant($"kernel tanh: worst {worst:0.###} ulps over {x.Length} points"));
            Assert.True(worst <= TanhUlps, FormattableString.Invariant($"the kernel's tanh is {worst} ulps off somewhere (bound {TanhUlps})."));
        }

        /// <summary>
        /// The kernel runs ScalarMath.Tanh's operations in vectors (the rational function below |x| = 0.55, and above it the
        /// same exponential, VectorExp, whose lanes give its scalar twin's bits), so it must give ScalarMath's bits everywhere:
        /// tiny values, the reference points on both branches, and the special values (±0 with their sign, ±∞, NaN, ±1 past
        /// 22), in the vector lanes and in the scalar tail (lengths 1 to 9 put each value in both).
        /// </summary>
        [Fact]
        public void TanhIsScalarMathsBitForBit()
        {
            var random = new Random(20261202);
            var values = Enumerable.Range(0, 400).Select(_ => (2 * random.NextDouble() - 1) * 0.55 * Math.Pow(10, -random.Next(0, 12)))
                .Concat(Points.Select(p => p.X))
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

        /// <summary>
        /// With dL/da = 1, TanhBackward gives tanh′ itself: past |z| = 1 the kernel's sech², 4e/(1 + e)², against the
        /// 40-digit values, within <see cref="SechSquaredUlps"/>, and bit for bit ScalarMath.SechSquared, which the scalar form
        /// calls; up to |z| = 1, (1 − a)(1 + a) of the a given, which has no exponential and must be the scalar form's bits.
        /// </summary>
        [Fact]
        public void TanhBackwardIsTheScalarFormsDerivative()
        {
            var points = Points.Where(p => !double.IsNaN(p.X)).ToArray();
            var z = points.Select(p => p.X).ToArray();
            var a = z.Select(ScalarMath.Tanh).ToArray();
            var ones = Enumerable.Repeat(1.0, z.Length).ToArray();
            var dz = new double[z.Length];
            ActivationKernels.TanhBackward(z, a, ones, dz);
            double worst = 0;
            for (int i = 0; i < z.Length; i++)
            {
                if (Math.Abs(z[i]) - 1.0 > 0.0)
                {
                    double expected = points[i].SechSquared;
                    double ulps = ScalarMathReference.Ulps(dz[i], expected);
                    Assert.False(double.IsNaN(ulps), FormattableString.Invariant($"z = {z[i]:R}: {dz[i]:R} against {expected:R}"));
                    worst = Math.Max(worst, ulps);
                    Assert.True(BitConverter.DoubleToInt64Bits(ScalarMath.SechSquared(z[i])) == BitConverter.DoubleToInt64Bits(dz[i]),
                        FormattableString.Invariant($"sech²({z[i]:R}): kernel {dz[i]:R}, ScalarMath {ScalarMath.SechSquared(z[i]):R}"));
                }
                else
                {
                    double near = (1.0 - a[i]) * (1.0 + a[i]);
                    Assert.True(BitConverter.DoubleToInt64Bits(near) == BitConverter.DoubleToInt64Bits(dz[i]), FormattableString.Invariant($"tanh'({z[i]:R}): {dz[i]:R} against {near:R}"));
                }
            }

            _output.WriteLine(FormattableString.Invariant($"kernel sech²: worst {worst:0.###} ulps"));
            Assert.True(worst <= SechSquaredUlps, FormattableString.Invariant($"the kernel's sech² is {worst} ulps off somewhere (bound {SechSquaredUlps})."));

            // And dL/dz = dL/da·tanh′ is one more rounded product, as in the scalar code.
            var da = z.Select((_, i) => 0.5 + i).ToArray();
            var scaled = new double[z.Length];
            ActivationKernels.TanhBackward(z, a, da, scaled);
            for (int i = 0; i < z.Length; i++)
            {
                Assert.Equal(da[i] * dz[i], scaled[i]);
            }
        }

        /// <summary>
        /// The kernels give each unit the same bits wherever its buffer lies and whichever lane or tail computes it: a layer's
        /// activations in Forward and in Backward (stack buffers at different addresses) must agree, which an exponential
        /// whose last bits follow the alignment (TensorPrimitives.Exp's) would break.
        /// </summary>
        [Fact]
        public void TheKernelsGiveTheSameBitsAtEveryOffsetAndLength()
        {
            var z = Points.Select(p => p.X).Where(x => !double.IsNaN(x)).ToArray();
            var a = new double[z.Length];
            ActivationKernels.Tanh(z, a);
            var dz = new double[z.Length];
            ActivationKernels.TanhBackward(z, a, z, dz);
            for (int offset = 1; offset < 8; offset++)
            {
                var shifted = new double[z.Length + offset];
                z.CopyTo(shifted, offset);
                var shiftedA = new double[z.Length + offset];
                var shiftedDz = new double[z.Length + offset];
                ActivationKernels.Tanh(shifted.AsSpan(offset), shiftedA.AsSpan(offset));
                ActivationKernels.TanhBackward(shifted.AsSpan(offset), shiftedA.AsSpan(offset), shifted.AsSpan(offset), shiftedDz.AsSpan(offset));
                for (int i = 0; i < z.Length; i++)
                {
                    Assert.True(BitConverter.DoubleToInt64Bits(a[i]) == BitConverter.DoubleToInt64Bits(shiftedA[offset + i]), FormattableString.Invariant($"tanh({z[i]:R}) at offset {offset}"));
                    Assert.True(BitConverter.DoubleToInt64Bits(dz[i]) == BitConverter.DoubleToInt64Bits(shiftedDz[offset + i]), FormattableString.Invariant($"tanh'({z[i]:R}) at offset {offset}"));
                }
            }

            // One value at a time: every unit through the scalar tail.
            for (int i = 0; i < z.Length; i++)
            {
                var one = new double[1];
                ActivationKernels.Tanh(z.AsSpan(i, 1), one);
                Assert.True(BitConverter.DoubleToInt64Bits(a[i]) == BitConverter.DoubleToInt64Bits(one[0]), FormattableString.Invariant($"tanh({z[i]:R}) alone"));
                ActivationKernels.TanhBackward(z.AsSpan(i, 1), a.AsSpan(i, 1), z.AsSpan(i, 1), one);
                Assert.True(BitConverter.DoubleToInt64Bits(dz[i]) == BitConverter.DoubleToInt64Bits(one[0]), FormattableString.Invariant($"tanh'({z[i]:R}) alone"));
            }
        }

        [Fact]
        public void ActivationsOfTheWrongLengthAreRejected()
        {
            var exception = Assert.Throws<ArgumentException>(() => ActivationKernels.Tanh(new double[4], new double[3]));
            Assert.Equal("a", exception.ParamName);
            exception = Assert.Throws<ArgumentException>(() => ActivationKernels.TanhBackward(new double[4], new double[4], new double[3], new double[4]));
            Assert.Equal("dz", exception.ParamName);
            exception = Assert.Throws<ArgumentException>(() => ActivationKernels.Relu(new double[4], new double[5]));
            Assert.Equal("a", exception.ParamName);
            exception = Assert.Throws<ArgumentException>(() => ActivationKernels.ReluBackward(new double[4], new double[3], new double[4]));
            Assert.Equal("dz", exception.ParamName);
        }

        /// <summary>
        /// The ReLU kernels give the scalar form's bits: a = Math.Max(z, 0) (+0 for −0 and negative z, NaN for NaN, z for
        /// positive z and +∞) and dL/dz = z ≤ 0 ? 0 : dL/da (0 where the unit is off even for an infinite or NaN dL/da,
        /// dL/da passed on for a NaN z), in the vector lanes and in the scalar tail (lengths 1 to 9 put each value in both).
        /// </summary>
        [Fact]
        public void ReluKernelsAreTheScalarFormBitForBit()
        {
            var random = new Random(20261204);
            var z = new[] { 0.0, -0.0, double.Epsilon, -double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300, -1e-300, 2.5, -2.5 }
                .Concat(Enumerable.Range(0, 200).Select(_ => (2 * random.NextDouble() - 1) * Math.Pow(10, random.Next(-5, 5))))
                .ToArray();
            var da = z.Select((_, i) => (i % 7) switch
            {
                0 => double.PositiveInfinity,
                1 => double.NaN,
                2 => -0.0,
                _ => (2 * random.NextDouble() - 1) * 3,
            }).ToArray();
            for (int length = 1; length <= 9; length++)
            {
                for (int start = 0; start + length <= z.Length; start += length)
                {
                    var a = new double[length];
                    var dz = new double[length];
                    ActivationKernels.Relu(z.AsSpan(start, length), a);
                    ActivationKernels.ReluBackward(z.AsSpan(start, length), da.AsSpan(start, length), dz);
                    for (int i = 0; i < length; i++)
                    {
                        double x = z[start + i], adjoint = da[start + i];
                        double expectedA = Math.Max(x, 0.0);
                        double expectedDz = x <= 0.0 ? 0.0 : adjoint;
                        Assert.True(BitConverter.DoubleToInt64Bits(expectedA) == BitConverter.DoubleToInt64Bits(a[i]),
                            FormattableString.Invariant($"ReLU({x:R}): kernel {a[i]:R}, Math.Max {expectedA:R} (length {length})"));
                        Assert.True(BitConverter.DoubleToInt64Bits(expectedDz) == BitConverter.DoubleToInt64Bits(dz[i]),
                            FormattableString.Invariant($"ReLU backward at z = {x:R}, dL/da = {adjoint:R}: kernel {dz[i]:R}, scalar {expectedDz:R} (length {length})"));
                    }
                }
            }
        }

        private static ScalarMathReference.TanhPoint[] Points => ScalarMathReference.Tanh;
    }
}
