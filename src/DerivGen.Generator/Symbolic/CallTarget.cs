namespace DerivGen.Symbolic
{
    /// <summary>How the derivative of a user method call is obtained.</summary>
    internal enum CallRuleKind
    {
        /// <summary>No rule: the call may appear only where it is never differentiated (a second derivative, a constant).</summary>
        None,

        /// <summary>A one-argument method <c>FDerivative(z)</c> returning F′(z).</summary>
        DerivativeMethod,

        /// <summary>A method of the generated shape <c>FGradient(a, b, out da, out db)</c> returning F(a, b).</summary>
        GradientMethod,
    }

    /// <summary>
    /// The payload of a <see cref="Op.Call"/> or <see cref="Op.GradientCall"/> node: which method it calls and how its
    /// derivative is obtained. Immutable and equatable, so equal calls are one node.
    /// </summary>
    /// <param name="Method">The fully qualified method, as printed in C# (<c>global::Ns.Physics.Swish</c>).</param>
    /// <param name="MathName">The name in the comments (<c>Swish</c>).</param>
    /// <param name="Rule">Where the derivative comes from.</param>
    /// <param name="RuleMethod">The fully qualified derivative or gradient method; null when <paramref name="Rule"/> is None.</param>
    /// <param name="OutArguments">
    /// For a gradient method: bit i is set when argument i has an <c>out</c> partial (a <c>[NoDerivative]</c> parameter has
    /// none; its partial is 0).
    /// </param>
    /// <param name="RuleGradient">
    /// For a derivative method that is [Differentiable] itself: its generated gradient <c>FDerivativeGradient(x, out d)</c>,
    /// through which the derivative call is differentiated again (a Hessian); null when the rule is differentiable once only.
    /// </param>
    internal sealed record CallTarget(string Method, string MathName, CallRuleKind Rule, string? RuleMethod, int OutArguments, string? RuleGradient = null)
    {
        /// <summary>A call with no derivative rule.</summary>
        public static CallTarget Plain(string method, string mathName) => new(method, mathName, CallRuleKind.None, null, 0);

        /// <summary>
        /// A call whose derivative is <c>derivativeMethod(x)</c>, itself differentiated through <paramref name="derivativeGradient"/>
        /// when there is one.
        /// </summary>
        public static CallTarget WithDerivative(string method, string mathName, string derivativeMethod, string? derivativeGradient = null) =>
            new(method, mathName, CallRuleKind.DerivativeMethod, derivativeMethod, 0, derivativeGradient);

        /// <summary>The call <c>FDerivative(x)</c> that gives this call's derivative: differentiable when the rule is [Differentiable].</summary>
        public CallTarget DerivativeCall() => RuleGradient is null
            ? Plain(RuleMethod!, MathName + "'")
            : WithGradient(RuleMethod!, MathName + "'", RuleGradient, 1);

        /// <summary>A call whose partials come from <c>gradientMethod(args, out d0, out d1, …)</c>, one out per argument set in <paramref name="outArguments"/>.</summary>
        public static CallTarget WithGradient(string method, string mathName, string gradientMethod, int outArguments) =>
            new(method, mathName, CallRuleKind.GradientMethod, gradientMethod, outArguments);

        public bool HasOut(int argument) => (OutArguments & (1 << argument)) != 0;

        /// <summary>The last segment of a qualified name, for the comments.</summary>
        public static string ShortName(string qualified)
        {
            var dot = qualified.LastIndexOf('.');
            return dot < 0 ? qualified : qualified.Substring(dot + 1);
        }
    }
}
