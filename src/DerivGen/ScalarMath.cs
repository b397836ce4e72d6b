using System;
using System.Runtime.CompilerServices;

namespace DerivGen
{
    /// <summary>
    /// Scalar functions that generated code calls where <see cref="Math"/> has no accurate equivalent.
    /// </summary>
    /// <remarks>
    /// .NET's <c>double.LogP1</c> and <c>double.ExpM1</c> are computed as <c>Log(x + 1)</c> and <c>Exp(x) − 1</c>,
    /// which lose every digit for tiny x; softplus, ELU and log-sum-exp need the accurate forms below.
    /// </remarks>
    public static class ScalarMath
    {
        /// <summary>log(1 + x), accurate to a few ulps also when |x| is tiny.</summary>
        /// <remarks>
        /// Goldberg's correction: u = 1 ⊕ x carries the rounding error of the sum, and x / (u − 1) undoes it
        /// to first order (D. Goldberg, "What every computer scientist should know about floating-point
        /// arithmetic", 1991, theorem 4).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Log1p(double x)
        {
            double u = 1.0 + x;
            if (u == 1.0)
            {
                return x;
            }

            if (double.IsPositiveInfinity(u))
            {
                return Math.Log(u);
            }

            return Math.Log(u) * (x / (u - 1.0));
        }

        /// <summary>e^x − 1, accurate to a few ulps also when |x| is tiny.</summary>
        /// <remarks>Kahan's correction: (u − 1)·x / log u with u = e^x cancels the rounding error of u.</remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Expm1(double x)
        {
            double u = Math.Exp(x);
            if (u == 1.0)
            {
                return x;
            }

            double um1 = u - 1.0;
            if (um1 == -1.0 || double.IsPositiveInfinity(u))
            {
                return um1;
            }

            return um1 * x / Math.Log(u);
        }

        /// <summary>tanh(x), within an ulp, for about a third of the time of <see cref="Math.Tanh"/>.</summary>
        /// <remarks>
        /// <see cref="Math.Tanh"/> is the C library's, which goes through expm1; a tanh network spends most of its time there.
        /// Here one exponential serves beyond |x| = 0.55 (DerivGen's own, <see cref="ExpNonPositive(double)"/>, so that the vector
        /// forms give the same bits): with e = e^−2|x| (which never overflows), tanh|x| = (1 − e)/(1 + e),
        /// where e ≤ e^−1.1 ≈ 0.33 keeps 1 − e from cancelling. Below, where it would, tanh x = x − x·y·S(y)/Q(y) with y = x²:
        /// x·(Q − S·y)/Q is the 7th convergent of Lambert's continued fraction x/(1 + y/(3 + y/(5 + …))), whose integer
        /// coefficients are exact in double, within 1e-18 of tanh at 0.55; the correction x·y·S/Q is under a tenth of x, so
        /// its rounding barely reaches the result. Past |x| = 22, tanh x rounds to ±1. ±0, ±∞ and NaN give what
        /// Math.Tanh gives. (Measured against 40-digit values: at most 1 ulp, as against 1.99 for the C library's.)
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double Tanh(double x)
        {
            double magnitude = Math.Abs(x);
            if (magnitude < 0.55)
            {
                return x == 0.0
                    ? x // −0 stays −0, which x − x·(…) would turn into +0
                    : TanhNearZero(x);
            }

            if (magnitude < 22.0)
            {
                double e = VectorExp.Of(-2.0 * magnitude);
                double t = (1.0 - e) / (1.0 + e);
                return x > 0.0 ? t : -t;
            }

            // ±1 past 22 (and for ±∞); NaN stays NaN.
            return x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : x;
        }

        /// <summary>tanh x for 0 &lt; |x| &lt; 0.55: x − x·y·S(y)/Q(y) with y = x² (see <see cref="Tanh(double)"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static double TanhNearZero(double x)
        {
            double y = x * x;
            double s = (((y + 594.0) * y + 45045.0) * y) + 675675.0;
            double q = ((((y + 630.0) * y + 51975.0) * y + 945945.0) * y) + 2027025.0;
            return x - (x * (y * s / q));
        }

        /// <summary>sech²(x) = 1 / cosh²(x), the derivative of tanh, without the cancellation of 1 − tanh²(x) for large |x|.</summary>
        /// <remarks>
        /// As 4e/(1 + e)² with e = e^−2|x| (from <see cref="ExpNonPositive(double)"/>): one exponential that never overflows (cosh x does past |x| ≈ 710, where sech² is
        /// 0 either way), and a quotient of positive terms, so nothing cancels.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double SechSquared(double x)
        {
            double e = VectorExp.Of(-2.0 * Math.Abs(x));
            double d = 1.0 + e;
            return 4.0 * e / (d * d);
        }

        /// <summary>
        /// e^x for x ≤ 0, as DerivGen computes it wherever a generated network needs an exponential: σ's e^−|z|, softmax's
        /// e^(z − max) and tanh's e^−2|z|. Within an ulp (measured against 40-digit values; it is Math.Exp's result at about
        /// 94% of points and one ulp from it elsewhere), about as fast, and the same bits on every machine
        /// and in every form: a batch's lanes and the SIMD kernels compute it with the same operations in vectors, so a
        /// row of a batch gives what the row computed alone gives, bit for bit. Below −708.39, where e^x is subnormal, it is
        /// 0; NaN gives NaN. Not for x &gt; 0 (it does not check for overflow).
        /// </summary>
        public static double ExpNonPositive(double x) => VectorExp.Of(x);

        /// <summary>The cube root of <paramref name="x"/>, as Math.Cbrt, which netstandard2.0 and .NET Framework lack.</summary>
        /// <remarks>
        /// Off .NET: the power |x|^(1/3) and one Newton step y + (|x|/y² − y)/3, which brings it within an ulp of the
        /// root and makes perfect cubes exact; written with a quotient, not y³, so it neither overflows nor underflows.
        /// ±0, ±∞ and NaN are returned unchanged, as Math.Cbrt returns them.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static double Cbrt(double x) => Math.Cbrt(x);
#else
        public static double Cbrt(double x)
        {
            if (x == 0.0 || double.IsNaN(x) || double.IsInfinity(x))
            {
                return x;
            }

            double magnitude = Math.Abs(x);
            double y = Math.Pow(magnitude, 1.0 / 3.0);
            y += (magnitude / (y * y) - y) / 3.0;
            return x < 0.0 ? -y : y;
        }
#endif

        /// <summary><paramref name="x"/> limited to [<paramref name="min"/>, <paramref name="max"/>], as Math.Clamp, which netstandard2.0 and .NET Framework lack.</summary>
        /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static double Clamp(double x, double min, double max) => Math.Clamp(x, min, max);
#else
        public static double Clamp(double x, double min, double max)
        {
            if (min > max)
            {
                throw new ArgumentException("min is greater than max.", nameof(min));
            }

            return x < min ? min : x > max ? max : x;
        }
#endif

        /// <summary>tanh(x) in single precision, rounded once from the double result.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x) => (float)Tanh((double)x);

        /// <summary>sech²(x) in single precision, rounded once from the double result.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float SechSquared(float x) => (float)SechSquared((double)x);

        /// <summary>log(1 + x) in single precision, rounded once from the double result.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log1p(float x) => (float)Log1p((double)x);

        /// <summary>e^x − 1 in single precision, rounded once from the double result.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Expm1(float x) => (float)Expm1((double)x);
    }
}
