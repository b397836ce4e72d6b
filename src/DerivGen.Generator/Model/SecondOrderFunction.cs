namespace DerivGen.Model
{
    /// <summary>
    /// A resolved <c>[Differentiable(Order = 2)]</c> function with the resolved bodies of every [Differentiable] method it
    /// reaches through calls, which its Hessian inlines: a call through the callee's generated gradient gives first
    /// derivatives only. Present only when no call on the way is served by a [Derivative] rule (DG0032 reports those).
    /// Must stay immutable and equatable.
    /// </summary>
    /// <param name="Function">The function whose Hessian is generated.</param>
    /// <param name="Callees">Every function its body reaches, directly or not, sorted by key.</param>
    internal sealed record SecondOrderFunction(ResolvedFunction Function, EquatableArray<ResolvedFunction> Callees);
}
