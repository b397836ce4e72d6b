using System.Collections.Immutable;
using DerivGen.Model;
using Microsoft.CodeAnalysis;

namespace DerivGen.Parsing
{
    /// <summary>
    /// What the parser makes of one annotated type: a model when the type can be generated, and the diagnostics either
    /// way. Diagnostics keep their real locations (so #pragma can suppress them) and are reported on every run, which is
    /// cheap; only <see cref="Spec"/> feeds the cached source output.
    /// </summary>
    internal sealed record ParseResult(NetworkSpec? Spec, ImmutableArray<Diagnostic> Diagnostics);
}
