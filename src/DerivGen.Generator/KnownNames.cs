namespace DerivGen
{
    /// <summary>Metadata names of the attributes the generator looks for, and of their arguments.</summary>
    internal static class KnownNames
    {
        public const string NetworkAttribute = "DerivGen.NetworkAttribute";
        public const string DenseAttribute = "DerivGen.DenseAttribute";
        public const string DifferentiableAttribute = "DerivGen.DifferentiableAttribute";
        public const string NoDerivativeAttribute = "DerivGen.NoDerivativeAttribute";
        public const string DerivativeAttribute = "DerivGen.DerivativeAttribute";
        public const string ScalarMath = "DerivGen.ScalarMath";
        public const string LaneMath = "DerivGen.LaneMath";
        public const string OrderArgument = "Order";
        public const string ActivationMethodArgument = "ActivationMethod";
        public const string LossMethodArgument = "LossMethod";
        public const string LossArgument = "Loss";
        public const string HuberDeltaArgument = "HuberDelta";
        public const string SlopeArgument = "Slope";
        public const string PrecisionArgument = "Precision";
        public const string UnrollLimitArgument = "UnrollLimit";
        public const string MethodsArgument = "Methods";

        /// <summary>How every generated file's name ends (the parser makes hint names, the output step de-duplicates them).</summary>
        public const string GeneratedFileSuffix = ".DerivGen.g.cs";
    }
}
