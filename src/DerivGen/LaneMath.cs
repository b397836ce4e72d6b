#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DerivGen
{
    /// <summary>
    /// What the lane-parallel batch methods of generated networks call: each function gives in every lane of a
    /// <see cref="Vector{T}"/> exactly what the scalar function the single-sample code calls (<see cref="Math"/>,
    /// <see cref="SingleMath"/>, <see cref="ScalarMath"/>) gives for that lane's value. Abs, Sqrt, Max and Min are vector
    /// operations with the scalar results; Tanh, SechSquared and ExpNonPositive (the activations' and softmax's
    /// exponentials) run ScalarMath's own operations in vectors; the rest apply the scalar function lane by lane. The
    /// loads and stores move one column of a row-major batch in or out of the lanes.
    /// </summary>
    /// <remarks>
    /// .NET has no vector Exp, Log or Tanh that returns the scalar functions' results, and a vector approximation would
    /// make a batch row differ from the same row computed alone. Where ScalarMath has a function of its own, written
    /// without branches that differ per lane and without fused multiply-adds, its vector twin gives the same bits; the
    /// library's functions (Math.Exp, Math.Log, …) are applied lane by lane. Only in the net8.0 build: the generator
    /// emits the lane form only where this class exists.
    /// </remarks>
    public static class LaneMath
    {
        /// <summary>Lane i is <c>source[start + i·stride]</c>: column <paramref name="start"/> of <c>Vector.Count</c> rows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<double> Load(ReadOnlySpan<double> source, int start, int stride)
        {
            CheckColumn(source.Length, start, stride, Vector<double>.Count);
            ref double first = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), start);

            // Built in registers where Vector<double> has a fixed-size twin: written lane by lane to memory and read back
            // whole, the vector would wait for the stores to reach the cache (no store-to-load forwarding).
            if (Vector<double>.Count == Vector256<double>.Count)
            {
                return Vector256.Create(first, Unsafe.Add(ref first, stride), Unsafe.Add(ref first, 2 * stride), Unsafe.Add(ref first, 3 * stride)).AsVector();
            }

            if (Vector<double>.Count == Vector128<double>.Count)
            {
                return Vector128.Create(first, Unsafe.Add(ref first, stride)).AsVector();
            }

            return LoadLanes(ref first, stride);
        }

        /// <inheritdoc cref="Load(ReadOnlySpan{double}, int, int)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Load(ReadOnlySpan<float> source, int start, int stride)
        {
            CheckColumn(source.Length, start, stride, Vector<float>.Count);
            ref float first = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), start);
            if (Vector<float>.Count == Vector256<float>.Count)
            {
                return Vector256.Create(
                    first, Unsafe.Add(ref first, stride), Unsafe.Add(ref first, 2 * stride), Unsafe.Add(ref first, 3 * stride),
                    Unsafe.Add(ref first, 4 * stride), Unsafe.Add(ref first, 5 * stride), Unsafe.Add(ref first, 6 * stride), Unsafe.Add(ref first, 7 * stride)).AsVector();
            }

            if (Vector<float>.Count == Vector128<float>.Count)
            {
                return Vector128.Create(first, Unsafe.Add(ref first, stride), Unsafe.Add(ref first, 2 * stride), Unsafe.Add(ref first, 3 * stride)).AsVector();
            }

            return LoadLanes(ref first, stride);
        }

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
        // The overloads with where and otherwise compute the function only in the lanes where the mask is set and take
        // otherwise's lane elsewhere: ConditionalSelect(where, F(x), otherwise) without calling F for the lanes it drops,
        // as the single-sample code's c ? F(x) : e never does (tanh' calls cosh only where |z| > 1).
        public static Vector<double> Exp(Vector<double> x) => Map<double, ExpDouble>(x);
        public static Vector<double> Log(Vector<double> x) => Map<double, LogDouble>(x);
        public static Vector<double> Log10(Vector<double> x) => Map<double, Log10Double>(x);
        public static Vector<double> Log1p(Vector<double> x) => Map<double, Log1pDouble>(x);
        public static Vector<double> Expm1(Vector<double> x) => Map<double, Expm1Double>(x);
        public static Vector<double> Sqrt(Vector<double> x) => Vector.SquareRoot(x);
        public static Vector<double> Cbrt(Vector<double> x) => Map<double, CbrtDouble>(x);
        public static Vector<double> Abs(Vector<double> x) => Vector.Abs(x);
        public static Vector<double> Sin(Vector<double> x) => Map<double, SinDouble>(x);
        public static Vector<double> Cos(Vector<double> x) => Map<double, CosDouble>(x);
        public static Vector<double> Tan(Vector<double> x) => Map<double, TanDouble>(x);
        public static Vector<double> Asin(Vector<double> x) => Map<double, AsinDouble>(x);
        public static Vector<double> Acos(Vector<double> x) => Map<double, AcosDouble>(x);
        public static Vector<double> Atan(Vector<double> x) => Map<double, AtanDouble>(x);
        public static Vector<double> Sinh(Vector<double> x) => Map<double, SinhDouble>(x);
        public static Vector<double> Cosh(Vector<double> x) => Map<double, CoshDouble>(x);
        // The vector twins are called, never inlined: each is some forty vector operations, and inlined once per unit they
        // spent the JIT's inlining budget for a long lane method, which then left even vector constructors and Load as
        // calls (8-8-1 tanh BackwardBatchLanes: 6.5 µs per 64 rows inlined, 3.2 µs called).
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<double> Tanh(Vector<double> x) => VectorTanh.Of(x);
        public static Vector<double> LibraryTanh(Vector<double> x) => Map<double, LibraryTanhDouble>(x);
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<double> SechSquared(Vector<double> x) => VectorTanh.SechSquared(x);

        /// <summary>e^x for lanes ≤ 0: <see cref="ScalarMath.ExpNonPositive(double)"/>'s operations in vectors, the same bits.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<double> ExpNonPositive(Vector<double> x) => VectorExp.Of(x);
        public static Vector<double> Atan2(Vector<double> y, Vector<double> x) => Map<double, Atan2Double>(y, x);
        public static Vector<double> Pow(Vector<double> x, Vector<double> y) => Map<double, PowDouble>(x, y);

        public static Vector<double> Clamp(Vector<double> x, Vector<double> min, Vector<double> max)
        {
            var result = x;
            for (int i = 0; i < Vector<double>.Count; i++)
            {
                Lane(ref result, i) = ScalarMath.Clamp(x[i], min[i], max[i]);
            }

            return result;
        }

        public static Vector<double> Exp(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, ExpDouble>(x, where, otherwise);
        public static Vector<double> Log(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, LogDouble>(x, where, otherwise);
        public static Vector<double> Log10(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, Log10Double>(x, where, otherwise);
        public static Vector<double> Log1p(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, Log1pDouble>(x, where, otherwise);
        public static Vector<double> Expm1(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, Expm1Double>(x, where, otherwise);
        public static Vector<double> Cbrt(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, CbrtDouble>(x, where, otherwise);
        public static Vector<double> Sin(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, SinDouble>(x, where, otherwise);
        public static Vector<double> Cos(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, CosDouble>(x, where, otherwise);
        public static Vector<double> Tan(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, TanDouble>(x, where, otherwise);
        public static Vector<double> Asin(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, AsinDouble>(x, where, otherwise);
        public static Vector<double> Acos(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, AcosDouble>(x, where, otherwise);
        public static Vector<double> Atan(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, AtanDouble>(x, where, otherwise);
        public static Vector<double> Sinh(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, SinhDouble>(x, where, otherwise);
        public static Vector<double> Cosh(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, CoshDouble>(x, where, otherwise);
        public static Vector<double> LibraryTanh(Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, LibraryTanhDouble>(x, where, otherwise);
        public static Vector<double> Atan2(Vector<double> y, Vector<double> x, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, Atan2Double>(y, x, where, otherwise);
        public static Vector<double> Pow(Vector<double> x, Vector<double> y, Vector<long> where, Vector<double> otherwise) => MapWhere<double, long, PowDouble>(x, y, where, otherwise);

        public static Vector<float> Exp(Vector<float> x) => Map<float, ExpSingle>(x);
        public static Vector<float> Log(Vector<float> x) => Map<float, LogSingle>(x);
        public static Vector<float> Log10(Vector<float> x) => Map<float, Log10Single>(x);
        public static Vector<float> Log1p(Vector<float> x) => Map<float, Log1pSingle>(x);
        public static Vector<float> Expm1(Vector<float> x) => Map<float, Expm1Single>(x);
        public static Vector<float> Sqrt(Vector<float> x) => Vector.SquareRoot(x);
        public static Vector<float> Cbrt(Vector<float> x) => Map<float, CbrtSingle>(x);
        public static Vector<float> Abs(Vector<float> x) => Vector.Abs(x);
        public static Vector<float> Sin(Vector<float> x) => Map<float, SinSingle>(x);
        public static Vector<float> Cos(Vector<float> x) => Map<float, CosSingle>(x);
        public static Vector<float> Tan(Vector<float> x) => Map<float, TanSingle>(x);
        public static Vector<float> Asin(Vector<float> x) => Map<float, AsinSingle>(x);
        public static Vector<float> Acos(Vector<float> x) => Map<float, AcosSingle>(x);
        public static Vector<float> Atan(Vector<float> x) => Map<float, AtanSingle>(x);
        public static Vector<float> Sinh(Vector<float> x) => Map<float, SinhSingle>(x);
        public static Vector<float> Cosh(Vector<float> x) => Map<float, CoshSingle>(x);
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<float> Tanh(Vector<float> x)
        {
            Vector.Widen(x, out Vector<double> low, out Vector<double> high);
            return Vector.Narrow(VectorTanh.Of(low), VectorTanh.Of(high));
        }

        public static Vector<float> LibraryTanh(Vector<float> x) => Map<float, LibraryTanhSingle>(x);
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<float> SechSquared(Vector<float> x)
        {
            Vector.Widen(x, out Vector<double> low, out Vector<double> high);
            return Vector.Narrow(VectorTanh.SechSquared(low), VectorTanh.SechSquared(high));
        }

        public static Vector<float> Atan2(Vector<float> y, Vector<float> x) => Map<float, Atan2Single>(y, x);
        public static Vector<float> Pow(Vector<float> x, Vector<float> y) => Map<float, PowSingle>(x, y);

        public static Vector<float> Clamp(Vector<float> x, Vector<float> min, Vector<float> max)
        {
            var result = x;
            for (int i = 0; i < Vector<float>.Count; i++)
            {
                Lane(ref result, i) = SingleMath.Clamp(x[i], min[i], max[i]);
            }

            return result;
        }

        public static Vector<float> Exp(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, ExpSingle>(x, where, otherwise);
        public static Vector<float> Log(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, LogSingle>(x, where, otherwise);
        public static Vector<float> Log10(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, Log10Single>(x, where, otherwise);
        public static Vector<float> Log1p(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, Log1pSingle>(x, where, otherwise);
        public static Vector<float> Expm1(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, Expm1Single>(x, where, otherwise);
        public static Vector<float> Cbrt(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, CbrtSingle>(x, where, otherwise);
        public static Vector<float> Sin(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, SinSingle>(x, where, otherwise);
        public static Vector<float> Cos(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, CosSingle>(x, where, otherwise);
        public static Vector<float> Tan(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, TanSingle>(x, where, otherwise);
        public static Vector<float> Asin(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, AsinSingle>(x, where, otherwise);
        public static Vector<float> Acos(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, AcosSingle>(x, where, otherwise);
        public static Vector<float> Atan(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, AtanSingle>(x, where, otherwise);
        public static Vector<float> Sinh(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, SinhSingle>(x, where, otherwise);
        public static Vector<float> Cosh(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, CoshSingle>(x, where, otherwise);
        public static Vector<float> LibraryTanh(Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, LibraryTanhSingle>(x, where, otherwise);
        public static Vector<float> Atan2(Vector<float> y, Vector<float> x, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, Atan2Single>(y, x, where, otherwise);
        public static Vector<float> Pow(Vector<float> x, Vector<float> y, Vector<int> where, Vector<float> otherwise) => MapWhere<float, int, PowSingle>(x, y, where, otherwise);
#pragma warning restore CS1591

        // Max and Min are vector operations, not lane-by-lane calls (ReLU is the commonest activation), written to give
        // exactly Math.Max's and Math.Min's results (IEEE 754:2019 maximum and minimum): NaN if x is NaN, else NaN if y
        // is; +0 above −0; else the larger (smaller) value. A bare compare-and-select would differ at NaN and at ±0.

        /// <summary>
        /// ReLU, Math.Max(x, 0), lane by lane in two vector operations: a select on x ≤ 0 gives +0 for −0 and every negative
        /// x, and x itself for positive x and NaN, which is what Math.Max(x, 0) gives (the general Max takes six).
        /// </summary>
        public static Vector<double> Relu(Vector<double> x) => Vector.ConditionalSelect(Vector.LessThanOrEqual(x, Vector<double>.Zero), Vector<double>.Zero, x);

        /// <inheritdoc cref="Relu(Vector{double})"/>
        public static Vector<float> Relu(Vector<float> x) => Vector.ConditionalSelect(Vector.LessThanOrEqual(x, Vector<float>.Zero), Vector<float>.Zero, x);

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

        // Each function is applied by a loop over the lanes that calls it directly, the function chosen by a struct type
        // argument (one copy of the loop per function, no delegate). Through a delegate the JIT neither inlines the call
        // nor clears the upper halves of the vector registers (vzeroupper) before it, and the C library's SSE code then
        // runs with them dirty: measured on AVX2, its exp wrapper took about 57 ns a call instead of 2.5 ns.
        private interface IUnary<T>
        {
            static abstract T Apply(T x);
        }

        private interface IBinary<T>
        {
            static abstract T Apply(T x, T y);
        }

        private readonly struct ExpDouble : IUnary<double> { public static double Apply(double x) => Math.Exp(x); }
        private readonly struct LogDouble : IUnary<double> { public static double Apply(double x) => Math.Log(x); }
        private readonly struct Log10Double : IUnary<double> { public static double Apply(double x) => Math.Log10(x); }
        private readonly struct Log1pDouble : IUnary<double> { public static double Apply(double x) => ScalarMath.Log1p(x); }
        private readonly struct Expm1Double : IUnary<double> { public static double Apply(double x) => ScalarMath.Expm1(x); }
        private readonly struct CbrtDouble : IUnary<double> { public static double Apply(double x) => ScalarMath.Cbrt(x); }
        private readonly struct SinDouble : IUnary<double> { public static double Apply(double x) => Math.Sin(x); }
        private readonly struct CosDouble : IUnary<double> { public static double Apply(double x) => Math.Cos(x); }
        private readonly struct TanDouble : IUnary<double> { public static double Apply(double x) => Math.Tan(x); }
        private readonly struct AsinDouble : IUnary<double> { public static double Apply(double x) => Math.Asin(x); }
        private readonly struct AcosDouble : IUnary<double> { public static double Apply(double x) => Math.Acos(x); }
        private readonly struct AtanDouble : IUnary<double> { public static double Apply(double x) => Math.Atan(x); }
        private readonly struct SinhDouble : IUnary<double> { public static double Apply(double x) => Math.Sinh(x); }
        private readonly struct CoshDouble : IUnary<double> { public static double Apply(double x) => Math.Cosh(x); }
        private readonly struct LibraryTanhDouble : IUnary<double> { public static double Apply(double x) => Math.Tanh(x); }
        private readonly struct Atan2Double : IBinary<double> { public static double Apply(double y, double x) => Math.Atan2(y, x); }
        private readonly struct PowDouble : IBinary<double> { public static double Apply(double x, double y) => Math.Pow(x, y); }
        private readonly struct ExpSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Exp(x); }
        private readonly struct LogSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Log(x); }
        private readonly struct Log10Single : IUnary<float> { public static float Apply(float x) => SingleMath.Log10(x); }
        private readonly struct Log1pSingle : IUnary<float> { public static float Apply(float x) => ScalarMath.Log1p(x); }
        private readonly struct Expm1Single : IUnary<float> { public static float Apply(float x) => ScalarMath.Expm1(x); }
        private readonly struct CbrtSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Cbrt(x); }
        private readonly struct SinSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Sin(x); }
        private readonly struct CosSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Cos(x); }
        private readonly struct TanSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Tan(x); }
        private readonly struct AsinSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Asin(x); }
        private readonly struct AcosSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Acos(x); }
        private readonly struct AtanSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Atan(x); }
        private readonly struct SinhSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Sinh(x); }
        private readonly struct CoshSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Cosh(x); }
        private readonly struct LibraryTanhSingle : IUnary<float> { public static float Apply(float x) => SingleMath.Tanh(x); }
        private readonly struct Atan2Single : IBinary<float> { public static float Apply(float y, float x) => SingleMath.Atan2(y, x); }
        private readonly struct PowSingle : IBinary<float> { public static float Apply(float x, float y) => SingleMath.Pow(x, y); }

        // Map and MapWhere compute each lane with the scalar function and build the result from the lanes in registers
        // where Vector<T> is 128 or 256 bits (every x64 and Arm64 machine today): written to memory lane by lane and read
        // back whole, as the fallback loops do, the vector would wait for the stores to reach the cache (no
        // store-to-load forwarding from several narrow stores to one wide load), once per call, and a tanh unit's lanes
        // make two such calls (the value and its derivative). Each form spells its lanes out (the masked two-argument one
        // keeps the loop only): one builder over a lane-source struct would be shorter, but the JIT then spilled more and
        // kept calls that it inlines here (Tanh, a masked Cosh and Pow in one method: 2,021 bytes of code against 1,598).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> Map<T, TFunction>(Vector<T> x)
            where TFunction : struct, IUnary<T>
        {
            if (Vector<T>.Count == 2)
            {
                return FromLanes(TFunction.Apply(x[0]), TFunction.Apply(x[1]));
            }

            if (Vector<T>.Count == 4)
            {
                return FromLanes(TFunction.Apply(x[0]), TFunction.Apply(x[1]), TFunction.Apply(x[2]), TFunction.Apply(x[3]));
            }

            if (Vector<T>.Count == 8 && Vector128<T>.Count == 4)
            {
                return FromHalves(
                    FromLanes128(TFunction.Apply(x[0]), TFunction.Apply(x[1]), TFunction.Apply(x[2]), TFunction.Apply(x[3])),
                    FromLanes128(TFunction.Apply(x[4]), TFunction.Apply(x[5]), TFunction.Apply(x[6]), TFunction.Apply(x[7])));
            }

            Unsafe.SkipInit(out Vector<T> result);
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                Lane(ref result, i) = TFunction.Apply(x[i]);
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> Map<T, TFunction>(Vector<T> x, Vector<T> y)
            where TFunction : struct, IBinary<T>
        {
            if (Vector<T>.Count == 2)
            {
                return FromLanes(TFunction.Apply(x[0], y[0]), TFunction.Apply(x[1], y[1]));
            }

            if (Vector<T>.Count == 4)
            {
                return FromLanes(TFunction.Apply(x[0], y[0]), TFunction.Apply(x[1], y[1]), TFunction.Apply(x[2], y[2]), TFunction.Apply(x[3], y[3]));
            }

            if (Vector<T>.Count == 8 && Vector128<T>.Count == 4)
            {
                return FromHalves(
                    FromLanes128(TFunction.Apply(x[0], y[0]), TFunction.Apply(x[1], y[1]), TFunction.Apply(x[2], y[2]), TFunction.Apply(x[3], y[3])),
                    FromLanes128(TFunction.Apply(x[4], y[4]), TFunction.Apply(x[5], y[5]), TFunction.Apply(x[6], y[6]), TFunction.Apply(x[7], y[7])));
            }

            Unsafe.SkipInit(out Vector<T> result);
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                Lane(ref result, i) = TFunction.Apply(x[i], y[i]);
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> MapWhere<T, TMask, TFunction>(Vector<T> x, Vector<TMask> where, Vector<T> otherwise)
            where TMask : struct, IEquatable<TMask>
            where TFunction : struct, IUnary<T>
        {
            if (Vector<T>.Count == 2)
            {
                return FromLanes(
                    Selected(where[0]) ? TFunction.Apply(x[0]) : otherwise[0],
                    Selected(where[1]) ? TFunction.Apply(x[1]) : otherwise[1]);
            }

            if (Vector<T>.Count == 4)
            {
                return FromLanes(
                    Selected(where[0]) ? TFunction.Apply(x[0]) : otherwise[0],
                    Selected(where[1]) ? TFunction.Apply(x[1]) : otherwise[1],
                    Selected(where[2]) ? TFunction.Apply(x[2]) : otherwise[2],
                    Selected(where[3]) ? TFunction.Apply(x[3]) : otherwise[3]);
            }

            if (Vector<T>.Count == 8 && Vector128<T>.Count == 4)
            {
                return FromHalves(
                    FromLanes128(
                        Selected(where[0]) ? TFunction.Apply(x[0]) : otherwise[0],
                        Selected(where[1]) ? TFunction.Apply(x[1]) : otherwise[1],
                        Selected(where[2]) ? TFunction.Apply(x[2]) : otherwise[2],
                        Selected(where[3]) ? TFunction.Apply(x[3]) : otherwise[3]),
                    FromLanes128(
                        Selected(where[4]) ? TFunction.Apply(x[4]) : otherwise[4],
                        Selected(where[5]) ? TFunction.Apply(x[5]) : otherwise[5],
                        Selected(where[6]) ? TFunction.Apply(x[6]) : otherwise[6],
                        Selected(where[7]) ? TFunction.Apply(x[7]) : otherwise[7]));
            }

            var result = otherwise;
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                if (Selected(where[i]))
                {
                    Lane(ref result, i) = TFunction.Apply(x[i]);
                }
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> MapWhere<T, TMask, TFunction>(Vector<T> x, Vector<T> y, Vector<TMask> where, Vector<T> otherwise)
            where TMask : struct, IEquatable<TMask>
            where TFunction : struct, IBinary<T>
        {
            var result = otherwise;
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                if (Selected(where[i]))
                {
                    Lane(ref result, i) = TFunction.Apply(x[i], y[i]);
                }
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool Selected<TMask>(TMask lane)
            where TMask : struct, IEquatable<TMask> => !lane.Equals(default);

        /// <summary>A two-lane Vector&lt;T&gt; (128 bits of double) from its lanes, in registers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> FromLanes<T>(T e0, T e1) => Vector128.Create(e0).WithElement(1, e1).AsVector();

        /// <summary>
        /// A four-lane Vector&lt;T&gt; from its lanes, in registers: 256 bits of double (two 128-bit halves) or 128 bits of float.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> FromLanes<T>(T e0, T e1, T e2, T e3)
        {
            if (Vector128<T>.Count == 4)
            {
                return FromLanes128(e0, e1, e2, e3).AsVector();
            }

            return FromHalves(Vector128.Create(e0).WithElement(1, e1), Vector128.Create(e2).WithElement(1, e3));
        }

        /// <summary>A 256-bit Vector&lt;T&gt; from its two 128-bit halves, the lower lanes first.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> FromHalves<T>(Vector128<T> lower, Vector128<T> upper) => lower.ToVector256Unsafe().WithUpper(upper).AsVector();

        /// <summary>A Vector128 of four lanes (float) from its lanes, in registers.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<T> FromLanes128<T>(T e0, T e1, T e2, T e3) =>
            Vector128.Create(e0).WithElement(1, e1).WithElement(2, e2).WithElement(3, e3);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<T> LoadLanes<T>(ref T first, int stride)
        {
            Unsafe.SkipInit(out Vector<T> result);
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                Lane(ref result, i) = Unsafe.Add(ref first, i * stride);
            }

            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreLanes<T>(Vector<T> value, Span<T> destination, int start, int stride)
        {
            CheckColumn(destination.Length, start, stride, Vector<T>.Count);
            ref T first = ref Unsafe.Add(ref MemoryMarshal.GetReference(destination), start);
            for (int i = 0; i < Vector<T>.Count; i++)
            {
                Unsafe.Add(ref first, i * stride) = value[i];
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void CheckColumn(int length, int start, int stride, int count)
        {
            if (start < 0 || stride < 1 || (long)start + (long)(count - 1) * stride >= length)
            {
                ThrowColumnOutOfRange(start, stride);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowColumnOutOfRange(int start, int stride) =>
            throw new ArgumentOutOfRangeException(nameof(start), start, "The column at this start and stride (" + stride.ToString(System.Globalization.CultureInfo.InvariantCulture) + ") does not fit in the span.");

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
