namespace DerivGen.Model
{
    /// <summary>The generator's copy of <c>DerivGen.Precision</c>; names and values must match it, which a test checks.</summary>
    internal enum PrecisionKind
    {
        Double = 0,
        Single = 1,
    }
}
