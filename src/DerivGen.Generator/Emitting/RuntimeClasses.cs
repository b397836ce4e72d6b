namespace DerivGen.Emitting
{
    /// <summary>The runtime classes that generated code calls, spelled once, <c>global::</c>-qualified.</summary>
    internal static class RuntimeClasses
    {
        /// <summary>The whole-layer kernels of the SIMD and loop forms (net8.0 runtime only).</summary>
        public const string DenseKernels = "global::DerivGen.DenseKernels";

        /// <summary>The whole-layer activations of the SIMD form (net8.0 runtime only).</summary>
        public const string ActivationKernels = "global::DerivGen.ActivationKernels";

        /// <summary>The span kernels every runtime has: row-by-row loops, and a batch mean's division.</summary>
        public const string VectorMath = "global::DerivGen.VectorMath";

        /// <summary>The lane-parallel functions of the lane batch (net8.0 runtime only).</summary>
        public const string LaneMath = "global::DerivGen.LaneMath";
    }
}
