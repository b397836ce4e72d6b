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
    }
}
