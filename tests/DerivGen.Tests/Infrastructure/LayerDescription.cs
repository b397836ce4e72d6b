namespace DerivGen.Tests.Infrastructure
{
    /// <summary>One <c>[Dense]</c> layer of a <see cref="NetworkDescription"/>.</summary>
    /// <param name="Units">The units argument (may be invalid on purpose, for diagnostics tests).</param>
    /// <param name="Activation">The activation argument.</param>
    /// <param name="Slope">The LeakyReLU slope, or null to leave the attribute's default.</param>
    internal sealed record LayerDescription(int Units, Activation Activation = Activation.Identity, double? Slope = null);
}
