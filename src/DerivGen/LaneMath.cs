#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DerivGen
{
    /// <summary>
    /// What the lane-parallel batch methods of generated networks call: each function (but Max and Min) applies the scalar
    /// function the single-sample code calls (<see cref="Math"/>, <see cref="SingleMath"/>, <see cref="ScalarMath"/>) to every lane of
    /// a <see cref="Vector{T}"/>, and the loads and stores move one column of a row-major batch in or out of the lanes.
    /// </summary>
    /// <remarks>
    /// .NET has no vector Exp, Log or Tanh that returns the scalar functions' results, and a vector approximation would
    /// make a batch row differ from the same row computed alone. Applying the scalar function lane by lane keeps every
    /// lane's value bit for bit the single-sample value; the arithmetic around these calls is where the vectors pay.
    /// Only in the net8.0 build: the generator emits the lane form only where this class exists.
    /// </remarks>
    public static class LaneMath
    {
        /// <summary>Lane i is <c>source[start + i·stride]</c>: column <paramref name="start"/> of <c>Vector.Count</c> rows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Load(ReadOnlySpan<double> source, int start, int stride) => LoadLanes(source, start, stride);

        /// <inheritdoc cref="Load(ReadOnlySpan{double}, int, int)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Load(ReadOnlySpan<float> source, int start, int stride) => LoadLanes(source, start, stride);

        /// <summary>Writes lane i to <c>destination[start + i·stride]</c>, the inverse of <see cref="Load(ReadOnlySpan{double}, int, int)"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector<double> value, Span<double> destination, int start, int stride) => StoreLanes(value, destination, start, stride);

        /// <inheritdoc cref="Store(Vector{double}, Span{double}, int, int)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector<float> value, Span<float> destination, int start, int stride) => StoreLanes(value, destination, start, stride);

        /// <summary>
        /// ((0 + lane 0) + lane 1) + …, in lane order: the sum the row-by-row batch forms when the lanes hold rows
        /// 0, 1, … of one group (Vector.Sum's order is the hardware's, and would differ in the last bits).
        /// </summary>
        public static double Sum(Vector<double> value) => SumLanes(value);

        /// <inheritdoc cref="Sum(Vector{double})"/>
        public static float Sum(Vector<float> value) => SumLanes(value);

#pragma warning disable CS1591 // Each is its scalar namesake lane by lane; the class remarks say so once.
        public static Vector<double> Exp(Vector<double> x) => Map(x, Math.Exp);
        public static Vector<double> Log(Vector<double> x) => Map(x, Math.Log);
        public static Vector<double> Log10(Vector<double> x) => Map(x, Math.Log10);
        public static Vector<double> Log1p(Vector<double> x) => Map(x, ScalarMath.Log1p);
        public static Vector<double> Expm1(Vector<double> x) => Map(x, ScalarMath.Expm1);
        public static Vector<double> Sqrt(Vector<double> x) => Map(x, Math.Sqrt);
        public static Vector<double> Cbrt(Vector<double> x) => Map(x, ScalarMath.Cbrt);
        public static Vector<double> Abs(Vector<double> x) => Map(x, Math.Abs);
        public static Vector<double> Sin(Vector<double> x) => Map(x, Math.Sin);
        public static Vector<double> Cos(Vector<double> x) => Map(x, Math.Cos);
        public static Vector<double> Tan(Vector<double> x) => Map(x, Math.Tan);
        public static Vector<double> Asin(Vector<double> x) => Map(x, Math.Asin);
        public static Vector<double> Acos(Vector<double> x) => Map(x, Math.Acos);
        public static Vector<double> Atan(Vector<double> x) => Map(x, Math.Atan);
        public static Vector<double> Sinh(Vector<double> x) => Map(x, Math.Sinh);
        public static Vector<double> Cosh(Vector<double> x) => Map(x, Math.Cosh);
        public static Vector<double> Tanh(Vector<double> x) => Map(x, Math.Tanh);
        public static Vector<double> SechSquared(Vector<double> x) => Map(x, ScalarMath.SechSquared);
        public static Vector<double> Atan2(Vector<double> y, Vector<double> x) => Map(y, x, Math.Atan2);
        public static Vector<double> Pow(Vector<double> x, Vector<double> y) => Map(x, y, Math.Pow);

        public static Vector<double> Clamp(Vector<double> x, Vector<double> min, Vector<double> max)
        {
            var result = x;
            for (int i = 0; i < Vector<double>.Count; i++)
            {
                Lane(ref result, i) = ScalarMath.Clamp(x[i], min[i], max[i]);
            }

            return result;
        }

        public static Vector<float> Exp(Vector<float> x) => Map(x, SingleMath.Exp);
        public static Vector<float> Log(Vector<float> x) => Map(x, SingleMath.Log);
        public static Vector<float> Log10(Vector<float> x) => Map(x, SingleMath.Log10);
        public static Vector<float> Log1p(Vector<float> x) => Map(x, ScalarMath.Log1p);
        public static Vector<float> Expm1(Vector<float> x) => Map(x, ScalarMath.Expm1);
        public static Vector<float> Sqrt(Vector<float> x) => Map(x, SingleMath.Sqrt);
        public static Vector<float> Cbrt(Vector<float> x) => Map(x, SingleMath.Cbrt);
        public static Vector<float> Abs(Vector<float> x) => Map(x, SingleMath.Abs);
        public static Vector<float> Sin(Vector<float> x) => Map(x, SingleMath.Sin);
        public static Vector<float> Cos(Vector<float> x) => Map(x, SingleMath.Cos);
        public static Vector<float> Tan(Vector<float> x) => Map(x, SingleMath.Tan);
        public static Vector<float> Asin(Vector<float> x) => Map(x, SingleMath.Asin);
        public static Vector<float> Acos(Vector<float> x) => Map(x, SingleMath.Acos);
        public static Vector<float> Atan(Vector<float> x) => Map(x, SingleMath.Atan);
        public static Vector<float> Sinh(Vector<float> x) => Map(x, SingleMath.Sinh);
        public static Vector<float> Cosh(Vector<float> x) => Map(x, SingleMath.Cosh);
        public static Vector<float> Tanh(Vector<float> x) => Map(x, SingleMath.Tanh);
        public static Vector<float> SechSquared(Vector<float> x) => Map(x, ScalarMath.SechSquared);
        public static Vector<float> Atan2(Vector<float> y, Vector<float> x) => Map(y, x, SingleMath.Atan2);
        public static Vector<float> Pow(Vector<float> x, Vector<float> y) => Map(x, y, SingleMath.Pow);

        public static Vector<float> Clamp(Vector<float> x, Vector<float> min, Vector<float> max)
        {
            var result = x;
            for (int i = 0; i < Vector<float>.Count; i++)
            {
                Lane(ref result, i) = SingleMath.Clamp(x[i], min[i], max[i]);
            }

            return result;
        }
#pragma warning restore CS1591

        // Max and Min are vector operations, not lane-by-lane calls (ReLU is the commonest activation), written to give
        // exactly Math.Max's and Math.Min's results (IEEE 754:2019 maximum and minimum): NaN if x is NaN, else NaN if y
        // is; +0 above −0; else the larger (smaller) value. A bare compare-and-select would differ at NaN and at ±0.

        /// <summary>Math.Max lane by lane, with vector operations.</summary>
        public static Vector<double> Max(Vector<double> x, Vector<double> y)
        {
            var larger = Vector.ConditionalSelect(Vector.GreaterThan(x, y), x, y);
            var tieWithNegativeY = Vector.Equals(x, y) & Vector.LessThan(Vector.AsVectorInt64(y), Vector<long>.Zero);
            return Vector.ConditionalSelect(Vector.OnesComplement(Vector.Equals(x, x)), x, Vector.ConditionalSelect(tieWithNegativeY, x, larger));
        }

        /// <summary>Math.Min lane by lane, with vector operations.</summary>
        public static Vector<double> Min(Vector<double> x, Vector<double> y)
        {
            var smaller = Vector.ConditionalSelect(Vector.LessThan(x, y), x, y);
            var tieWithNegativeX = Vector.Equals(x, y) & Vector.LessThan(Vector.AsVectorInt64(x), Vector<long>.Zero);
            return Vector.ConditionalSelect(Vector.OnesComplement(Vector.Equals(x, x)), x, Vector.ConditionalSelect(tieWithNegativeX, x, smaller));
        }

        /// <summary>Math.Max lane by lane, with vector operations.</summary>
        public static Vector<float> Max(Vector<float> x, Vector<float> y)
        {
            var larger = Vector.ConditionalSelect(Vector.GreaterThan(x, y), x, y);
            var tieWithNegativeY = Vector.Equals(x, y) & Vector.LessThan(Vector.AsVectorInt32(y), Vector<int>.Zero);
            return Vector.ConditionalSelect(Vector.OnesComplement(Vector.Equals(x, x)), x, Vector.ConditionalSelect(tieWithNegativeY, x, larger));
        }

        /// <summary>Math.Min lane by lane, with vector operations.</summary>
        public static Vector<float> Min(Vector<float> x, Vector<float> y)
        {
            var smaller = Vector.ConditionalSelect(Vector.LessThan(x, y), x, y);
            var tieWithNegativeX = Vector.Equals(x, y) & Vector.LessThan(Vector.AsVectorInt32(x), Vector<int>.Zero);
            return Vector.ConditionalSelect(Vector.OnesComplement(Vector.Equals(x, x)), x, Vector.ConditionalSelect(tieWithNegativeX, x, smaller));
        }

        // The delegates come from static method groups, which C# caches: no call allocates.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> Map<T>(Vector<T> x, Func<T, T> f)
        {
            var result = x;
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                Lane(ref result, i) = f(x[i]);
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> Map<T>(Vector<T> x, Vector<T> y, Func<T, T, T> f)
        {
            var result = x;
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                Lane(ref result, i) = f(x[i], y[i]);
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> LoadLanes<T>(ReadOnlySpan<T> source, int start, int stride)
        {
            var result = default(Vector<T>);
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                Lane(ref result, i) = source[start + i * stride];
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreLanes<T>(Vector<T> value, Span<T> destination, int start, int stride)
        {
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                destination[start + i * stride] = value[i];
            }
        }

        private static T SumLanes<T>(Vector<T> value)
            where T : INumberBase<T>
        {
            var sum = T.Zero;
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                sum += value[i];
            }

            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ref T Lane<T>(ref Vector<T> vector, int i) =>
            ref Unsafe.Add(ref Unsafe.As<Vector<T>, T>(ref vector), i);
    }
}
#endif
