namespace DerivGen.Model
{
    /// <summary>
    /// A [Differentiable] method as the rest of the compilation sees it: identity, parameters and callees, no body. The
    /// table of these changes only when a signature or a call list changes, so editing a body leaves it equal. Must stay
    /// immutable and equatable.
    /// </summary>
    /// <param name="Key">
    /// The identity: <c>global::</c>-qualified type, '.', method name and the parameter types, e.g.
    /// <c>global::Physics.Energy(double,double)</c>.
    /// </param>
    /// <param name="TypeName">The <c>global::</c>-qualified containing type.</param>
    /// <param name="Name">The method name.</param>
    /// <param name="Precision">double or float.</param>
    /// <param name="Parameters">The parameters.</param>
    /// <param name="Callees">The keys of the methods its body calls, sorted, each once.</param>
    /// <param name="HasErrors">Whether its signature or body has an error, so it gets no generated gradient.</param>
    internal sealed record FunctionSignature(
        string Key,
        string TypeName,
        string Name,
        PrecisionKind Precision,
        EquatableArray<FunctionParameter> Parameters,
        EquatableArray<string> Callees,
        bool HasErrors);

    /// <summary>The two shapes of a [Derivative] rule.</summary>
    internal enum DerivativeRuleShape
    {
        /// <summary><c>static double FDerivative(double z)</c>: f′(z) of a one-argument f.</summary>
        Derivative,

        /// <summary><c>static double FGradient(a, b, out da, out db)</c>: f's value and every partial derivative.</summary>
        Gradient,
    }

    /// <summary>A valid [Derivative] rule. Must stay immutable and equatable.</summary>
    /// <param name="TargetKey">The <see cref="FunctionSignature.Key"/> of the method it differentiates.</param>
    /// <param name="TypeName">The <c>global::</c>-qualified type of the rule (and of the target).</param>
    /// <param name="TargetName">The target method's name.</param>
    /// <param name="RuleName">The rule method's name.</param>
    /// <param name="Shape">Which of the two shapes it has.</param>
    /// <param name="Precision">double or float.</param>
    /// <param name="Arity">The target's number of parameters.</param>
    /// <param name="RuleKey">The rule method's own key, under which it is in the table when it is [Differentiable] too.</param>
    internal sealed record DerivativeRuleSpec(
        string TargetKey,
        string TypeName,
        string TargetName,
        string RuleName,
        DerivativeRuleShape Shape,
        PrecisionKind Precision,
        int Arity,
        string RuleKey);

    /// <summary>
    /// Every [Differentiable] signature and every valid [Derivative] rule of the compilation, each sorted by key, so its
    /// equality does not depend on discovery order. Must stay immutable and equatable.
    /// </summary>
    internal sealed record FunctionTable(EquatableArray<FunctionSignature> Functions, EquatableArray<DerivativeRuleSpec> Rules);

    /// <summary>How a call in a body is differentiated.</summary>
    internal enum FunctionCallTargetKind
    {
        /// <summary>Through the callee's own generated gradient (<c>{Name}Gradient</c>).</summary>
        Differentiable,

        /// <summary>Through a one-argument <see cref="DerivativeRuleShape.Derivative"/> rule.</summary>
        DerivativeRule,

        /// <summary>Through a <see cref="DerivativeRuleShape.Gradient"/> rule.</summary>
        GradientRule,
    }

    /// <summary>
    /// A resolved callee: how to call it and how to differentiate the call. Must stay immutable and equatable.
    /// </summary>
    /// <param name="CalleeKey">The <see cref="FunctionCall.CalleeKey"/> this resolves.</param>
    /// <param name="Kind">Which derivative serves it; a rule wins over the callee's own [Differentiable] body.</param>
    /// <param name="TypeName">The <c>global::</c>-qualified type of the callee.</param>
    /// <param name="Name">The callee's name (to compute its value).</param>
    /// <param name="DerivativeName">The method giving the derivative: <c>{Name}Gradient</c> or the rule's name.</param>
    /// <param name="Parameters">The callee's parameters (a [NoDerivative] one has no <c>out</c> in a generated gradient).</param>
    /// <param name="SecondDerivativeName">
    /// For a <see cref="FunctionCallTargetKind.DerivativeRule"/> that is [Differentiable] itself: the rule's generated
    /// gradient (<c>{Rule}Gradient</c>), which gives the second derivative; null otherwise.
    /// </param>
    internal sealed record FunctionCallTarget(
        string CalleeKey,
        FunctionCallTargetKind Kind,
        string TypeName,
        string Name,
        string DerivativeName,
        EquatableArray<FunctionParameter> Parameters,
        string? SecondDerivativeName = null);

    /// <summary>
    /// A function with every call resolved, ready to lower; present only when it and every method it calls have no error.
    /// Must stay immutable and equatable.
    /// </summary>
    /// <param name="Function">The function's IR.</param>
    /// <param name="Calls">One target per distinct callee key, sorted by key.</param>
    internal sealed record ResolvedFunction(FunctionModel Function, EquatableArray<FunctionCallTarget> Calls);
}
