#if NET8_0_OR_GREATER
using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DerivGen
{
    /// <summary>
    /// What the single-sample methods of generated networks call for a layer with a large fan-in (the SIMD form): the three
    /// matrix products of a dense layer over a row-major W, and for HessianVectorProduct their tangents along v, in the
    /// widest vectors the machine accelerates (512, 256 or 128 bits, chosen when the method is compiled, so the other
    /// branches vanish), with a scalar path where there are none.
    /// </summary>
    /// <remarks>
    /// The generated code passes spans of constant lengths, and every method is inlined into it, so the trip counts are
    /// constants too. After the length checks at entry, the elements are read through references (no per-element bounds
    /// checks). Sums run in a different order from the scalar form's (in vector lanes, then across them), so results
    /// agree with it to rounding, not bit for bit. Only in the net8.0 build: the generator emits the SIMD form only where
    /// this class exists.
    /// </remarks>
    public static class DenseKernels
    {
        /// <summary>z[i] = Σ_j W[i,j]·x[j] + b[i], for W of <c>z.Length</c> rows and <c>x.Length</c> columns, row-major.</summary>
        /// <exception cref="ArgumentException">A span's length does not fit the others'.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Affine(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> x, Span<double> z) =>
            AffineOf(weights, bias, x, z);

        /// <inheritdoc cref="Affine(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Affine(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> z) =>
            AffineOf(weights, bias, x, z);

        /// <summary>
        /// G[i,j] = dz[i]·x[j] (or G[i,j] += dz[i]·x[j] when <paramref name="accumulate"/>), for G of <c>dz.Length</c> rows and
        /// <c>x.Length</c> columns, row-major: the gradient of W.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not fit the others'.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Outer(ReadOnlySpan<double> dz, ReadOnlySpan<double> x, Span<double> gradient, bool accumulate) =>
            OuterOf(dz, x, gradient, accumulate);

        /// <inheritdoc cref="Outer(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, bool)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Outer(ReadOnlySpan<float> dz, ReadOnlySpan<float> x, Span<float> gradient, bool accumulate) =>
            OuterOf(dz, x, gradient, accumulate);

        /// <summary>
        /// g[i] = dz[i] (or g[i] += dz[i] when <paramref name="accumulate"/>): the gradient of b, which is dL/dz itself, in
        /// one vector copy or sum instead of a store per unit (the same bits: a copy, or the one addition per entry the
        /// scalar form makes).
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="gradient"/> is not as long as <paramref name="dz"/>.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void BiasGradient(ReadOnlySpan<double> dz, Span<double> gradient, bool accumulate) =>
            BiasGradientOf(dz, gradient, accumulate);

        /// <inheritdoc cref="BiasGradient(ReadOnlySpan{double}, Span{double}, bool)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void BiasGradient(ReadOnlySpan<float> dz, Span<float> gradient, bool accumulate) =>
            BiasGradientOf(dz, gradient, accumulate);

        /// <summary>da[j] = Σ_i W[i,j]·dz[i] (da = Wᵀ·dz), for W of <c>dz.Length</c> rows and <c>da.Length</c> columns, row-major.</summary>
        /// <exception cref="ArgumentException">A span's length does not fit the others'.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void TransposedProduct(ReadOnlySpan<double> weights, ReadOnlySpan<double> dz, Span<double> da) =>
            TransposedProductOf(weights, dz, da);

        /// <inheritdoc cref="TransposedProduct(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void TransposedProduct(ReadOnlySpan<float> weights, ReadOnlySpan<float> dz, Span<float> da) =>
            TransposedProductOf(weights, dz, da);

        /// <summary>
        /// Z[r,i] = Σ_j W[i,j]·X[r,j] + b[i] (Z = X·Wᵀ + b), for a block of samples: X holds one input row per sample and Z
        /// receives one z row per sample, both row-major, for W of <c>bias.Length</c> rows and <c>X.Length / rows</c> columns.
        /// A mini-batch's first layer as one matrix–matrix product.
        /// </summary>
        /// <remarks>
        /// Four rows of W at a time serve every sample of the block while they are in the nearest cache, instead of W being
        /// read once per sample. Each z is the same sum, in the same order, as
        /// <see cref="Affine(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>'s: the same bits.
        /// </remarks>
        /// <exception cref="ArgumentException">A span's length does not fit the others'.</exception>
        public static void AffineRows(ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, ReadOnlySpan<double> xRows, int rows, Span<double> zRows) =>
            AffineRowsOf(weights, bias, xRows, rows, zRows);

        /// <inheritdoc cref="AffineRows(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, int, Span{double})"/>
        public static void AffineRows(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, ReadOnlySpan<float> xRows, int rows, Span<float> zRows) =>
            AffineRowsOf(weights, bias, xRows, rows, zRows);

        /// <summary>
        /// G[i,j] += Σ_r dZ[r,i]·X[r,j] (G += dZᵀ·X), for a block of samples: dZ holds one dL/dz row per sample and X one
        /// input row per sample, both row-major, and G has <c>dZ.Length / rows</c> rows of <c>X.Length / rows</c> columns.
        /// The gradient of W summed over a mini-batch's rows as one matrix–matrix product.
        /// </summary>
        /// <remarks>
        /// Each row of G is loaded and stored once per block instead of once per sample, and the sums keep the samples'
        /// order, so the result has the same bits as <see cref="Outer(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, bool)"/>
        /// called sample after sample with <c>accumulate: true</c>.
        /// </remarks>
        /// <exception cref="ArgumentException">A span's length does not fit the others'.</exception>
        public static void OuterSum(ReadOnlySpan<double> dzRows, ReadOnlySpan<double> xRows, int rows, Span<double> gradient) =>
            OuterSumOf(dzRows, xRows, rows, gradient);

        /// <inheritdoc cref="OuterSum(ReadOnlySpan{double}, ReadOnlySpan{double}, int, Span{double})"/>
        public static void OuterSum(ReadOnlySpan<float> dzRows, ReadOnlySpan<float> xRows, int rows, Span<float> gradient) =>
            OuterSumOf(dzRows, xRows, rows, gradient);

        /// <summary>
        /// ż[i] = Σ_j (W[i,j]·ẋ[j] + Ẇ[i,j]·x[j]) + ḃ[i]: the tangent of <see cref="Affine(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
        /// along (Ẇ, ḃ, ẋ), for W and Ẇ of <c>zTangent.Length</c> rows and <c>x.Length</c> columns, row-major (H·v's forward pass).
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not fit the others'.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AffineTangent(
            ReadOnlySpan<double> weights, ReadOnlySpan<double> weightTangents, ReadOnlySpan<double> biasTangents, ReadOnlySpan<double> x, ReadOnlySpan<double> xTangent, Span<double> zTangent) =>
            AffineTangentOf(weights, weightTangents, biasTangents, x, xTangent, zTangent);

        /// <inheritdoc cref="AffineTangent(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void AffineTangent(
            ReadOnlySpan<float> weights, ReadOnlySpan<float> weightTangents, ReadOnlySpan<float> biasTangents, ReadOnlySpan<float> x, ReadOnlySpan<float> xTangent, Span<float> zTangent) =>
            AffineTangentOf(weights, weightTangents, biasTangents, x, xTangent, zTangent);

        /// <summary>
        /// R[i,j] = ṙ[i]·x[j] + dz[i]·ẋ[j] (or R[i,j] += … when <paramref name="accumulate"/>), for R of <c>dz.Length</c> rows and
        /// <c>x.Length</c> columns, row-major: the tangent of <see cref="Outer(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, bool)"/>
        /// along (ṙ = R{dz}, ẋ), H·v's block of W.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not fit the others'.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void OuterTangent(ReadOnlySpan<double> dz, ReadOnlySpan<double> dzTangent, ReadOnlySpan<double> x, ReadOnlySpan<double> xTangent, Span<double> product, bool accumulate) =>
            OuterTangentOf(dz, dzTangent, x, xTangent, product, accumulate);

        /// <inheritdoc cref="OuterTangent(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, bool)"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void OuterTangent(ReadOnlySpan<float> dz, ReadOnlySpan<float> dzTangent, ReadOnlySpan<float> x, ReadOnlySpan<float> xTangent, Span<float> product, bool accumulate) =>
            OuterTangentOf(dz, dzTangent, x, xTangent, product, accumulate);

        /// <summary>
        /// ȧ[j] = Σ_i (W[i,j]·ṙ[i] + Ẇ[i,j]·dz[i]) (ȧ = Wᵀ·ṙ + Ẇᵀ·dz): the tangent of
        /// <see cref="TransposedProduct(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> along (Ẇ, ṙ = R{dz}), for W and
        /// Ẇ of <c>dz.Length</c> rows and <c>daTangent.Length</c> columns, row-major.
        /// </summary>
        /// <exception cref="ArgumentException">A span's length does not fit the others'.</exception>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void TransposedProductTangent(
            ReadOnlySpan<double> weights, ReadOnlySpan<double> weightTangents, ReadOnlySpan<double> dz, ReadOnlySpan<double> dzTangent, Span<double> daTangent) =>
            TransposedProductTangentOf(weights, weightTangents, dz, dzTangent, daTangent);

        /// <inheritdoc cref="TransposedProductTangent(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void TransposedProductTangent(
            ReadOnlySpan<float> weights, ReadOnlySpan<float> weightTangents, ReadOnlySpan<float> dz, ReadOnlySpan<float> dzTangent, Span<float> daTangent) =>
            TransposedProductTangentOf(weights, weightTangents, dz, dzTangent, daTangent);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AffineTangentOf<T>(
            ReadOnlySpan<T> weights, ReadOnlySpan<T> weightTangents, ReadOnlySpan<T> biasTangents, ReadOnlySpan<T> x, ReadOnlySpan<T> xTangent, Span<T> zTangent)
            where T : unmanaged, INumberBase<T>
        {
            int rows = zTangent.Length;
            int columns = x.Length;
            if (weights.Length != rows * columns || weightTangents.Length != rows * columns || biasTangents.Length != rows || xTangent.Length != columns)
            {
                ThrowShapeMismatch(nameof(weights));
            }

            ref T w = ref MemoryMarshal.GetReference(weights);
            ref T v = ref MemoryMarshal.GetReference(weightTangents);
            ref T b = ref MemoryMarshal.GetReference(biasTangents);
            ref T a = ref MemoryMarshal.GetReference(x);
            ref T at = ref MemoryMarshal.GetReference(xTangent);
            ref T result = ref MemoryMarshal.GetReference(zTangent);
            int i = 0;

            // As in Affine, four rows at a time, once along ẋ through W and once along x through Ẇ.
            for (; i + 4 <= rows; i += 4)
            {
                Dot4(ref Unsafe.Add(ref w, i * columns), columns, ref at, out var d0, out var d1, out var d2, out var d3);
                Dot4(ref Unsafe.Add(ref v, i * columns), columns, ref a, out var e0, out var e1, out var e2, out var e3);
                Unsafe.Add(ref result, i) = d0 + e0 + Unsafe.Add(ref b, i);
                Unsafe.Add(ref result, i + 1) = d1 + e1 + Unsafe.Add(ref b, i + 1);
                Unsafe.Add(ref result, i + 2) = d2 + e2 + Unsafe.Add(ref b, i + 2);
                Unsafe.Add(ref result, i + 3) = d3 + e3 + Unsafe.Add(ref b, i + 3);
            }

            for (; i < rows; i++)
            {
                Unsafe.Add(ref result, i) = Dot(ref Unsafe.Add(ref w, i * columns), ref at, columns) + Dot(ref Unsafe.Add(ref v, i * columns), ref a, columns) + Unsafe.Add(ref b, i);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void OuterTangentOf<T>(ReadOnlySpan<T> dz, ReadOnlySpan<T> dzTangent, ReadOnlySpan<T> x, ReadOnlySpan<T> xTangent, Span<T> product, bool accumulate)
            where T : unmanaged, INumberBase<T>
        {
            int rows = dz.Length;
            int columns = x.Length;
            if (product.Length != rows * columns || dzTangent.Length != rows || xTangent.Length != columns)
            {
                ThrowShapeMismatch(nameof(product));
            }

            // As in Outer, two loops rather than a test of accumulate per element; either way the second term adds to the first.
            ref T g = ref MemoryMarshal.GetReference(product);
            ref T a = ref MemoryMarshal.GetReference(x);
            ref T at = ref MemoryMarshal.GetReference(xTangent);
            ref T d = ref MemoryMarshal.GetReference(dz);
            ref T dt = ref MemoryMarshal.GetReference(dzTangent);
            if (accumulate)
            {
                for (int i = 0; i < rows; i++)
                {
                    ref T row = ref Unsafe.Add(ref g, i * columns);
                    ScaledRow(Unsafe.Add(ref dt, i), ref a, ref row, columns, accumulate: true);
                    ScaledRow(Unsafe.Add(ref d, i), ref at, ref row, columns, accumulate: true);
                }
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    ref T row = ref Unsafe.Add(ref g, i * columns);
                    ScaledRow(Unsafe.Add(ref dt, i), ref a, ref row, columns, accumulate: false);
                    ScaledRow(Unsafe.Add(ref d, i), ref at, ref row, columns, accumulate: true);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TransposedProductTangentOf<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> weightTangents, ReadOnlySpan<T> dz, ReadOnlySpan<T> dzTangent, Span<T> daTangent)
            where T : unmanaged, INumberBase<T>
        {
            int rows = dz.Length;
            int columns = daTangent.Length;
            if (weights.Length != rows * columns || weightTangents.Length != rows * columns || dzTangent.Length != rows)
            {
                ThrowShapeMismatch(nameof(weights));
            }

            ColumnSums(
                ref MemoryMarshal.GetReference(weights), ref MemoryMarshal.GetReference(dzTangent),
                ref MemoryMarshal.GetReference(weightTangents), ref MemoryMarshal.GetReference(dz), second: true,
                stride: 1, rows, columns, ref MemoryMarshal.GetReference(daTangent), accumulate: false);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AffineOf<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, ReadOnlySpan<T> x, Span<T> z)
            where T : unmanaged, INumberBase<T>
        {
            int rows = z.Length;
            int columns = x.Length;
            if (weights.Length != rows * columns || bias.Length != rows)
            {
                ThrowShapeMismatch(nameof(weights));
            }

            ref T w = ref MemoryMarshal.GetReference(weights);
            ref T b = ref MemoryMarshal.GetReference(bias);
            ref T a = ref MemoryMarshal.GetReference(x);
            ref T result = ref MemoryMarshal.GetReference(z);
            int i = 0;

            // Four rows at a time: four independent sums, and each load of x serves all four.
            for (; i + 4 <= rows; i += 4)
            {
                Dot4(ref Unsafe.Add(ref w, i * columns), columns, ref a, out var d0, out var d1, out var d2, out var d3);
                Unsafe.Add(ref result, i) = d0 + Unsafe.Add(ref b, i);
                Unsafe.Add(ref result, i + 1) = d1 + Unsafe.Add(ref b, i + 1);
                Unsafe.Add(ref result, i + 2) = d2 + Unsafe.Add(ref b, i + 2);
                Unsafe.Add(ref result, i + 3) = d3 + Unsafe.Add(ref b, i + 3);
            }

            for (; i < rows; i++)
            {
                Unsafe.Add(ref result, i) = Dot(ref Unsafe.Add(ref w, i * columns), ref a, columns) + Unsafe.Add(ref b, i);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void OuterOf<T>(ReadOnlySpan<T> dz, ReadOnlySpan<T> x, Span<T> gradient, bool accumulate)
            where T : unmanaged, INumberBase<T>
        {
            int rows = dz.Length;
            int columns = x.Length;
            if (gradient.Length != rows * columns)
            {
                ThrowShapeMismatch(nameof(gradient));
            }

            // Two loops rather than a test of accumulate per element: the JIT keeps each loop free of it.
            ref T g = ref MemoryMarshal.GetReference(gradient);
            ref T a = ref MemoryMarshal.GetReference(x);
            ref T d = ref MemoryMarshal.GetReference(dz);
            if (accumulate)
            {
                for (int i = 0; i < rows; i++)
                {
                    ScaledRow(Unsafe.Add(ref d, i), ref a, ref Unsafe.Add(ref g, i * columns), columns, accumulate: true);
                }
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    ScaledRow(Unsafe.Add(ref d, i), ref a, ref Unsafe.Add(ref g, i * columns), columns, accumulate: false);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void BiasGradientOf<T>(ReadOnlySpan<T> dz, Span<T> gradient, bool accumulate)
            where T : unmanaged, INumberBase<T>
        {
            if (gradient.Length != dz.Length)
            {
                ThrowShapeMismatch(nameof(gradient));
            }

            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(gradient, dz, gradient);
            }
            else
            {
                dz.CopyTo(gradient);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TransposedProductOf<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> dz, Span<T> da)
            where T : unmanaged, INumberBase<T>
        {
            int rows = dz.Length;
            int columns = da.Length;
            if (weights.Length != rows * columns)
            {
                ThrowShapeMismatch(nameof(weights));
            }

            ref T w = ref MemoryMarshal.GetReference(weights);
            ref T d = ref MemoryMarshal.GetReference(dz);
            ColumnSums(ref w, ref d, ref w, ref d, second: false, stride: 1, rows, columns, ref MemoryMarshal.GetReference(da), accumulate: false);
        }

        private static void AffineRowsOf<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> bias, ReadOnlySpan<T> xRows, int rows, Span<T> zRows)
            where T : unmanaged, INumberBase<T>
        {
            int units = bias.Length;
            if (rows < 1 || xRows.Length % rows != 0 || zRows.Length != rows * units)
            {
                ThrowShapeMismatch(nameof(rows));
            }

            int columns = xRows.Length / rows;
            if (weights.Length != units * columns)
            {
                ThrowShapeMismatch(nameof(weights));
            }

            ref T w = ref MemoryMarshal.GetReference(weights);
            ref T b = ref MemoryMarshal.GetReference(bias);
            ref T x = ref MemoryMarshal.GetReference(xRows);
            ref T z = ref MemoryMarshal.GetReference(zRows);
            // Where Dot4 would use 256-bit vectors, two samples at a time: eight sums in flight rather than four, each in
            // Dot4's order.
            bool pairs = !Vector512.IsHardwareAccelerated && Vector256.IsHardwareAccelerated && columns >= Vector256<T>.Count;
            int i = 0;
            for (; i + 4 <= units; i += 4)
            {
                ref T fourRows = ref Unsafe.Add(ref w, i * columns);
                int r = 0;
                if (pairs)
                {
                    for (; r + 2 <= rows; r += 2)
                    {
                        Dot4Pair(ref fourRows, columns, ref Unsafe.Add(ref x, r * columns), ref Unsafe.Add(ref b, i), ref Unsafe.Add(ref z, (r * units) + i), units);
                    }
                }

                for (; r < rows; r++)
                {
                    Dot4(ref fourRows, columns, ref Unsafe.Add(ref x, r * columns), out var d0, out var d1, out var d2, out var d3);
                    ref T result = ref Unsafe.Add(ref z, (r * units) + i);
                    result = d0 + Unsafe.Add(ref b, i);
                    Unsafe.Add(ref result, 1) = d1 + Unsafe.Add(ref b, i + 1);
                    Unsafe.Add(ref result, 2) = d2 + Unsafe.Add(ref b, i + 2);
                    Unsafe.Add(ref result, 3) = d3 + Unsafe.Add(ref b, i + 3);
                }
            }

            for (; i < units; i++)
            {
                for (int r = 0; r < rows; r++)
                {
                    Unsafe.Add(ref z, (r * units) + i) = Dot(ref Unsafe.Add(ref w, i * columns), ref Unsafe.Add(ref x, r * columns), columns) + Unsafe.Add(ref b, i);
                }
            }
        }

        private static void OuterSumOf<T>(ReadOnlySpan<T> dzRows, ReadOnlySpan<T> xRows, int rows, Span<T> gradient)
            where T : unmanaged, INumberBase<T>
        {
            if (rows < 1 || dzRows.Length % rows != 0 || xRows.Length % rows != 0)
            {
                ThrowShapeMismatch(nameof(rows));
            }

            int units = dzRows.Length / rows;
            int columns = xRows.Length / rows;
            if (gradient.Length != units * columns)
            {
                ThrowShapeMismatch(nameof(gradient));
            }

            // Row i of G is the column sums of X weighted by column i of dZ (stride: one dZ row).
            ref T x = ref MemoryMarshal.GetReference(xRows);
            ref T d = ref MemoryMarshal.GetReference(dzRows);
            ref T g = ref MemoryMarshal.GetReference(gradient);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // Two rows of G at a time: each load of X serves both, and eight sums are in flight rather than four.
                for (; i + 2 <= units; i += 2)
                {
                    RowPairSums(ref x, ref Unsafe.Add(ref d, i), units, rows, columns, ref Unsafe.Add(ref g, i * columns));
                }
            }

            for (; i < units; i++)
            {
                ref T column = ref Unsafe.Add(ref d, i);
                ColumnSums(ref x, ref column, ref x, ref column, second: false, stride: units, rows, columns, ref Unsafe.Add(ref g, i * columns), accumulate: true);
            }
        }

        /// <summary>
        /// g[j] += Σ_r d[r·stride]·X[r,j] and g[columns + j] += Σ_r d[r·stride + 1]·X[r,j] (two consecutive rows of G), in
        /// 256-bit vectors, each sum in the rows' order.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void RowPairSums<T>(ref T x, ref T d, int stride, int rows, int columns, ref T g)
            where T : unmanaged, INumberBase<T>
        {
            ref T h = ref Unsafe.Add(ref g, columns);
            int width = Vector256<T>.Count;
            int j = 0;
            for (; j + (4 * width) <= columns; j += 4 * width)
            {
                var a0 = Vector256.LoadUnsafe(ref g, (nuint)j);
                var a1 = Vector256.LoadUnsafe(ref g, (nuint)(j + width));
                var a2 = Vector256.LoadUnsafe(ref g, (nuint)(j + (2 * width)));
                var a3 = Vector256.LoadUnsafe(ref g, (nuint)(j + (3 * width)));
                var b0 = Vector256.LoadUnsafe(ref h, (nuint)j);
                var b1 = Vector256.LoadUnsafe(ref h, (nuint)(j + width));
                var b2 = Vector256.LoadUnsafe(ref h, (nuint)(j + (2 * width)));
                var b3 = Vector256.LoadUnsafe(ref h, (nuint)(j + (3 * width)));
                for (int r = 0; r < rows; r++)
                {
                    var f = Vector256.Create(Unsafe.Add(ref d, r * stride));
                    var e = Vector256.Create(Unsafe.Add(ref d, (r * stride) + 1));
                    ref T row = ref Unsafe.Add(ref x, (r * columns) + j);
                    var v0 = Vector256.LoadUnsafe(ref row);
                    var v1 = Vector256.LoadUnsafe(ref row, (nuint)width);
                    var v2 = Vector256.LoadUnsafe(ref row, (nuint)(2 * width));
                    var v3 = Vector256.LoadUnsafe(ref row, (nuint)(3 * width));
                    a0 += f * v0;
                    a1 += f * v1;
                    a2 += f * v2;
                    a3 += f * v3;
                    b0 += e * v0;
                    b1 += e * v1;
                    b2 += e * v2;
                    b3 += e * v3;
                }

                a0.StoreUnsafe(ref g, (nuint)j);
                a1.StoreUnsafe(ref g, (nuint)(j + width));
                a2.StoreUnsafe(ref g, (nuint)(j + (2 * width)));
                a3.StoreUnsafe(ref g, (nuint)(j + (3 * width)));
                b0.StoreUnsafe(ref h, (nuint)j);
                b1.StoreUnsafe(ref h, (nuint)(j + width));
                b2.StoreUnsafe(ref h, (nuint)(j + (2 * width)));
                b3.StoreUnsafe(ref h, (nuint)(j + (3 * width)));
            }

            for (; j + width <= columns; j += width)
            {
                var a = Vector256.LoadUnsafe(ref g, (nuint)j);
                var b = Vector256.LoadUnsafe(ref h, (nuint)j);
                for (int r = 0; r < rows; r++)
                {
                    var v = Vector256.LoadUnsafe(ref x, (nuint)((r * columns) + j));
                    a += Vector256.Create(Unsafe.Add(ref d, r * stride)) * v;
                    b += Vector256.Create(Unsafe.Add(ref d, (r * stride) + 1)) * v;
                }

                a.StoreUnsafe(ref g, (nuint)j);
                b.StoreUnsafe(ref h, (nuint)j);
            }

            for (; j < columns; j++)
            {
                T a = Unsafe.Add(ref g, j);
                T b = Unsafe.Add(ref h, j);
                for (int r = 0; r < rows; r++)
                {
                    T v = Unsafe.Add(ref x, (r * columns) + j);
                    a += Unsafe.Add(ref d, r * stride) * v;
                    b += Unsafe.Add(ref d, (r * stride) + 1) * v;
                }

                Unsafe.Add(ref g, j) = a;
                Unsafe.Add(ref h, j) = b;
            }
        }

        /// <summary>
        /// result[j] = Σ_i (d[i·stride]·W[i,j] + e[i·stride]·V[i,j]) for W and V of <paramref name="rows"/> ×
        /// <paramref name="columns"/>, row-major (the second term only when <paramref name="second"/>, a constant once
        /// inlined): Wᵀ·d (+ Vᵀ·e). With <paramref name="accumulate"/>, the sums start from result's values instead of 0.
        /// </summary>
        /// <remarks>
        /// Column blocks, each summed over every row in registers and stored once. Adding row after row into the result
        /// itself would chain every row's load of it to the previous row's store (store-to-load forwarding, about five cycles
        /// per vector), which made a 64 × 64 product take six times its arithmetic. Each result[j] is still the sum over the
        /// rows in row order, so that accumulating gives the same bits as adding row after row.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ColumnSums<T>(ref T w, ref T d, ref T v, ref T e, bool second, int stride, int rows, int columns, ref T result, bool accumulate)
            where T : unmanaged, INumberBase<T>
        {
            int j = 0;
            if (Vector512.IsHardwareAccelerated && columns >= Vector512<T>.Count)
            {
                int width = Vector512<T>.Count;
                for (; j + (4 * width) <= columns; j += 4 * width)
                {
                    Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
                    if (accumulate)
                    {
                        s0 = Vector512.LoadUnsafe(ref result, (nuint)j);
                        s1 = Vector512.LoadUnsafe(ref result, (nuint)(j + width));
                        s2 = Vector512.LoadUnsafe(ref result, (nuint)(j + (2 * width)));
                        s3 = Vector512.LoadUnsafe(ref result, (nuint)(j + (3 * width)));
                    }

                    for (int i = 0; i < rows; i++)
                    {
                        var f = Vector512.Create(Unsafe.Add(ref d, i * stride));
                        ref T row = ref Unsafe.Add(ref w, (i * columns) + j);
                        s0 += f * Vector512.LoadUnsafe(ref row);
                        s1 += f * Vector512.LoadUnsafe(ref row, (nuint)width);
                        s2 += f * Vector512.LoadUnsafe(ref row, (nuint)(2 * width));
                        s3 += f * Vector512.LoadUnsafe(ref row, (nuint)(3 * width));
                        if (second)
                        {
                            var g = Vector512.Create(Unsafe.Add(ref e, i * stride));
                            ref T other = ref Unsafe.Add(ref v, (i * columns) + j);
                            s0 += g * Vector512.LoadUnsafe(ref other);
                            s1 += g * Vector512.LoadUnsafe(ref other, (nuint)width);
                            s2 += g * Vector512.LoadUnsafe(ref other, (nuint)(2 * width));
                            s3 += g * Vector512.LoadUnsafe(ref other, (nuint)(3 * width));
                        }
                    }

                    s0.StoreUnsafe(ref result, (nuint)j);
                    s1.StoreUnsafe(ref result, (nuint)(j + width));
                    s2.StoreUnsafe(ref result, (nuint)(j + (2 * width)));
                    s3.StoreUnsafe(ref result, (nuint)(j + (3 * width)));
                }

                for (; j + width <= columns; j += width)
                {
                    var sum = accumulate ? Vector512.LoadUnsafe(ref result, (nuint)j) : Vector512<T>.Zero;
                    for (int i = 0; i < rows; i++)
                    {
                        sum += Vector512.Create(Unsafe.Add(ref d, i * stride)) * Vector512.LoadUnsafe(ref w, (nuint)((i * columns) + j));
                        if (second)
                        {
                            sum += Vector512.Create(Unsafe.Add(ref e, i * stride)) * Vector512.LoadUnsafe(ref v, (nuint)((i * columns) + j));
                        }
                    }

                    sum.StoreUnsafe(ref result, (nuint)j);
                }
            }
            else if (Vector256.IsHardwareAccelerated && columns >= Vector256<T>.Count)
            {
                int width = Vector256<T>.Count;
                for (; j + (4 * width) <= columns; j += 4 * width)
                {
                    Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
                    if (accumulate)
                    {
                        s0 = Vector256.LoadUnsafe(ref result, (nuint)j);
                        s1 = Vector256.LoadUnsafe(ref result, (nuint)(j + width));
                        s2 = Vector256.LoadUnsafe(ref result, (nuint)(j + (2 * width)));
                        s3 = Vector256.LoadUnsafe(ref result, (nuint)(j + (3 * width)));
                    }

                    for (int i = 0; i < rows; i++)
                    {
                        var f = Vector256.Create(Unsafe.Add(ref d, i * stride));
                        ref T row = ref Unsafe.Add(ref w, (i * columns) + j);
                        s0 += f * Vector256.LoadUnsafe(ref row);
                        s1 += f * Vector256.LoadUnsafe(ref row, (nuint)width);
                        s2 += f * Vector256.LoadUnsafe(ref row, (nuint)(2 * width));
                        s3 += f * Vector256.LoadUnsafe(ref row, (nuint)(3 * width));
                        if (second)
                        {
                            var g = Vector256.Create(Unsafe.Add(ref e, i * stride));
                            ref T other = ref Unsafe.Add(ref v, (i * columns) + j);
                            s0 += g * Vector256.LoadUnsafe(ref other);
                            s1 += g * Vector256.LoadUnsafe(ref other, (nuint)width);
                            s2 += g * Vector256.LoadUnsafe(ref other, (nuint)(2 * width));
                            s3 += g * Vector256.LoadUnsafe(ref other, (nuint)(3 * width));
                        }
                    }

                    s0.StoreUnsafe(ref result, (nuint)j);
                    s1.StoreUnsafe(ref result, (nuint)(j + width));
                    s2.StoreUnsafe(ref result, (nuint)(j + (2 * width)));
                    s3.StoreUnsafe(ref result, (nuint)(j + (3 * width)));
                }

                for (; j + width <= columns; j += width)
                {
                    var sum = accumulate ? Vector256.LoadUnsafe(ref result, (nuint)j) : Vector256<T>.Zero;
                    for (int i = 0; i < rows; i++)
                    {
                        sum += Vector256.Create(Unsafe.Add(ref d, i * stride)) * Vector256.LoadUnsafe(ref w, (nuint)((i * columns) + j));
                        if (second)
                        {
                            sum += Vector256.Create(Unsafe.Add(ref e, i * stride)) * Vector256.LoadUnsafe(ref v, (nuint)((i * columns) + j));
                        }
                    }

                    sum.StoreUnsafe(ref result, (nuint)j);
                }
            }
            else if (Vector128.IsHardwareAccelerated && columns >= Vector128<T>.Count)
            {
                int width = Vector128<T>.Count;
                for (; j + width <= columns; j += width)
                {
                    var sum = accumulate ? Vector128.LoadUnsafe(ref result, (nuint)j) : Vector128<T>.Zero;
                    for (int i = 0; i < rows; i++)
                    {
                        sum += Vector128.Create(Unsafe.Add(ref d, i * stride)) * Vector128.LoadUnsafe(ref w, (nuint)((i * columns) + j));
                        if (second)
                        {
                            sum += Vector128.Create(Unsafe.Add(ref e, i * stride)) * Vector128.LoadUnsafe(ref v, (nuint)((i * columns) + j));
                        }
                    }

                    sum.StoreUnsafe(ref result, (nuint)j);
                }
            }

            for (; j < columns; j++)
            {
                T sum = accumulate ? Unsafe.Add(ref result, j) : T.Zero;
                for (int i = 0; i < rows; i++)
                {
                    sum += Unsafe.Add(ref d, i * stride) * Unsafe.Add(ref w, (i * columns) + j);
                    if (second)
                    {
                        sum += Unsafe.Add(ref e, i * stride) * Unsafe.Add(ref v, (i * columns) + j);
                    }
                }

                Unsafe.Add(ref result, j) = sum;
            }
        }

        /// <summary>destination[j] = factor·row[j] (or += when <paramref name="accumulate"/>), for j below <paramref name="count"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ScaledRow<T>(T factor, ref T row, ref T destination, int count, bool accumulate)
            where T : unmanaged, INumberBase<T>
        {
            int j = 0;
            if (Vector512.IsHardwareAccelerated && count >= Vector512<T>.Count)
            {
                var f = Vector512.Create(factor);
                for (; j + Vector512<T>.Count <= count; j += Vector512<T>.Count)
                {
                    var product = f * Vector512.LoadUnsafe(ref row, (nuint)j);
                    (accumulate ? Vector512.LoadUnsafe(ref destination, (nuint)j) + product : product).StoreUnsafe(ref destination, (nuint)j);
                }
            }
            else if (Vector256.IsHardwareAccelerated && count >= Vector256<T>.Count)
            {
                var f = Vector256.Create(factor);
                for (; j + Vector256<T>.Count <= count; j += Vector256<T>.Count)
                {
                    var product = f * Vector256.LoadUnsafe(ref row, (nuint)j);
                    (accumulate ? Vector256.LoadUnsafe(ref destination, (nuint)j) + product : product).StoreUnsafe(ref destination, (nuint)j);
                }
            }
            else if (Vector128.IsHardwareAccelerated && count >= Vector128<T>.Count)
            {
                var f = Vector128.Create(factor);
                for (; j + Vector128<T>.Count <= count; j += Vector128<T>.Count)
                {
                    var product = f * Vector128.LoadUnsafe(ref row, (nuint)j);
                    (accumulate ? Vector128.LoadUnsafe(ref destination, (nuint)j) + product : product).StoreUnsafe(ref destination, (nuint)j);
                }
            }

            for (; j < count; j++)
            {
                var product = factor * Unsafe.Add(ref row, j);
                Unsafe.Add(ref destination, j) = accumulate ? Unsafe.Add(ref destination, j) + product : product;
            }
        }

        /// <summary>Σ_j row[j]·x[j] for j below <paramref name="count"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static T Dot<T>(ref T row, ref T x, int count)
            where T : unmanaged, INumberBase<T>
        {
            int j = 0;
            T sum = T.Zero;
            if (Vector512.IsHardwareAccelerated && count >= Vector512<T>.Count)
            {
                var s = Vector512<T>.Zero;
                for (; j + Vector512<T>.Count <= count; j += Vector512<T>.Count)
                {
                    s += Vector512.LoadUnsafe(ref row, (nuint)j) * Vector512.LoadUnsafe(ref x, (nuint)j);
                }

                sum = Vector512.Sum(s);
            }
            else if (Vector256.IsHardwareAccelerated && count >= Vector256<T>.Count)
            {
                var s = Vector256<T>.Zero;
                for (; j + Vector256<T>.Count <= count; j += Vector256<T>.Count)
                {
                    s += Vector256.LoadUnsafe(ref row, (nuint)j) * Vector256.LoadUnsafe(ref x, (nuint)j);
                }

                sum = Vector256.Sum(s);
            }
            else if (Vector128.IsHardwareAccelerated && count >= Vector128<T>.Count)
            {
                var s = Vector128<T>.Zero;
                for (; j + Vector128<T>.Count <= count; j += Vector128<T>.Count)
                {
                    s += Vector128.LoadUnsafe(ref row, (nuint)j) * Vector128.LoadUnsafe(ref x, (nuint)j);
                }

                sum = Vector128.Sum(s);
            }

            for (; j < count; j++)
            {
                sum += Unsafe.Add(ref row, j) * Unsafe.Add(ref x, j);
            }

            return sum;
        }

        /// <summary>
        /// <see cref="Dot4"/>'s 256-bit path for two samples x and x + <paramref name="count"/> at once, plus the bias: z[k] and
        /// z[zStride + k] for k below 4, each sum in Dot4's order.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Dot4Pair<T>(ref T rows, int count, ref T x, ref T bias, ref T z, int zStride)
            where T : unmanaged, INumberBase<T>
        {
            ref T r0 = ref rows;
            ref T r1 = ref Unsafe.Add(ref rows, count);
            ref T r2 = ref Unsafe.Add(ref rows, 2 * count);
            ref T r3 = ref Unsafe.Add(ref rows, 3 * count);
            ref T y = ref Unsafe.Add(ref x, count);
            Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default, t0 = default, t1 = default, t2 = default, t3 = default;
            int j = 0;
            for (; j + Vector256<T>.Count <= count; j += Vector256<T>.Count)
            {
                var u = Vector256.LoadUnsafe(ref x, (nuint)j);
                var v = Vector256.LoadUnsafe(ref y, (nuint)j);
                var w0 = Vector256.LoadUnsafe(ref r0, (nuint)j);
                var w1 = Vector256.LoadUnsafe(ref r1, (nuint)j);
                var w2 = Vector256.LoadUnsafe(ref r2, (nuint)j);
                var w3 = Vector256.LoadUnsafe(ref r3, (nuint)j);
                s0 += w0 * u;
                s1 += w1 * u;
                s2 += w2 * u;
                s3 += w3 * u;
                t0 += w0 * v;
                t1 += w1 * v;
                t2 += w2 * v;
                t3 += w3 * v;
            }

            T d0 = Vector256.Sum(s0), d1 = Vector256.Sum(s1), d2 = Vector256.Sum(s2), d3 = Vector256.Sum(s3);
            T e0 = Vector256.Sum(t0), e1 = Vector256.Sum(t1), e2 = Vector256.Sum(t2), e3 = Vector256.Sum(t3);
            for (; j < count; j++)
            {
                T u = Unsafe.Add(ref x, j), v = Unsafe.Add(ref y, j);
                T w0 = Unsafe.Add(ref r0, j), w1 = Unsafe.Add(ref r1, j), w2 = Unsafe.Add(ref r2, j), w3 = Unsafe.Add(ref r3, j);
                d0 += w0 * u;
                d1 += w1 * u;
                d2 += w2 * u;
                d3 += w3 * u;
                e0 += w0 * v;
                e1 += w1 * v;
                e2 += w2 * v;
                e3 += w3 * v;
            }

            ref T z1 = ref Unsafe.Add(ref z, zStride);
            z = d0 + bias;
            Unsafe.Add(ref z, 1) = d1 + Unsafe.Add(ref bias, 1);
            Unsafe.Add(ref z, 2) = d2 + Unsafe.Add(ref bias, 2);
            Unsafe.Add(ref z, 3) = d3 + Unsafe.Add(ref bias, 3);
            z1 = e0 + bias;
            Unsafe.Add(ref z1, 1) = e1 + Unsafe.Add(ref bias, 1);
            Unsafe.Add(ref z1, 2) = e2 + Unsafe.Add(ref bias, 2);
            Unsafe.Add(ref z1, 3) = e3 + Unsafe.Add(ref bias, 3);
        }

        /// <summary>The dot products of four consecutive rows (starting at <paramref name="rows"/>, <paramref name="count"/> apart) with x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Dot4<T>(ref T rows, int count, ref T x, out T d0, out T d1, out T d2, out T d3)
            where T : unmanaged, INumberBase<T>
        {
            ref T r0 = ref rows;
            ref T r1 = ref Unsafe.Add(ref rows, count);
            ref T r2 = ref Unsafe.Add(ref rows, 2 * count);
            ref T r3 = ref Unsafe.Add(ref rows, 3 * count);
            int j = 0;
            d0 = d1 = d2 = d3 = T.Zero;
            if (Vector512.IsHardwareAccelerated && count >= Vector512<T>.Count)
            {
                Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
                for (; j + Vector512<T>.Count <= count; j += Vector512<T>.Count)
                {
                    var v = Vector512.LoadUnsafe(ref x, (nuint)j);
                    s0 += Vector512.LoadUnsafe(ref r0, (nuint)j) * v;
                    s1 += Vector512.LoadUnsafe(ref r1, (nuint)j) * v;
                    s2 += Vector512.LoadUnsafe(ref r2, (nuint)j) * v;
                    s3 += Vector512.LoadUnsafe(ref r3, (nuint)j) * v;
                }

                (d0, d1, d2, d3) = (Vector512.Sum(s0), Vector512.Sum(s1), Vector512.Sum(s2), Vector512.Sum(s3));
            }
            else if (Vector256.IsHardwareAccelerated && count >= Vector256<T>.Count)
            {
                Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
                for (; j + Vector256<T>.Count <= count; j += Vector256<T>.Count)
                {
                    var v = Vector256.LoadUnsafe(ref x, (nuint)j);
                    s0 += Vector256.LoadUnsafe(ref r0, (nuint)j) * v;
                    s1 += Vector256.LoadUnsafe(ref r1, (nuint)j) * v;
                    s2 += Vector256.LoadUnsafe(ref r2, (nuint)j) * v;
                    s3 += Vector256.LoadUnsafe(ref r3, (nuint)j) * v;
                }

                (d0, d1, d2, d3) = (Vector256.Sum(s0), Vector256.Sum(s1), Vector256.Sum(s2), Vector256.Sum(s3));
            }
            else if (Vector128.IsHardwareAccelerated && count >= Vector128<T>.Count)
            {
                Vector128<T> s0 = default, s1 = default, s2 = default, s3 = default;
                for (; j + Vector128<T>.Count <= count; j += Vector128<T>.Count)
                {
                    var v = Vector128.LoadUnsafe(ref x, (nuint)j);
                    s0 += Vector128.LoadUnsafe(ref r0, (nuint)j) * v;
                    s1 += Vector128.LoadUnsafe(ref r1, (nuint)j) * v;
                    s2 += Vector128.LoadUnsafe(ref r2, (nuint)j) * v;
                    s3 += Vector128.LoadUnsafe(ref r3, (nuint)j) * v;
                }

                (d0, d1, d2, d3) = (Vector128.Sum(s0), Vector128.Sum(s1), Vector128.Sum(s2), Vector128.Sum(s3));
            }

            for (; j < count; j++)
            {
                var v = Unsafe.Add(ref x, j);
                d0 += Unsafe.Add(ref r0, j) * v;
                d1 += Unsafe.Add(ref r1, j) * v;
                d2 += Unsafe.Add(ref r2, j) * v;
                d3 += Unsafe.Add(ref r3, j) * v;
            }
        }

        private static void ThrowShapeMismatch(string argument) =>
            throw new ArgumentException("The spans' lengths do not fit one row-major matrix and its vectors.", argument);
    }
}
#endif
