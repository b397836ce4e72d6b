namespace DerivGen.Model
{
    /// <summary>
    /// A resolved <c>[Differentiable(Order = 2)]</c> function with the resolved bodies of every [Differentiable] method it
    /// reaches through calls, which its Hessian inlines: a call through the callee's generated gradient gives first
    /// derivatives only. Present only when every call on the way served by a [Derivative] rule is served by a one-argument
    /// rule that is [Differentiable] itself, which stays a call (DG0032 reports the other rules).
    /// Must stay immutable and equatable.
    /// </summary>
    /// <param name="Function">The function whose Hessian is generated.</param>
    /// <param name="Callees">Every function its body reaches, directly or not, sorted by key.</param>
    internal sealed record SecondOrderFunction(ResolvedFunction Function, EquatableArray<ResolvedFunction> Callees);
}
