namespace DerivGen.Model
{
    /// <summary>One Dense layer as the user declared it. Must stay immutable and equatable.</summary>
    /// <param name="Units">Number of units (outputs) of the layer.</param>
    /// <param name="Activation">The activation applied to the layer's pre-activations.</param>
    /// <param name="Slope">The negative-side slope; used by LeakyReLU only.</param>
    internal sealed record LayerSpec(int Units, ActivationKind Activation, double Slope);
}
