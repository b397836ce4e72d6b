#if NET8_0_OR_GREATER
using System.Numerics;
#endif
using System.Runtime.CompilerServices;

namespace DerivGen
{
    /// <summary>
    /// e^x for x ≤ 0 in <c>Vector&lt;double&gt;</c> lanes, and its scalar twin, which gives the same bits: the exponential of
    /// σ (e^−|z|), softmax (e^(z − max)) and tanh (e^−2|z|) in every generated form, so that a lane of a batch, a SIMD
    /// kernel's element and the single-sample statement agree bit for bit. Within an ulp of e^x, from x = 0 down to
    /// −708.39; below, where e^x is subnormal or 0, it is 0. The scalar twin is in every build (the vector form
    /// only in net8.0's), and is as fast as Math.Exp.
    /// </summary>
    /// <remarks>
    /// Not TensorPrimitives.Exp: its results depend on where the span lies in memory (it aligns its main loop to the
    /// destination and computes the unaligned ends with other vector widths, whose last bits differ), so a layer's
    /// activations in Forward and in Backward, whose stack buffers lie at different addresses, could differ in the last
    /// bit. Here every lane runs the same operations: x = k·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two, so that
    /// k·ln2Hi is exact), e^r by its Taylor polynomial to r¹³/13! (the next term is under 5e-18 of the sum; evaluated by Estrin's scheme, the 1 added last), times 2^k
    /// built from k's bits. No fused multiply-add, so every machine rounds the same.
    /// </remarks>
    internal static class VectorExp
    {
        private const double InverseLn2 = 1.4426950408889634;

        // ln 2 = Ln2Hi + Ln2Lo, Ln2Hi with 32 significant bits, so k·Ln2Hi is exact for |k| < 2^21.
        private const double Ln2Hi = 6.93147180369123816490e-01;
        private const double Ln2Lo = 1.90821492927058770002e-10;

        // 1.5·2^52: adding it rounds to an integer (to nearest, ties to even), which then sits in the low bits.
        private const double RoundingShift = 6755399441055744.0;

        // Below this, e^x is under 2^−1022, the smallest normal double: 0 instead.
        private const double Lowest = -708.39;

#if NET8_0_OR_GREATER
        /// <summary>e^x in every lane, for lanes ≤ 0 (NaN stays NaN).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Of(Vector<double> x)
        {
            var shifted = (x * new Vector<double>(InverseLn2)) + new Vector<double>(RoundingShift);
            var k = shifted - new Vector<double>(RoundingShift);
            var r = (x - (k * new Vector<double>(Ln2Hi))) - (k * new Vector<double>(Ln2Lo));
            var p = Polynomial(r);
            var exponent = Vector.AsVectorInt64(shifted) - Vector.AsVectorInt64(new Vector<double>(RoundingShift)) + new Vector<long>(1023);
            var scale = Vector.AsVectorDouble(Vector.ShiftLeft(exponent, 52));
            return Vector.ConditionalSelect(Vector.LessThan(x, new Vector<double>(Lowest)), Vector<double>.Zero, p * scale);
        }

#endif

        /// <summary>The same operations on one value: the same bits as a lane of the vector form.</summary>
        /// <remarks>
        /// Never inlined, as Math.Exp is not: the unrolled methods call it once per σ, softmax or tanh unit, and inlined
        /// copies would spend the JIT's inlining budget for those long methods (inlining it into 3-3-1 was no faster).
        /// </remarks>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static double Of(double x)
        {
            if (x < Lowest)
            {
                return 0.0;
            }

            double shifted = (x * InverseLn2) + RoundingShift;
            double k = shifted - RoundingShift;
            double r = (x - (k * Ln2Hi)) - (k * Ln2Lo);
            double p = Polynomial(r);
            long exponent = System.BitConverter.DoubleToInt64Bits(shifted) - System.BitConverter.DoubleToInt64Bits(RoundingShift) + 1023;
            return p * System.BitConverter.Int64BitsToDouble(exponent << 52);
        }

        // 1 + q with q = r + r²/2! + … + r¹³/13!, by Estrin's scheme: pairs c + c'·r, then pairs of those times r², r⁴,
        // r⁸: four levels of dependent multiply-adds instead of Horner's thirteen (the lanes' chains are what the kernels
        // wait on). The 1 is added last, so that the rounding errors of the sum are those of q (|q| ≤ 0.42), not of a
        // sum near 1: within an ulp in all, where adding 1 first gave 2 ulps at some points.
#if NET8_0_OR_GREATER
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<double> Polynomial(Vector<double> r)
        {
            var r2 = r * r;
            var r4 = r2 * r2;
            var r8 = r4 * r4;
            var p23 = new Vector<double>(C2) + (new Vector<double>(C3) * r);
            var p45 = new Vector<double>(C4) + (new Vector<double>(C5) * r);
            var p67 = new Vector<double>(C6) + (new Vector<double>(C7) * r);
            var p89 = new Vector<double>(C8) + (new Vector<double>(C9) * r);
            var p1011 = new Vector<double>(C10) + (new Vector<double>(C11) * r);
            var p1213 = new Vector<double>(C12) + (new Vector<double>(C13) * r);
            var p25 = p23 + (p45 * r2);
            var p69 = p67 + (p89 * r2);
            var p1013 = p1011 + (p1213 * r2);
            var p213 = (p25 + (p69 * r4)) + (p1013 * r8);
            return Vector<double>.One + (r + (r2 * p213));
        }
#endif

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Polynomial(double r)
        {
            double r2 = r * r;
            double r4 = r2 * r2;
            double r8 = r4 * r4;
            double p23 = C2 + (C3 * r);
            double p45 = C4 + (C5 * r);
            double p67 = C6 + (C7 * r);
            double p89 = C8 + (C9 * r);
            double p1011 = C10 + (C11 * r);
            double p1213 = C12 + (C13 * r);
            double p25 = p23 + (p45 * r2);
            double p69 = p67 + (p89 * r2);
            double p1013 = p1011 + (p1213 * r2);
            double p213 = (p25 + (p69 * r4)) + (p1013 * r8);
            return 1.0 + (r + (r2 * p213));
        }

        private const double C2 = 1.0 / 2.0;
        private const double C3 = 1.0 / 6.0;
        private const double C4 = 1.0 / 24.0;
        private const double C5 = 1.0 / 120.0;
        private const double C6 = 1.0 / 720.0;
        private const double C7 = 1.0 / 5040.0;
        private const double C8 = 1.0 / 40320.0;
        private const double C9 = 1.0 / 362880.0;
        private const double C10 = 1.0 / 3628800.0;
        private const double C11 = 1.0 / 39916800.0;
        private const double C12 = 1.0 / 479001600.0;
        private const double C13 = 1.0 / 6227020800.0;
    }
}
