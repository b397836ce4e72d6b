namespace DerivGen.Symbolic
{
    /// <summary>
    /// The operations of the scalar expression graph. Everything about one operation (arity, C# form, comment form,
    /// derivative rule) is in its <see cref="OpDescriptor"/>, found with <see cref="OpTable.Of"/>.
    /// </summary>
    internal enum Op
    {
        // Leaves.
        Constant,
        Parameter,
        Input,
        Target,

        /// <summary>A direction v[k] in parameter space: the tangent of parameter k in a Hessian-vector product.</summary>
        Direction,

        // Arithmetic. Add is n-ary so that dot products and adjoint accumulations stay one flat sum.
        Add,
        Subtract,
        Multiply,
        Divide,
        Negate,
        Square,

        /// <summary>a^b, as Math.Pow computes it.</summary>
        Pow,

        // Elementary functions.
        Exp,

        /// <summary>
        /// e^x for an x the graph knows to be ≤ 0 (σ's e^−|z|, softmax's e^(z − max)): DerivGen's own exponential in double
        /// (<c>ScalarMath.ExpNonPositive</c>), which a batch's lanes compute in vectors with the same bits; Exp's C#
        /// form in float. Same derivative as <see cref="Exp"/>.
        /// </summary>
        ExpNonPositive,
        Log,
        Log10,
        Log1p,
        Expm1,
        Sqrt,
        Cbrt,
        Abs,
        Sin,
        Cos,
        Tan,
        Asin,
        Acos,
        Atan,

        /// <summary>atan2(y, x): arguments (y, x), as Math.Atan2 takes them.</summary>
        Atan2,
        Sinh,
        Cosh,

        /// <summary>tanh(x) as DerivGen's <c>ScalarMath.Tanh</c> computes it: the Tanh activation and the derivatives that need a tanh.</summary>
        Tanh,

        /// <summary>
        /// tanh(x) as <c>System.Math.Tanh</c> computes it: where a user's own function calls Math.Tanh, so that its generated
        /// gradient returns the function's value bit for bit. Same derivatives as <see cref="Tanh"/>.
        /// </summary>
        LibraryTanh,
        Sigmoid,
        Softplus,

        /// <summary>1/cosh²(x); appears in derivatives.</summary>
        SechSquared,

        // Piecewise functions; Node.Constant holds the slope or δ where there is one.
        Relu,
        LeakyRelu,
        Elu,
        Huber,

        /// <summary>x clamped to [−δ, δ], δ = Node.Constant (GELU's input, Huber′).</summary>
        ClampSymmetric,

        /// <summary>Math.Clamp(x, lo, hi): arguments (x, lo, hi).</summary>
        Clamp,
        Max,
        Min,

        // Comparisons and logic: their value is a bool, and their derivative is 0 everywhere it exists.
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Equal,
        NotEqual,
        And,
        Or,
        Not,

        /// <summary>c ? a : b with a bool c: the branch of a user's conditional. See <see cref="ExpressionGraph.Select"/>.</summary>
        Select,

        /// <summary>c &gt; 0 ? a : b: the branch of a built-in piecewise rule (ReLU′, max′, tanh′).</summary>
        IfPositive,

        /// <summary>The value of its argument, held constant under differentiation (the shift of a log-sum-exp).</summary>
        StopGradient,

        /// <summary>
        /// f(x) with a given derivative: arguments (x, f(x), f′(x)). Its value is the second argument; reverse mode passes
        /// ā·f′(x) to x and never looks inside f(x). For functions whose composed derivative would multiply 0 by ∞.
        /// </summary>
        KnownDerivative,

        /// <summary>A call of a user method, <c>Name(args)</c>; its derivative comes from the <see cref="CallTarget"/>'s rule.</summary>
        Call,

        /// <summary>
        /// A call of a user gradient method <c>FGradient(a, b, out da, out db)</c>: its value is F(a, b), and each partial
        /// is a <see cref="GradientPartial"/> node printed as the call's <c>out</c> local.
        /// </summary>
        GradientCall,

        /// <summary>∂F/∂(argument Index) from a <see cref="GradientCall"/> (its only argument).</summary>
        GradientPartial,
    }
}
