using System;
using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>The text generated for one network, or why there is none. Equatable, so unchanged output is cached.</summary>
    internal sealed record GeneratedFile(string HintName, string TypeName, string Text, string? Error)
    {
        /// <summary>How every generated file's name ends.</summary>
        public const string Suffix = ".DerivGen.g.cs";

        public static GeneratedFile For(NetworkSpec spec, TargetFacts target)
        {
            try
            {
                return new GeneratedFile(spec.HintName, spec.Name, NetworkEmitter.Emit(spec, target), null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The generator must never fail a build by throwing; a bug here becomes a diagnostic instead.
                return new GeneratedFile(spec.HintName, spec.Name, string.Empty, $"{e.GetType().Name}: {e.Message}");
            }
        }
    }
}
