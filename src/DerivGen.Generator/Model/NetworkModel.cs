namespace DerivGen.Model
{
    /// <summary>
    /// A network with the user's [Differentiable] methods it names (ActivationMethod, LossMethod), resolved, in key order:
    /// only those, so that editing any other method leaves the network equal and its source cached. Must stay equatable.
    /// </summary>
    internal sealed record NetworkModel(NetworkSpec Spec, EquatableArray<ResolvedFunction> Functions);
}
