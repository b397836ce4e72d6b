namespace DerivGen.Model
{
    /// <summary>The generator's copy of <c>DerivGen.NetworkMethods</c>; names and values must match it, which a test checks.</summary>
    [System.Flags]
    internal enum MethodGroups
    {
        Core = 0,
        Trace = 1,
        SecondOrder = 2,
        InputSensitivities = 4,
        Batches = 8,
        All = Trace | SecondOrder | InputSensitivities | Batches,
    }
}
