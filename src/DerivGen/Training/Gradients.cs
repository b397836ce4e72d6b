using System;

namespace DerivGen
{
    /// <summary>Helpers for gradient buffers in the parameter layout of a generated network.</summary>
    /// <remarks>
    /// The generated <c>Backward</c>, <c>BackwardBatch</c> and <c>BackwardBatchMean</c> overwrite their gradient, so
    /// they need no zeroing; <c>BackwardAccumulate</c> adds to it, so a custom loop zeroes the buffer once before the
    /// first sample of each batch.
    /// </remarks>
    public static class Gradients
    {
        /// <summary>Sets every entry of <paramref name="gradient"/> to +0. Allocates nothing.</summary>
        /// <param name="gradient">The buffer to clear.</param>
        public static void Zero(Span<double> gradient) => gradient.Clear();

        /// <summary>Sets every entry of single-precision <paramref name="gradient"/> to +0. Allocates nothing.</summary>
        /// <param name="gradient">The buffer to clear.</param>
        public static void Zero(Span<float> gradient) => gradient.Clear();
    }
}
