namespace DerivGen.Model
{
    /// <summary>One Dense layer as the user declared it. Must stay immutable and equatable.</summary>
    /// <param name="Units">Number of units (outputs) of the layer.</param>
    /// <param name="Activation">The activation applied to the layer's pre-activations.</param>
    /// <param name="Slope">The negative-side slope; used by LeakyReLU only.</param>
    /// <param name="ActivationMethod">
    /// The key (<c>global::Ns.Net.Swish(double)</c>) of the user's [Differentiable] method that replaces the activation
    /// (<c>ActivationMethod = nameof(Swish)</c>), or null for the built-in <paramref name="Activation"/>.
    /// </param>
    internal sealed record LayerSpec(int Units, ActivationKind Activation, double Slope, string? ActivationMethod = null);
}
