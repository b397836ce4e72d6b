using System;

namespace DerivGen
{
    /// <summary>
    /// The optional groups of methods the generator adds to a network, for <see cref="NetworkAttribute.Methods"/>. Forward,
    /// Loss, Backward, BackwardAccumulate, Layout and the instance form are always there; each group left out is that much
    /// less generated code for the compiler to build and the reader to page through.
    /// </summary>
    [Flags]
    public enum NetworkMethods
    {
        /// <summary>Only the methods that are always there.</summary>
        Core = 0,

        /// <summary>
        /// Backward with a trace span, which also records z, a, dL/da and dL/dz of every layer, the <c>Trace</c> view that
        /// reads it, and <c>TraceLength</c>: the step-by-step values for checking a computation by hand.
        /// </summary>
        Trace = 1,

        /// <summary>HessianVectorProduct and HessianVectorProductBatchMean.</summary>
        SecondOrder = 2,

        /// <summary>InputGradient (dL/dx) and InputJacobian (∂output/∂x).</summary>
        InputSensitivities = 4,

        /// <summary>
        /// ForwardBatch, LossBatch, LossBatchMean, BackwardBatch and BackwardBatchMean: many rows in one call, several rows
        /// at once in vector lanes where the network has the lane form. The lane form is the costliest code per line for
        /// the compiler, so a network that is only ever called one sample at a time compiles markedly faster without it.
        /// </summary>
        Batches = 8,

        /// <summary>Every group: the default.</summary>
        All = Trace | SecondOrder | InputSensitivities | Batches,
    }
}
