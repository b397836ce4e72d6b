namespace DerivGen
{
    /// <summary>Names of the [Differentiable] pipeline's steps, which caching tests inspect.</summary>
    internal static class FunctionTrackingNames
    {
        public const string FunctionParse = nameof(FunctionParse);
        public const string DerivativeRuleParse = nameof(DerivativeRuleParse);
        public const string FunctionModel = nameof(FunctionModel);
        public const string FunctionTable = nameof(FunctionTable);
        public const string ResolvedFunction = nameof(ResolvedFunction);
        public const string FunctionResolutionDiagnostics = nameof(FunctionResolutionDiagnostics);
        public const string NoDerivativeDiagnostics = nameof(NoDerivativeDiagnostics);
        public const string LoweredFunction = nameof(LoweredFunction);
        public const string DifferentiatedFunction = nameof(DifferentiatedFunction);
        public const string GeneratedGradient = nameof(GeneratedGradient);
        public const string SecondOrderFunction = nameof(SecondOrderFunction);
        public const string LoweredHessian = nameof(LoweredHessian);
        public const string DifferentiatedHessian = nameof(DifferentiatedHessian);
        public const string GeneratedHessian = nameof(GeneratedHessian);
    }
}
