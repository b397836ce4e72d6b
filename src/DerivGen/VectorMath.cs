using System;
using System.Numerics;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Numerics.Tensors;
#endif

namespace DerivGen
{
    /// <summary>
    /// The vector kernels that generated code calls for layers too large to unroll: a dot product and a scaled add over
    /// spans, allocating nothing. On .NET 8 and later they are TensorPrimitives' (the widest vectors the machine has, several
    /// accumulators); elsewhere a <see cref="Vector{T}"/> loop.
    /// </summary>
    public static class VectorMath
    {
        /// <summary>Σ_i x[i]·y[i].</summary>
        /// <exception cref="ArgumentException">The spans differ in length.</exception>
        public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
        {
            if (x.Length != y.Length)
            {
                throw new ArgumentException("The spans must have the same length.", nameof(y));
            }

#if NET8_0_OR_GREATER
            return TensorPrimitives.Dot(x, y);
#else
            var xs = MemoryMarshal.Cast<double, Vector<double>>(x);
            var ys = MemoryMarshal.Cast<double, Vector<double>>(y);
            var sum = Vector<double>.Zero;
            for (int i = 0; i < xs.Length; i++)
            {
                sum += xs[i] * ys[i];
            }

            double result = Vector.Dot(sum, Vector<double>.One);
            for (int i = xs.Length * Vector<double>.Count; i < x.Length; i++)
            {
                result += x[i] * y[i];
            }

            return result;
#endif
        }

        /// <summary>Σ_i x[i]·y[i] in single precision.</summary>
        /// <exception cref="ArgumentException">The spans differ in length.</exception>
        public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        {
            if (x.Length != y.Length)
            {
                throw new ArgumentException("The spans must have the same length.", nameof(y));
            }

#if NET8_0_OR_GREATER
            return TensorPrimitives.Dot(x, y);
#else
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var ys = MemoryMarshal.Cast<float, Vector<float>>(y);
            var sum = Vector<float>.Zero;
            for (int i = 0; i < xs.Length; i++)
            {
                sum += xs[i] * ys[i];
            }

            float result = Vector.Dot(sum, Vector<float>.One);
            for (int i = xs.Length * Vector<float>.Count; i < x.Length; i++)
            {
                result += x[i] * y[i];
            }

            return result;
#endif
        }

        /// <summary>destination[i] = alpha·x[i] (<paramref name="accumulate"/> false) or destination[i] += alpha·x[i] (true).</summary>
        /// <exception cref="ArgumentException">The spans differ in length.</exception>
        public static void Scale(ReadOnlySpan<double> x, double alpha, Span<double> destination, bool accumulate)
        {
            if (x.Length != destination.Length)
            {
                throw new ArgumentException("The spans must have the same length.", nameof(destination));
            }

#if NET8_0_OR_GREATER
            if (accumulate)
            {
                TensorPrimitives.MultiplyAdd(x, alpha, destination, destination);
            }
            else
            {
                TensorPrimitives.Multiply(x, alpha, destination);
            }
#else
            var xs = MemoryMarshal.Cast<double, Vector<double>>(x);
            var ds = MemoryMarshal.Cast<double, Vector<double>>(destination);
            var a = new Vector<double>(alpha);
            for (int i = 0; i < xs.Length; i++)
            {
                ds[i] = accumulate ? ds[i] + (a * xs[i]) : a * xs[i];
            }

            for (int i = xs.Length * Vector<double>.Count; i < x.Length; i++)
            {
                destination[i] = accumulate ? destination[i] + (alpha * x[i]) : alpha * x[i];
            }
#endif
        }

        /// <summary>destination[i] = alpha·x[i] or destination[i] += alpha·x[i], in single precision.</summary>
        /// <exception cref="ArgumentException">The spans differ in length.</exception>
        public static void Scale(ReadOnlySpan<float> x, float alpha, Span<float> destination, bool accumulate)
        {
            if (x.Length != destination.Length)
            {
                throw new ArgumentException("The spans must have the same length.", nameof(destination));
            }

#if NET8_0_OR_GREATER
            if (accumulate)
            {
                TensorPrimitives.MultiplyAdd(x, alpha, destination, destination);
            }
            else
            {
                TensorPrimitives.Multiply(x, alpha, destination);
            }
#else
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var ds = MemoryMarshal.Cast<float, Vector<float>>(destination);
            var a = new Vector<float>(alpha);
            for (int i = 0; i < xs.Length; i++)
            {
                ds[i] = accumulate ? ds[i] + (a * xs[i]) : a * xs[i];
            }

            for (int i = xs.Length * Vector<float>.Count; i < x.Length; i++)
            {
                destination[i] = accumulate ? destination[i] + (alpha * x[i]) : alpha * x[i];
            }
#endif
        }
        /// <summary>
        /// values[i] /= divisor, for every i, in SIMD vectors: a batch mean's division of the summed gradient by the row count.
        /// Each quotient is correctly rounded in vectors as in scalars, so the bits are those of one division per element.
        /// </summary>
        public static void Divide(Span<double> values, double divisor)
        {
#if NET8_0_OR_GREATER
            TensorPrimitives.Divide(values, divisor, values);
#else
            var vs = MemoryMarshal.Cast<double, Vector<double>>(values);
            var d = new Vector<double>(divisor);
            for (int i = 0; i < vs.Length; i++)
            {
                vs[i] /= d;
            }

            for (int i = vs.Length * Vector<double>.Count; i < values.Length; i++)
            {
                values[i] /= divisor;
            }
#endif
        }

        /// <summary>values[i] /= divisor, for every i, in single precision.</summary>
        public static void Divide(Span<float> values, float divisor)
        {
#if NET8_0_OR_GREATER
            TensorPrimitives.Divide(values, divisor, values);
#else
            var vs = MemoryMarshal.Cast<float, Vector<float>>(values);
            var d = new Vector<float>(divisor);
            for (int i = 0; i < vs.Length; i++)
            {
                vs[i] /= d;
            }

            for (int i = vs.Length * Vector<float>.Count; i < values.Length; i++)
            {
                values[i] /= divisor;
            }
#endif
        }
    }
}
