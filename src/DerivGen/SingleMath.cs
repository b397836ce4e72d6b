using System;
using System.Runtime.CompilerServices;

namespace DerivGen
{
    /// <summary>
    /// The single-precision functions that generated <c>float</c> code calls: <c>System.MathF</c>'s where the runtime
    /// has it (.NET Core 2.0 and later), and the <see cref="Math"/> result rounded to <c>float</c> elsewhere
    /// (.NET Framework, and any consumer of the netstandard2.0 build), so a <c>Precision.Single</c> network compiles
    /// for every target.
    /// </summary>
    public static class SingleMath
    {
        /// <summary>e raised to <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Exp(float x) => MathF.Exp(x);
#else
        public static float Exp(float x) => (float)Math.Exp(x);
#endif

        /// <summary>The natural logarithm of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Log(float x) => MathF.Log(x);
#else
        public static float Log(float x) => (float)Math.Log(x);
#endif

        /// <summary>The hyperbolic tangent of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Tanh(float x) => MathF.Tanh(x);
#else
        public static float Tanh(float x) => (float)Math.Tanh(x);
#endif

        /// <summary>The absolute value of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Abs(float x) => Math.Abs(x);

        /// <summary>The larger of <paramref name="x"/> and <paramref name="y"/> (NaN if either is NaN).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Max(float x, float y) => Math.Max(x, y);

        /// <summary>The smaller of <paramref name="x"/> and <paramref name="y"/> (NaN if either is NaN).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Min(float x, float y) => Math.Min(x, y);

        /// <summary>The base-10 logarithm of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Log10(float x) => MathF.Log10(x);
#else
        public static float Log10(float x) => (float)Math.Log10(x);
#endif

        /// <summary>The square root of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Sqrt(float x) => MathF.Sqrt(x);
#else
        public static float Sqrt(float x) => (float)Math.Sqrt(x);
#endif

        /// <summary>The sine of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Sin(float x) => MathF.Sin(x);
#else
        public static float Sin(float x) => (float)Math.Sin(x);
#endif

        /// <summary>The cosine of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Cos(float x) => MathF.Cos(x);
#else
        public static float Cos(float x) => (float)Math.Cos(x);
#endif

        /// <summary>The tangent of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Tan(float x) => MathF.Tan(x);
#else
        public static float Tan(float x) => (float)Math.Tan(x);
#endif

        /// <summary>The arcsine of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Asin(float x) => MathF.Asin(x);
#else
        public static float Asin(float x) => (float)Math.Asin(x);
#endif

        /// <summary>The arccosine of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Acos(float x) => MathF.Acos(x);
#else
        public static float Acos(float x) => (float)Math.Acos(x);
#endif

        /// <summary>The arctangent of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Atan(float x) => MathF.Atan(x);
#else
        public static float Atan(float x) => (float)Math.Atan(x);
#endif

        /// <summary>The hyperbolic sine of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Sinh(float x) => MathF.Sinh(x);
#else
        public static float Sinh(float x) => (float)Math.Sinh(x);
#endif

        /// <summary>The hyperbolic cosine of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Cosh(float x) => MathF.Cosh(x);
#else
        public static float Cosh(float x) => (float)Math.Cosh(x);
#endif

        /// <summary>The largest integer not above of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Floor(float x) => MathF.Floor(x);
#else
        public static float Floor(float x) => (float)Math.Floor(x);
#endif

        /// <summary>The smallest integer not below of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Ceiling(float x) => MathF.Ceiling(x);
#else
        public static float Ceiling(float x) => (float)Math.Ceiling(x);
#endif

        /// <summary>The nearest integer (ties to even) to of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Round(float x) => MathF.Round(x);
#else
        public static float Round(float x) => (float)Math.Round(x);
#endif

        /// <summary>The integral part of of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Truncate(float x) => MathF.Truncate(x);
#else
        public static float Truncate(float x) => (float)Math.Truncate(x);
#endif

        /// <summary>The cube root of <paramref name="x"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Cbrt(float x) => MathF.Cbrt(x);
#else
        public static float Cbrt(float x) => (float)(Math.Sign(x) * Math.Pow(Math.Abs(x), 1.0 / 3.0));
#endif

        /// <summary><paramref name="x"/> raised to <paramref name="y"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Pow(float x, float y) => MathF.Pow(x, y);
#else
        public static float Pow(float x, float y) => (float)Math.Pow(x, y);
#endif

        /// <summary>The angle whose tangent is <paramref name="y"/>/<paramref name="x"/>, in the quadrant of (x, y).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
        public static float Atan2(float y, float x) => MathF.Atan2(y, x);
#else
        public static float Atan2(float y, float x) => (float)Math.Atan2(y, x);
#endif

        /// <summary>The sign of <paramref name="x"/>: -1, 0 or 1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Sign(float x) => Math.Sign(x);

        /// <summary><paramref name="x"/> limited to [<paramref name="min"/>, <paramref name="max"/>], as Math.Clamp does.</summary>
        /// <exception cref="ArgumentException"><paramref name="min"/> is greater than <paramref name="max"/>.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Clamp(float x, float min, float max)
        {
            if (min > max)
            {
                throw new ArgumentException("min is greater than max.", nameof(min));
            }

            return x < min ? min : x > max ? max : x;
        }
    }
}
