namespace DerivGen.Symbolic
{
    /// <summary>
    /// What a node with adjoint ā passes back to its argument number <c>argument</c>: ā·∂node/∂argument, built as graph
    /// nodes, so that applying the rules again gives second derivatives.
    /// </summary>
    internal delegate Node DerivativeRule(ExpressionGraph g, Node node, int argument, Node adjoint);

    /// <summary>Prints a node of one op, given how its operands print.</summary>
    internal delegate Printed Form(IOperandPrinter printer, Node node);

    /// <summary>Printed text and how tightly it binds (see <see cref="Precedence"/>).</summary>
    internal readonly record struct Printed(string Text, int Precedence)
    {
        /// <summary>The text, parenthesised when it binds less tightly than <paramref name="minimum"/>.</summary>
        public string Within(int minimum) => Precedence >= minimum ? Text : $"({Text})";
    }

    /// <summary>C# operator precedence, loosest first; a form's text is parenthesised where its context binds tighter.</summary>
    internal static class Precedence
    {
        public const int Conditional = 0;
        public const int Or = 1;
        public const int And = 2;
        public const int Equality = 3;
        public const int Relational = 4;
        public const int Additive = 5;
        public const int Multiplicative = 6;
        public const int Unary = 7;
        public const int Primary = 8;

        /// <summary>How tightly a number's literal binds: a negative one is a unary minus.</summary>
        public static int OfLiteral(string literal) => literal.StartsWith("-", System.StringComparison.Ordinal) ? Unary : Primary;
    }

    /// <summary>What a form may ask of the printer: operands (as locals or inline), literals, the classes to call.</summary>
    internal interface IOperandPrinter
    {
        /// <summary>True for the comments' notation, false for C#.</summary>
        bool IsMath { get; }

        /// <summary>Whether the code computes vector lanes (one sample each), where every function is LaneMath's.</summary>
        bool IsLanes { get; }

        /// <summary>The operand as a local's name or inline, unparenthesised (for a function's argument list).</summary>
        string Reference(Node operand);

        /// <summary>The operand, parenthesised when it binds less tightly than <paramref name="minimum"/>.</summary>
        string Wrap(Node operand, int minimum);

        /// <summary>The operand as a local's name or inline, with how tightly it binds.</summary>
        Printed Print(Node operand);

        /// <summary>A comparison or logical connective, <c>left symbol right</c>; for vector lanes, the lane mask of it.</summary>
        Printed Relation(Printed left, string symbol, int precedence, Printed right);

        /// <summary>The negation of a condition.</summary>
        Printed Not(Printed condition);

        /// <summary><c>condition ? whenTrue : whenFalse</c>; for vector lanes, a select of each lane's arm.</summary>
        Printed Choose(Printed condition, Printed whenTrue, Printed whenFalse);

        /// <summary>−operand, with no "--".</summary>
        string Negation(Node operand);

        /// <summary>A number: a literal of the scalar type in C#, the shortest round-trip text in comments.</summary>
        string Literal(double value);

        /// <summary>How a parameter, input or target is spelled.</summary>
        string Leaf(Node leaf);

        /// <summary>System.Math or the runtime's SingleMath (LaneMath for vector lanes), fully qualified.</summary>
        string MathClass { get; }

        /// <summary>The runtime's DerivGen.ScalarMath (LaneMath for vector lanes), fully qualified.</summary>
        string ScalarMath { get; }

        /// <summary><c>double</c> or <c>float</c>, or the vector type of lanes of them.</summary>
        string ScalarName { get; }

        /// <summary>The function that computes e^x for x ≤ 0 in this type (see <see cref="Op.ExpNonPositive"/>), fully qualified.</summary>
        string ExpNonPositive { get; }

        /// <summary>Whether the operand is held in a local (then it prints as the local's name).</summary>
        bool HasLocal(Node operand);

        /// <summary>
        /// In vector lanes, an operand that is the same in every lane (a number, or a parameter printed inline) as the one
        /// scalar it is, for a product to multiply by; null otherwise, and always outside lanes.
        /// </summary>
        Printed? Scalar(Node operand);

        /// <summary>The <c>out</c> local that receives argument <paramref name="argument"/>'s partial of a gradient call; null if unused.</summary>
        string? OutLocal(Node gradientCall, int argument);
    }

    /// <summary>
    /// Everything about one operation, in one place: the table row of <see cref="OpTable"/>. The C# form also prints the
    /// vector (SIMD lane) code: the printer's scalar type spells the operators, literals, functions, comparisons and choices.
    /// </summary>
    internal sealed class OpDescriptor
    {
        public OpDescriptor(Op op, int arity, Form csharp, Form math, DerivativeRule derivative)
        {
            Op = op;
            Arity = arity;
            CSharp = csharp;
            Math = math;
            Derivative = derivative;
        }

        public Op Op { get; }

        /// <summary>The number of arguments; −1 for the n-ary Add.</summary>
        public int Arity { get; }

        /// <summary>The C# expression.</summary>
        public Form CSharp { get; }

        /// <summary>The expression in the comments' mathematical notation.</summary>
        public Form Math { get; }

        /// <summary>The chain rule for this op.</summary>
        public DerivativeRule Derivative { get; }

        /// <summary>The C# form writes its first argument more than once (x * x), so that argument needs a local.</summary>
        public bool RepeatsArgument { get; init; }

        /// <summary>The value is a bool (comparisons and logic); such nodes are never differentiated through.</summary>
        public bool IsBoolean { get; init; }

        /// <summary>
        /// The rule passes ±ā on unchanged (Add, Subtract, Negate, the branches of a select), so a zero adjoint from an
        /// untaken branch stays an exact zero through it; every other rule multiplies ā by a factor that may be ∞ or NaN
        /// where the branch is not taken, so the branch's condition is applied after the factor (see ReverseMode).
        /// </summary>
        public bool PassesAdjointOn { get; init; }

        /// <summary>The node is printed as its own statement with <c>out</c> locals, not as an expression.</summary>
        public bool IsStatement { get; init; }
    }
}
