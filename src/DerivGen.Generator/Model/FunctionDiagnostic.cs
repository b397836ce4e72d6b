using Microsoft.CodeAnalysis.Text;

namespace DerivGen.Model
{
    /// <summary>
    /// A diagnostic as plain data (descriptor ID, location, message arguments), so that pipeline steps that find problems
    /// stay equatable and cacheable; it becomes a <see cref="Microsoft.CodeAnalysis.Diagnostic"/> only when reported.
    /// Must stay immutable and equatable.
    /// </summary>
    /// <param name="Id">The descriptor's ID (<c>DG0020</c>).</param>
    /// <param name="Location">The offending syntax.</param>
    /// <param name="Arguments">The message arguments.</param>
    internal sealed record FunctionDiagnostic(string Id, FunctionLocation Location, EquatableArray<string> Arguments);

    /// <summary>A source location as plain data. Must stay immutable and equatable.</summary>
    /// <param name="FilePath">The source file.</param>
    /// <param name="Span">The span in that file.</param>
    /// <param name="LineSpan">The same span as lines and columns.</param>
    internal readonly record struct FunctionLocation(string FilePath, TextSpan Span, LinePositionSpan LineSpan);

    /// <summary>
    /// A call in a body with its location, kept beside the IR (not in it) so that moving a method does not change its IR.
    /// Must stay immutable and equatable.
    /// </summary>
    /// <param name="CalleeKey">The callee's <see cref="FunctionSignature.Key"/>.</param>
    /// <param name="CalleeName">The callee as messages name it (<c>Type.Method</c>).</param>
    /// <param name="Location">The call expression.</param>
    internal sealed record FunctionCallSite(string CalleeKey, string CalleeName, FunctionLocation Location);

    /// <summary>
    /// What parsing one [Differentiable] method gives: its IR when the method can be generated, its signature (always, so
    /// callers resolve against it), its call sites and its diagnostics. All plain data. Must stay immutable and equatable.
    /// </summary>
    /// <param name="Function">The IR, or null when the signature or body has an error.</param>
    /// <param name="Signature">
    /// The signature for the table (with <see cref="FunctionSignature.HasErrors"/> set when the method has an error), or
    /// null when its parameter types are unusable.
    /// </param>
    /// <param name="Name">The method's name, for messages.</param>
    /// <param name="CallSites">Every call of a user method in the body, in source order.</param>
    /// <param name="Diagnostics">The problems found.</param>
    internal sealed record FunctionParseResult(
        FunctionModel? Function,
        FunctionSignature? Signature,
        string Name,
        EquatableArray<FunctionCallSite> CallSites,
        EquatableArray<FunctionDiagnostic> Diagnostics);

    /// <summary>What parsing one [Derivative] method gives: the rule when it is valid, and the problems found. Must stay immutable and equatable.</summary>
    internal sealed record DerivativeRuleParseResult(DerivativeRuleSpec? Rule, EquatableArray<FunctionDiagnostic> Diagnostics);
}
