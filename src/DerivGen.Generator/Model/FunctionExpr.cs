namespace DerivGen.Model
{
    /// <summary>
    /// One pure expression of a [Differentiable] method's IR (see <see cref="FunctionModel"/>). Value-typed expressions
    /// compute in the function's precision; <see cref="FunctionCompare"/>, <see cref="FunctionLogical"/> and
    /// <see cref="FunctionNot"/> are conditions, which appear only as <see cref="FunctionConditional.Condition"/> or
    /// <see cref="FunctionLet.Guard"/> and inside other conditions. Compared by value; must stay immutable and equatable.
    /// </summary>
    internal abstract record FunctionExpr;

    /// <summary>A constant: the exact value C# gives the constant subexpression (a float constant widened exactly).</summary>
    internal sealed record FunctionConstant(double Value) : FunctionExpr;

    /// <summary>The value of parameter <see cref="Index"/> (0-based) as passed in.</summary>
    internal sealed record FunctionParameterRef(int Index) : FunctionExpr;

    /// <summary>The value of <see cref="FunctionModel.Lets"/>[<see cref="Index"/>], always an earlier let.</summary>
    internal sealed record FunctionLetRef(int Index) : FunctionExpr;

    /// <summary>−<see cref="Operand"/>.</summary>
    internal sealed record FunctionNegate(FunctionExpr Operand) : FunctionExpr;

    /// <summary><see cref="Left"/> op <see cref="Right"/>, rounded once in the function's precision, as C# does.</summary>
    internal sealed record FunctionBinary(FunctionBinaryOp Op, FunctionExpr Left, FunctionExpr Right) : FunctionExpr;

    /// <summary>A <c>Math</c>/<c>MathF</c>/<c>ScalarMath</c> function applied to its arguments (the overload of the function's precision).</summary>
    internal sealed record FunctionMath(FunctionMathOp Op, EquatableArray<FunctionExpr> Arguments) : FunctionExpr;

    /// <summary>
    /// A call of another method, identified by <see cref="CalleeKey"/> (see <see cref="FunctionSignature.Key"/>); the
    /// resolution step tells whether a [Differentiable] body or a [Derivative] rule serves it.
    /// </summary>
    internal sealed record FunctionCall(string CalleeKey, EquatableArray<FunctionExpr> Arguments) : FunctionExpr;

    /// <summary>
    /// <see cref="Condition"/> ? <see cref="WhenTrue"/> : <see cref="WhenFalse"/>. Only the arm C# takes may contribute to
    /// the value or the derivative. Both C#'s <c>?:</c> and the merge of values assigned in <c>if</c>/<c>else</c> arms
    /// or returned early become this node.
    /// </summary>
    internal sealed record FunctionConditional(FunctionExpr Condition, FunctionExpr WhenTrue, FunctionExpr WhenFalse) : FunctionExpr;

    /// <summary>A condition: <see cref="Left"/> op <see cref="Right"/> on two values (IEEE semantics: false with a NaN, except !=).</summary>
    internal sealed record FunctionCompare(FunctionCompareOp Op, FunctionExpr Left, FunctionExpr Right) : FunctionExpr;

    /// <summary>A condition: <see cref="Left"/> &amp;&amp; or || <see cref="Right"/> on two conditions (operands are pure, so evaluation order does not matter).</summary>
    internal sealed record FunctionLogical(FunctionLogicalOp Op, FunctionExpr Left, FunctionExpr Right) : FunctionExpr;

    /// <summary>A condition: !<see cref="Operand"/>.</summary>
    internal sealed record FunctionNot(FunctionExpr Operand) : FunctionExpr;

    /// <summary>The arithmetic operators.</summary>
    internal enum FunctionBinaryOp
    {
        Add,
        Subtract,
        Multiply,
        Divide,
    }

    /// <summary>The comparison operators.</summary>
    internal enum FunctionCompareOp
    {
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Equal,
        NotEqual,
    }

    /// <summary>The logical connectives of conditions.</summary>
    internal enum FunctionLogicalOp
    {
        And,
        Or,
    }

    /// <summary>
    /// The functions a body may call, named as in <c>System.Math</c> (Log1p and Expm1 are <c>DerivGen.ScalarMath</c>'s).
    /// Floor, Ceiling, Round, Truncate and Sign have a zero derivative wherever it exists; the parser admits them only on
    /// arguments that depend on no differentiable parameter. Round is the one-argument form (to even).
    /// </summary>
    internal enum FunctionMathOp
    {
        Exp,
        Log,
        Log10,
        Sqrt,
        Cbrt,
        Pow,
        Abs,
        Sin,
        Cos,
        Tan,
        Asin,
        Acos,
        Atan,
        Atan2,
        Sinh,
        Cosh,
        Tanh,
        Min,
        Max,
        Clamp,
        Log1p,
        Expm1,
        Floor,
        Ceiling,
        Round,
        Truncate,
        Sign,
    }
}
