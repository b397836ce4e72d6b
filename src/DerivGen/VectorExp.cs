#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
#endif
using System.Runtime.CompilerServices;

namespace DerivGen
{
    /// <summary>
    /// e^x for x ≤ 0 in <c>Vector&lt;double&gt;</c> lanes, and its scalar twin, which gives the same bits: the exponential of
    /// σ (e^−|z|), softmax (e^(z − max)) and tanh (e^−2|z|) in every generated form, so that a lane of a batch, a SIMD
    /// kernel's element and the single-sample statement agree bit for bit. Within an ulp of e^x (about half an ulp: it is
    /// Math.Exp's result at nearly every point), from x = 0 down to −708.39; below, where e^x is subnormal or 0, it is 0.
    /// The scalar twin is in every build (the vector form only in net8.0's).
    /// </summary>
    /// <remarks>
    /// Not TensorPrimitives.Exp: its results depend on where the span lies in memory (it aligns its main loop to the
    /// destination and computes the unaligned ends with other vector widths, whose last bits differ), so a layer's
    /// activations in Forward and in Backward, whose stack buffers lie at different addresses, could differ in the last
    /// bit. Here every lane runs the same operations, those of the C libraries' table-driven exp: x = n·ln 2/128 + r with
    /// |r| ≤ ln 2/256 (ln 2/128 split in two, so that n·head is exact), n = 128m + j, e^x = 2^m·2^(j/128)·e^r with
    /// 2^(j/128) from a table of 128 entries (VectorExpTable.cs, written by VectorExpTable.py) and e^r − 1 by its Taylor
    /// polynomial to r⁵/5! (the next term is under 6e-19). Short dependency chains: the σ of a single sample waits on this
    /// exponential, where the Taylor polynomial of degree 13 that reduction by ln 2 alone needs took about 1.5 ns longer
    /// than Math.Exp on the 3-3-1 network. No fused multiply-add, so every machine rounds the same.
    /// </remarks>
    internal static partial class VectorExp
    {
        private const double InverseLn2OverN = 184.66496523378731;

        // 1.5·2^52: adding it rounds to an integer (to nearest, ties to even), which then sits in the low bits.
        private const double RoundingShift = 6755399441055744.0;
        private const long RoundingShiftBits = 0x4338000000000000;

        // Below this, e^x is under 2^−1022, the smallest normal double: 0 instead.
        private const double Lowest = -708.39;

        private const double C2 = 1.0 / 2.0;
        private const double C3 = 1.0 / 6.0;
        private const double C4 = 1.0 / 24.0;
        private const double C5 = 1.0 / 120.0;

#if NET8_0_OR_GREATER
        /// <summary>e^x in every lane, for lanes ≤ 0 (NaN stays NaN).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Of(Vector<double> x)
        {
            var shifted = (x * new Vector<double>(InverseLn2OverN)) + new Vector<double>(RoundingShift);
            var n = Vector.AsVectorInt64(shifted) - new Vector<long>(RoundingShiftBits);
            var k = shifted - new Vector<double>(RoundingShift);
            var r = (x - (k * new Vector<double>(Ln2OverNHead))) - (k * new Vector<double>(Ln2OverNRest));
            var j = n & new Vector<long>(127);
            var scale = Vector.AsVectorDouble(Lookup(HighBits, j) + Vector.ShiftLeft(Vector.ShiftRightArithmetic(n, 7), 52));
            var r2 = r * r;
            var series = (r2 * (new Vector<double>(C2) + (new Vector<double>(C3) * r))) + ((r2 * r2) * (new Vector<double>(C4) + (new Vector<double>(C5) * r)));
            var sum = (Vector.AsVectorDouble(Lookup(TailBits, j)) + r) + series;
            return Vector.ConditionalSelect(Vector.LessThan(x, new Vector<double>(Lowest)), Vector<double>.Zero, scale + (scale * sum));
        }

        /// <summary>
        /// table[j] in each lane (j in [0, 128)): one gather instruction where Vector&lt;T&gt; is AVX2's 256 bits (building the
        /// vector from four loads took the tanh kernel of a 16-32-1 layer from about 300 ns to 370), the lanes built in
        /// registers where it is 128 bits, one lane at a time otherwise.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe Vector<long> Lookup(long[] table, Vector<long> j)
        {
            if (Avx2.IsSupported && Vector<long>.Count == Vector256<long>.Count)
            {
                fixed (long* first = table)
                {
                    return Avx2.GatherVector256(first, (j & new Vector<long>(127)).AsVector256(), sizeof(long)).AsVector();
                }
            }

            if (Vector<long>.Count == Vector128<long>.Count)
            {
                return Vector128.Create(table[(int)j[0] & 127], table[(int)j[1] & 127]).AsVector();
            }

            Unsafe.SkipInit(out Vector<long> result);
            for (int i = 0; i < Vector<long>.Count; i++)
            {
                Unsafe.Add(ref Unsafe.As<Vector<long>, long>(ref result), i) = table[(int)j[i] & 127];
            }

            return result;
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

            double shifted = (x * InverseLn2OverN) + RoundingShift;
            long n = System.BitConverter.DoubleToInt64Bits(shifted) - RoundingShiftBits;
            double k = shifted - RoundingShift;
            double r = (x - (k * Ln2OverNHead)) - (k * Ln2OverNRest);
            int j = (int)n & 127;
            double scale = System.BitConverter.Int64BitsToDouble(HighBits[j] + ((n >> 7) << 52));
            double r2 = r * r;
            double series = (r2 * (C2 + (C3 * r))) + ((r2 * r2) * (C4 + (C5 * r)));
            double sum = (System.BitConverter.Int64BitsToDouble(TailBits[j]) + r) + series;
            return scale + (scale * sum);
        }
    }
}
