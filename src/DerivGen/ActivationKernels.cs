#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DerivGen
{
    /// <summary>
    /// What the single-sample methods of generated networks call for the activation of a whole SIMD-form layer (see
    /// <see cref="DenseKernels"/>): a = f(z) for every unit at once, in vectors, where the per-unit statements would spend
    /// most of the layer's time in branches and scalar calls. Only in the net8.0 build, as DenseKernels.
    /// </summary>
    public static class ActivationKernels
    {
        /// <summary>
        /// a[i] = tanh(z[i]), with <see cref="ScalarMath.Tanh(double)"/>'s operations in vectors (<see cref="VectorTanh"/>):
        /// bit for bit what the per-unit statements of the scalar form give.
        /// </summary>
        /// <remarks>
        /// Not TensorPrimitives.Tanh: it computes tanh from e^2z near 0 as well, where 1 − e cancels, so that tanh(1e-10)
        /// loses six digits and tanh(1e-300) is 0; and it turns −0 into +0. A unit whose z is tiny would then carry a
        /// gradient of the wrong size in its weights.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="a"/> is not as long as <paramref name="z"/>.</exception>
        public static void Tanh(ReadOnlySpan<double> z, Span<double> a) => Activate<TanhFunction>(z, a);

        /// <summary>
        /// dz[i] = da[i]·tanh′(z[i]) with a = tanh(z): the backward pass of a tanh layer, with the scalar form's derivative,
        /// (1 − a)(1 + a) where |z| ≤ 1 and sech²(z) = 4e/(1 + e)² beyond (<see cref="ScalarMath.SechSquared(double)"/>, e =
        /// e^−2|z| from <see cref="VectorExp"/>), in vectors.
        /// </summary>
        /// <exception cref="ArgumentException">The spans differ in length.</exception>
        public static void TanhBackward(ReadOnlySpan<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> da, Span<double> dz)
        {
            if (a.Length != z.Length || da.Length != z.Length || dz.Length != z.Length)
            {
                throw new ArgumentException("The pre-activations, activations and both gradients must be as many.", nameof(dz));
            }

            ref double x = ref MemoryMarshal.GetReference(z);
            ref double activation = ref MemoryMarshal.GetReference(a);
            ref double adjoint = ref MemoryMarshal.GetReference(da);
            ref double result = ref MemoryMarshal.GetReference(dz);
            int count = z.Length;
            int i = 0;
            for (; i + Vector<double>.Count <= count; i += Vector<double>.Count)
            {
                var value = Vector.LoadUnsafe(ref x, (nuint)i);
                var e = VectorExp.Of(new Vector<double>(-2.0) * Vector.Abs(value));
                var tanh = Vector.LoadUnsafe(ref activation, (nuint)i);
                var sechSquared = VectorTanh.SechSquaredOf(e);
                var near = (Vector<double>.One - tanh) * (Vector<double>.One + tanh);
                var derivative = Vector.ConditionalSelect(Vector.GreaterThan(Vector.Abs(value) - Vector<double>.One, Vector<double>.Zero), sechSquared, near);
                Vector.StoreUnsafe(Vector.LoadUnsafe(ref adjoint, (nuint)i) * derivative, ref result, (nuint)i);
            }

            for (; i < count; i++)
            {
                double value = Unsafe.Add(ref x, i);
                double e = VectorExp.Of(-2.0 * Math.Abs(value));
                double tanh = Unsafe.Add(ref activation, i);
                double d = 1.0 + e;
                double derivative = Math.Abs(value) - 1.0 > 0.0 ? 4.0 * e / (d * d) : (1.0 - tanh) * (1.0 + tanh);
                Unsafe.Add(ref result, i) = Unsafe.Add(ref adjoint, i) * derivative;
            }
        }

        /// <summary>
        /// a[i] = ReLU(z[i]) = Math.Max(z[i], 0) in vectors, with Math.Max's results: +0 for −0 and every negative z, and NaN
        /// for NaN (a select on z ≤ 0, not the processor's max instruction, which returns 0 for NaN). Bit for bit what the
        /// per-unit statements of the scalar form give.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="a"/> is not as long as <paramref name="z"/>.</exception>
        public static void Relu(ReadOnlySpan<double> z, Span<double> a) => Activate<ReluFunction>(z, a);

        /// <summary>
        /// dz[i] = z[i] ≤ 0 ? 0 : da[i], the backward pass of a ReLU layer, selected as the scalar form selects it (so an
        /// infinite dL/da where the unit is off gives 0, and a NaN z passes dL/da on).
        /// </summary>
        /// <exception cref="ArgumentException">The spans differ in length.</exception>
        public static void ReluBackward(ReadOnlySpan<double> z, ReadOnlySpan<double> da, Span<double> dz)
        {
            if (da.Length != z.Length || dz.Length != z.Length)
            {
                throw new ArgumentException("The pre-activations and both gradients must be as many.", nameof(dz));
            }

            ref double x = ref MemoryMarshal.GetReference(z);
            ref double adjoint = ref MemoryMarshal.GetReference(da);
            ref double result = ref MemoryMarshal.GetReference(dz);
            int count = z.Length;
            int i = 0;
            for (; i + Vector<double>.Count <= count; i += Vector<double>.Count)
            {
                var off = Vector.LessThanOrEqual(Vector.LoadUnsafe(ref x, (nuint)i), Vector<double>.Zero);
                Vector.StoreUnsafe(Vector.ConditionalSelect(off, Vector<double>.Zero, Vector.LoadUnsafe(ref adjoint, (nuint)i)), ref result, (nuint)i);
            }

            for (; i < count; i++)
            {
                Unsafe.Add(ref result, i) = Unsafe.Add(ref x, i) <= 0.0 ? 0.0 : Unsafe.Add(ref adjoint, i);
            }
        }

        /// <summary>a[i] = f(z[i]): whole vectors with f's vector form, the units after the last one with its scalar twin.</summary>
        private static void Activate<TFunction>(ReadOnlySpan<double> z, Span<double> a)
            where TFunction : struct, IActivation
        {
            if (a.Length != z.Length)
            {
                throw new ArgumentException("The activations must be as many as the pre-activations.", nameof(a));
            }

            ref double x = ref MemoryMarshal.GetReference(z);
            ref double result = ref MemoryMarshal.GetReference(a);
            int count = z.Length;
            int i = 0;
            for (; i + Vector<double>.Count <= count; i += Vector<double>.Count)
            {
                Vector.StoreUnsafe(TFunction.Of(Vector.LoadUnsafe(ref x, (nuint)i)), ref result, (nuint)i);
            }

            for (; i < count; i++)
            {
                Unsafe.Add(ref result, i) = TFunction.Of(Unsafe.Add(ref x, i));
            }
        }

        /// <summary>An activation in vectors and its scalar twin, which give the same bits.</summary>
        private interface IActivation
        {
            static abstract Vector<double> Of(Vector<double> z);

            static abstract double Of(double z);
        }

        private readonly struct TanhFunction : IActivation
        {
            public static Vector<double> Of(Vector<double> z) => VectorTanh.Of(z);

            public static double Of(double z) => ScalarMath.Tanh(z);
        }

        // Math.Max(z, 0) as a select on z ≤ 0: +0 for −0 and negative z, NaN for NaN (the max instruction would give 0).
        private readonly struct ReluFunction : IActivation
        {
            public static Vector<double> Of(Vector<double> z) => Vector.ConditionalSelect(Vector.LessThanOrEqual(z, Vector<double>.Zero), Vector<double>.Zero, z);

            public static double Of(double z) => Math.Max(z, 0.0);
        }
    }
}
#endif
