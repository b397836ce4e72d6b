namespace DerivGen.Symbolic
{
    /// <summary>How a named node appears: as a C# local (<c>dz2_0</c>) and in the comments (<c>dL/dz2[0]</c>).</summary>
    internal sealed record NodeName(string CSharp, string Math);
}
