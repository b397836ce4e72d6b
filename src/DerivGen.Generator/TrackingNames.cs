namespace DerivGen
{
    /// <summary>Names of the pipeline steps that caching tests inspect.</summary>
    internal static class TrackingNames
    {
        public const string ParseResult = nameof(ParseResult);
        public const string NetworkModel = nameof(NetworkModel);
        public const string NetworkWithFunctions = nameof(NetworkWithFunctions);
        public const string TargetFacts = nameof(TargetFacts);
        public const string LoweredGraph = nameof(LoweredGraph);
        public const string DerivativeGraph = nameof(DerivativeGraph);
        public const string GeneratedSource = nameof(GeneratedSource);
        public const string OrphanDenseDiagnostics = nameof(OrphanDenseDiagnostics);
    }
}
