using DerivGen.Lowering;
using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>The text generated for one network, or why there is none. Equatable, so unchanged output is cached.</summary>
    internal sealed record GeneratedFile(string HintName, string TypeName, string Text, string? Error)
    {
        /// <summary>The emitting step: the network's source text, or the error an earlier step (or this one) ran into.</summary>
        public static GeneratedFile For(StepResult<DifferentiatedNetwork> network, TargetFacts target, System.Threading.CancellationToken cancellationToken)
        {
            var text = network.Then(n => NetworkEmitter.Emit(n, target, cancellationToken));
            return new GeneratedFile(text.HintName, text.TypeName, text.Value ?? string.Empty, text.Error);
        }
    }
}
