using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>An assignment of a graph value to a span element, such as <c>gradient[3] = …</c>.</summary>
    /// <param name="Target">The C# assignment target.</param>
    /// <param name="Value">The node whose value is stored.</param>
    /// <param name="MathLabel">What the stored value is in mathematical notation, for its comment; null for none.</param>
    /// <param name="Accumulate">Whether the value is added to the target (<c>+=</c>) rather than assigned.</param>
    internal sealed record Store(string Target, Node Value, string? MathLabel, bool Accumulate = false);
}
