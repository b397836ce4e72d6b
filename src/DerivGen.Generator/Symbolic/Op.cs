namespace DerivGen.Symbolic
{
    /// <summary>The operations of the scalar expression graph. Each has one C# form and one derivative rule.</summary>
    internal enum Op
    {
        // Leaves.
        Constant,
        Parameter,
        Input,
        Target,

        // Arithmetic. Add is n-ary so that dot products and adjoint accumulations stay one flat sum.
        Add,
        Subtract,
        Multiply,
        Divide,
        Negate,
        Square,

        // Elementary functions.
        Exp,
        Log,
        Log1p,
        Expm1,
        Abs,
        Tanh,
        Sigmoid,
        Softplus,

        /// <summary>1/cosh²(x); appears only in derivatives.</summary>
        SechSquared,

        // Piecewise functions; Node.Constant holds the slope or δ where there is one.
        Relu,
        LeakyRelu,
        Elu,
        Huber,
        Clamp,
        Max,

        /// <summary>c &gt; 0 ? a : b. Appears only in derivatives, which are never differentiated again.</summary>
        IfPositive,

        /// <summary>The value of its argument, held constant under differentiation (the shift of a log-sum-exp).</summary>
        StopGradient,

        /// <summary>
        /// f(x) with a given derivative: arguments (x, f(x), f′(x)). Its value is the second argument; reverse mode passes
        /// ā·f′(x) to x and never looks inside f(x). For functions whose composed derivative would multiply 0 by ∞.
        /// </summary>
        KnownDerivative,
    }
}
