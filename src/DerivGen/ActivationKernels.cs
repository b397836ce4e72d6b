#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Numerics.Tensors;
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
        /// a[i] = tanh(z[i]), with <see cref="ScalarMath.Tanh(double)"/>'s formulas in vectors: the same rational function for
        /// |z| &lt; 0.55 (bit for bit ScalarMath's there), and (1 − e)/(1 + e) with e = e^−2|z| above, e from
        /// TensorPrimitives.Exp (within 2 ulps of Math.Exp, so a within about 3 ulps, against ScalarMath's 1.5).
        /// </summary>
        /// <remarks>
        /// Not TensorPrimitives.Tanh: it computes tanh from e^2z near 0 as well, where 1 − e cancels, so that tanh(1e-10)
        /// loses six digits and tanh(1e-300) is 0; and it turns −0 into +0. A unit whose z is tiny would then carry a
        /// gradient of the wrong size in its weights.
        /// </remarks>
        /// <exception cref="ArgumentException"><paramref name="a"/> is not as long as <paramref name="z"/>.</exception>
        public static void Tanh(ReadOnlySpan<double> z, Span<double> a)
        {
            if (a.Length != z.Length)
            {
                throw new ArgumentException("The activations must be as many as the pre-activations.", nameof(a));
            }

            ref double x = ref MemoryMarshal.GetReference(z);
            ref double result = ref MemoryMarshal.GetReference(a);
            int count = z.Length;
            int i = 0;

            // e = e^−2|z| for every unit into a, by one vectorised exp over the whole layer.
            var minusTwo = new Vector<double>(-2.0);
            for (; i + Vector<double>.Count <= count; i += Vector<double>.Count)
            {
                Vector.StoreUnsafe(minusTwo * Vector.Abs(Vector.LoadUnsafe(ref x, (nuint)i)), ref result, (nuint)i);
            }

            for (; i < count; i++)
            {
                Unsafe.Add(ref result, i) = -2.0 * Math.Abs(Unsafe.Add(ref x, i));
            }

            TensorPrimitives.Exp<double>(a, a);

            i = 0;
            for (; i + Vector<double>.Count <= count; i += Vector<double>.Count)
            {
                var value = Vector.LoadUnsafe(ref x, (nuint)i);
                var e = Vector.LoadUnsafe(ref result, (nuint)i);
                Vector.StoreUnsafe(TanhOf(value, e), ref result, (nuint)i);
            }

            for (; i < count; i++)
            {
                double e = Unsafe.Add(ref result, i);
                Unsafe.Add(ref result, i) = TanhOf(Unsafe.Add(ref x, i), e);
            }
        }

        /// <summary>ScalarMath.Tanh's branches, all computed and selected lane by lane, e = e^−2|x| given.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<double> TanhOf(Vector<double> x, Vector<double> e)
        {
            var y = x * x;
            var s = ((((y + new Vector<double>(594.0)) * y) + new Vector<double>(45045.0)) * y) + new Vector<double>(675675.0);
            var q = ((((((y + new Vector<double>(630.0)) * y) + new Vector<double>(51975.0)) * y) + new Vector<double>(945945.0)) * y) + new Vector<double>(2027025.0);
            var small = x - (x * (y * s / q));
            var t = (Vector<double>.One - e) / (Vector<double>.One + e);
            var large = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<double>.Zero), t, -t);
            var result = Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<double>(0.55)), small, large);

            // ±0 stays ±0 (x − x·(…) would give +0 for −0); NaN is NaN through both branches.
            return Vector.ConditionalSelect(Vector.Equals(x, Vector<double>.Zero), x, result);
        }

        /// <summary>The scalar form of <see cref="TanhOf(Vector{double}, Vector{double})"/>, for the units after the last whole vector.</summary>
        private static double TanhOf(double x, double e)
        {
            if (x == 0.0)
            {
                return x;
            }

            if (Math.Abs(x) < 0.55)
            {
                double y = x * x;
                double s = (((y + 594.0) * y + 45045.0) * y) + 675675.0;
                double q = ((((y + 630.0) * y + 51975.0) * y + 945945.0) * y) + 2027025.0;
                return x - (x * (y * s / q));
            }

            double t = (1.0 - e) / (1.0 + e);
            return x > 0.0 ? t : -t;
        }
    }
}
#endif
