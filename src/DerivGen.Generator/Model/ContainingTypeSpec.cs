namespace DerivGen.Model
{
    /// <summary>
    /// A type the network is nested in, as the emitter must re-open it: <c>partial {Keyword} {Name}</c>, where Name
    /// includes any type parameter list. Must stay immutable and equatable.
    /// </summary>
    internal sealed record ContainingTypeSpec(string Keyword, string Name);
}
