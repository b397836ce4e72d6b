#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DerivGen
{
    /// <summary>
    /// <see cref="ScalarMath.Tanh(double)"/> and <see cref="ScalarMath.SechSquared(double)"/> in <see cref="Vector{T}"/>
    /// lanes, with the scalar functions' operations in the same order (and <see cref="VectorExp"/>, whose lanes are its
    /// scalar twin's bits): every lane gives the scalar function's bits. The activation kernels and a batch's lanes use
    /// them, so that neither differs from the single-sample statement.
    /// </summary>
    internal static class VectorTanh
    {
        /// <summary>
        /// ScalarMath.Tanh's branches, all computed and selected lane by lane: the rational function of
        /// ScalarMath.TanhNearZero below |x| = 0.55, (1 − e)/(1 + e) with e = e^−2|x| above (which rounds to ±1 past 22,
        /// where the scalar function returns ±1 directly), and ±0 and NaN unchanged.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Of(Vector<double> x)
        {
            var y = x * x;
            var s = ((((y + new Vector<double>(594.0)) * y) + new Vector<double>(45045.0)) * y) + new Vector<double>(675675.0);
            var q = ((((((y + new Vector<double>(630.0)) * y) + new Vector<double>(51975.0)) * y) + new Vector<double>(945945.0)) * y) + new Vector<double>(2027025.0);
            var small = x - (x * (y * s / q));
            var e = VectorExp.Of(new Vector<double>(-2.0) * Vector.Abs(x));
            var t = (Vector<double>.One - e) / (Vector<double>.One + e);
            var large = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<double>.Zero), t, -t);
            var result = Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<double>(0.55)), small, large);

            // ±0 stays ±0 (x − x·(…) would give +0 for −0); NaN is NaN through both branches.
            return Vector.ConditionalSelect(Vector.Equals(x, Vector<double>.Zero), x, result);
        }

        /// <summary>sech²(x) = 4e/(1 + e)² with e = e^−2|x|, as ScalarMath.SechSquared.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> SechSquared(Vector<double> x) => SechSquaredOf(VectorExp.Of(new Vector<double>(-2.0) * Vector.Abs(x)));

        /// <summary>4e/(1 + e)² for a given e = e^−2|x| (the tanh kernel's backward pass has e already).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> SechSquaredOf(Vector<double> e)
        {
            var d = Vector<double>.One + e;
            return new Vector<double>(4.0) * e / (d * d);
        }
    }
}
#endif
