using System;
using System.Linq;
using System.Text;

// The switches here are exhaustive over the named values of their enums (a new op or rule kind does not compile until it
// has its case); no unnamed enum value is ever made, so CS8524 asks for a fallback that would only hide a missing row.
#pragma warning disable CS8524

namespace DerivGen.Symbolic
{
    /// <summary>
    /// The table of operations: one <see cref="OpDescriptor"/> per <see cref="Op"/>, built by one exhaustive switch (a new
    /// op does not compile until it has a row). Derivatives are written in forms that stay accurate where the textbook
    /// form cancels, and select a branch rather than multiply by a 0/1 indicator, so an infinite adjoint on the branch
    /// not taken gives 0, not NaN.
    /// </summary>
    internal static class OpTable
    {
        private static readonly OpDescriptor[] Rows =
            ((Op[])Enum.GetValues(typeof(Op))).OrderBy(op => (int)op).Select(Row).ToArray();

        public static OpDescriptor Of(Op op) => Rows[(int)op];

        /// <summary>Sums longer than this are abbreviated in comments (first terms, …, last term); the code has them all.</summary>
        private const int LongestCommentSum = 8;

        private const double Ln10 = 2.302585092994046;

        private static OpDescriptor Row(Op op) => op switch
        {
            Op.Constant => Leaf(op, (p, n) => Number(p, n.Constant)),
            Op.Parameter or Op.Input or Op.Target or Op.Direction => Leaf(op, (p, n) => new Printed(p.Leaf(n), Precedence.Primary)),

            Op.Add => new(op, -1, (p, n) => Sum(p, n.Arguments), (p, n) => Sum(p, n.Arguments), (g, n, i, a) => a) { PassesAdjointOn = true },
            Op.Subtract => new(op, 2, Infix(" - ", Precedence.Additive), Infix(" - ", Precedence.Additive),
                (g, n, i, a) => i == 0 ? a : g.Negate(a)) { PassesAdjointOn = true },
            // d(a·b) = ā·b da + a·ā db; the order keeps "dL/dz · aᵀ" and "Wᵀ · dL/dz" as a reader writes them.
            Op.Multiply => new(op, 2, Product, Infix("·", Precedence.Multiplicative),
                (g, n, i, a) => i == 0 ? g.Multiply(a, n.Arguments[1]) : g.Multiply(n.Arguments[0], a)),
            Op.Divide => new(op, 2, Infix(" / ", Precedence.Multiplicative), Infix(" / ", Precedence.Multiplicative),
                (g, n, i, a) => i == 0 ? g.Divide(a, n.Arguments[1]) : g.Negate(g.Multiply(a, g.Divide(n, n.Arguments[1])))),
            Op.Negate => new(op, 1, (p, n) => new(p.Negation(n.Arguments[0]), Precedence.Unary), (p, n) => new(p.Negation(n.Arguments[0]), Precedence.Unary),
                (g, n, i, a) => g.Negate(a)) { PassesAdjointOn = true },
            Op.Square => new(op, 1,
                (p, n) => new($"{p.Wrap(X(n), Precedence.Multiplicative)} * {p.Wrap(X(n), Precedence.Multiplicative + 1)}", Precedence.Multiplicative),
                (p, n) => new($"{p.Wrap(X(n), Precedence.Primary)}²", Precedence.Primary),
                Factor((g, n) => g.Multiply(g.Constant(2), X(n))))
            { RepeatsArgument = true },

            // An integral constant exponent n gives n·u^(n−1), right for negative and zero bases too, and u⁰ is folded
            // to 1 when the graph is built, so exponent 0 has derivative 0. Otherwise ∂/∂a = b·a^(b−1) and
            // ∂/∂b = a^b·ln a, taken as 0 where a^b = 0 (where ln a = −∞ would give 0·∞).
            Op.Pow => new(op, 2, MathCall("Pow"), Function("pow"), (g, n, i, a) => i == 0
                ? g.Multiply(a, g.Multiply(n.Arguments[1], g.Pow(X(n), n.Arguments[1].IsConstant
                    ? g.Constant(n.Arguments[1].Constant - 1)
                    : g.Subtract(n.Arguments[1], g.Constant(1)))))
                : g.RuleSelect(g.Compare(Op.Equal, n, g.Constant(0)), g.Constant(0), g.Multiply(a, g.Multiply(n, g.Apply(Op.Log, X(n)))))),

            Op.Exp => new(op, 1, MathCall("Exp"), Function("exp"), Factor((g, n) => n)),
            Op.ExpNonPositive => new(op, 1, (p, n) => Arguments(p, p.ExpNonPositive, n.Arguments), Function("exp"), Factor((g, n) => n)),
            Op.Log => new(op, 1, MathCall("Log"), Function("log"), (g, n, i, a) => g.Divide(a, X(n))),
            Op.Log10 => new(op, 1, MathCall("Log10"), Function("log10"), (g, n, i, a) => g.Divide(a, g.Multiply(X(n), g.Constant(Ln10)))),
            Op.Log1p => new(op, 1, ScalarMathCall("Log1p"), Function("log1p"), (g, n, i, a) => g.Divide(a, g.Add(g.Constant(1), X(n)))),
            Op.Expm1 => new(op, 1, ScalarMathCall("Expm1"), Function("expm1"), Factor((g, n) => g.Apply(Op.Exp, X(n)))),
            Op.Sqrt => new(op, 1, MathCall("Sqrt"), Function("sqrt"), (g, n, i, a) => g.Divide(a, g.Multiply(g.Constant(2), n))),
            Op.Cbrt => new(op, 1, PortableMathCall("Cbrt"), Function("cbrt"), (g, n, i, a) => g.Divide(a, g.Multiply(g.Constant(3), g.Square(n)))),
            // Abs′(0) = 0, and each side's branch is selected (not ā·sign x), so ā = ∞ at x = 0 gives 0.
            Op.Abs => new(op, 1, MathCall("Abs"), (p, n) => new($"|{p.Reference(X(n))}|", Precedence.Primary),
                (g, n, i, a) => g.IfPositive(X(n), a, g.IfPositive(g.Negate(X(n)), g.Negate(a), g.Constant(0)))),
            Op.Sin => new(op, 1, MathCall("Sin"), Function("sin"), Factor((g, n) => g.Apply(Op.Cos, X(n)))),
            Op.Cos => new(op, 1, MathCall("Cos"), Function("cos"), (g, n, i, a) => g.Negate(g.Multiply(a, g.Apply(Op.Sin, X(n))))),
            // 1 + tan²x is a sum of positive terms, so it keeps every digit (1/cos²x would need another cos).
            Op.Tan => new(op, 1, MathCall("Tan"), Function("tan"), Factor((g, n) => g.Add(g.Constant(1), g.Square(n)))),
            // √((1 − x)(1 + x)), not √(1 − x²): 1 − x is exact for x in [½, 1], while 1 − x² loses digits as |x| nears 1.
            Op.Asin => new(op, 1, MathCall("Asin"), Function("asin"), (g, n, i, a) => g.Divide(a, Cosine(g, X(n)))),
            Op.Acos => new(op, 1, MathCall("Acos"), Function("acos"), (g, n, i, a) => g.Negate(g.Divide(a, Cosine(g, X(n))))),
            Op.Atan => new(op, 1, MathCall("Atan"), Function("atan"), (g, n, i, a) => g.Divide(a, g.Add(g.Constant(1), g.Square(X(n))))),
            Op.Atan2 => new(op, 2, MathCall("Atan2"), Function("atan2"), (g, n, i, a) =>
            {
                // ∂atan2(y, x)/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²).
                var y = n.Arguments[0];
                var x = n.Arguments[1];
                var radius = g.Add(g.Square(x), g.Square(y));
                return i == 0 ? g.Divide(g.Multiply(a, x), radius) : g.Negate(g.Divide(g.Multiply(a, y), radius));
            }),
            Op.Sinh => new(op, 1, MathCall("Sinh"), Function("sinh"), Factor((g, n) => g.Apply(Op.Cosh, X(n)))),
            Op.Cosh => new(op, 1, MathCall("Cosh"), Function("cosh"), Factor((g, n) => g.Apply(Op.Sinh, X(n)))),
            // ScalarMath's tanh: a third of the C library's time (which a tanh network spends most of its time in), within 1.5 ulps.
            Op.Tanh => new(op, 1, ScalarMathCall("Tanh"), Function("tanh"), Factor(FunctionDerivative.Of)),
            // In lanes, LaneMath's Tanh is ScalarMath's per lane, so the library's has a name of its own there.
            Op.LibraryTanh => new(op, 1, (p, n) => Arguments(p, $"{p.MathClass}.{(p.IsLanes ? "LibraryTanh" : "Tanh")}", n.Arguments), Function("tanh"), Factor(FunctionDerivative.Of)),
            Op.Sigmoid => new(op, 1,
                (p, n) => new($"{p.Literal(1)} / ({p.Literal(1)} + {p.MathClass}.Exp({NegationOf(p, X(n))}))", Precedence.Multiplicative),
                Function("σ"), Factor(FunctionDerivative.Of)),
            Op.Softplus => new(op, 1,
                (p, n) => new($"{p.MathClass}.Max({p.Reference(X(n))}, {p.Literal(0)}) + {p.ScalarMath}.Log1p({p.MathClass}.Exp(-{p.MathClass}.Abs({p.Reference(X(n))})))", Precedence.Additive),
                Function("softplus"), Factor(FunctionDerivative.Of))
            { RepeatsArgument = true },
            // d/dx sech²x = −2·sech²x·tanh x.
            Op.SechSquared => new(op, 1, ScalarMathCall("SechSquared"), Function("sech²"),
                (g, n, i, a) => g.Negate(g.Multiply(a, g.Multiply(g.Multiply(g.Constant(2), n), g.Apply(Op.Tanh, X(n)))))),

            // z ≤ 0 ? 0 : ā: the branch, not ā·[z > 0], so ā = ∞ where the unit is off gives 0; a NaN z takes the branch
            // Math.Max(z, 0) takes (z itself), so NaN reaches the gradient as it reaches the loss.
            // In lanes LaneMath.Relu, a select with Math.Max(z, 0)'s results in two vector operations (the general Max takes six).
            Op.Relu => new(op, 1, (p, n) => new(p.IsLanes ? $"{p.MathClass}.Relu({p.Reference(X(n))})" : $"{p.MathClass}.Max({p.Reference(X(n))}, {p.Literal(0)})", Precedence.Primary), Function("ReLU"),
                (g, n, i, a) => g.RuleSelect(g.Compare(Op.LessOrEqual, X(n), g.Constant(0)), g.Constant(0), a)),
            Op.LeakyRelu => new(op, 1,
                (p, n) => p.Choose(Positive(p, X(n)), p.Print(X(n)), new($"{p.Literal(n.Constant)} * {p.Wrap(X(n), Precedence.Multiplicative + 1)}", Precedence.Multiplicative)),
                Function("LeakyReLU"),
                (g, n, i, a) => g.IfPositive(X(n), a, g.Multiply(a, g.Constant(n.Constant))))
            { RepeatsArgument = true },
            Op.Elu => new(op, 1,
                (p, n) => p.Choose(Positive(p, X(n)), p.Print(X(n)), new($"{p.ScalarMath}.Expm1({p.Reference(X(n))})", Precedence.Primary)),
                Function("ELU"), Factor(FunctionDerivative.Of))
            { RepeatsArgument = true },
            Op.Huber => new(op, 1, HuberValue, Function("huber"), Factor(FunctionDerivative.Of)) { RepeatsArgument = true },
            Op.ClampSymmetric => new(op, 1,
                (p, n) => new($"{p.MathClass}.Max({p.Literal(-n.Constant)}, {p.MathClass}.Min({p.Reference(X(n))}, {p.Literal(n.Constant)}))", Precedence.Primary),
                (p, n) => new($"clamp({p.Reference(X(n))}, {p.Literal(-n.Constant)}, {p.Literal(n.Constant)})", Precedence.Primary),
                (g, n, i, a) => g.IfPositive(g.Subtract(g.Constant(n.Constant), g.Apply(Op.Abs, X(n))), a, g.Constant(0))),
            // As Math.Clamp: x < lo gives lo, else x > hi gives hi, else x; the derivative follows the branch C# takes.
            Op.Clamp => new(op, 3, PortableMathCall("Clamp"), Function("clamp"), (g, n, i, a) =>
            {
                var below = g.Compare(Op.Less, X(n), n.Arguments[1]);
                var above = g.Compare(Op.Greater, X(n), n.Arguments[2]);
                var zero = g.Constant(0);
                return i switch
                {
                    0 => g.RuleSelect(below, zero, g.RuleSelect(above, zero, a)),
                    1 => g.RuleSelect(below, a, zero),
                    _ => g.RuleSelect(below, zero, g.RuleSelect(above, a, zero)),
                };
            }),
            // On a tie the adjoint goes to the first argument (the first unit that attains a maximum).
            Op.Max => new(op, 2, MathCall("Max"), Function("max"), (g, n, i, a) =>
            {
                var secondExceeds = g.Subtract(n.Arguments[1], n.Arguments[0]);
                return i == 0 ? g.IfPositive(secondExceeds, g.Constant(0), a) : g.IfPositive(secondExceeds, a, g.Constant(0));
            }),
            Op.Min => new(op, 2, MathCall("Min"), Function("min"), (g, n, i, a) =>
            {
                var firstExceeds = g.Subtract(n.Arguments[0], n.Arguments[1]);
                return i == 0 ? g.IfPositive(firstExceeds, g.Constant(0), a) : g.IfPositive(firstExceeds, a, g.Constant(0));
            }),

            Op.Less => Comparison(op, " < ", " < ", Precedence.Relational),
            Op.LessOrEqual => Comparison(op, " <= ", " ≤ ", Precedence.Relational),
            Op.Greater => Comparison(op, " > ", " > ", Precedence.Relational),
            Op.GreaterOrEqual => Comparison(op, " >= ", " ≥ ", Precedence.Relational),
            Op.Equal => Comparison(op, " == ", " = ", Precedence.Equality),
            Op.NotEqual => Comparison(op, " != ", " ≠ ", Precedence.Equality),
            Op.And => Comparison(op, " && ", " ∧ ", Precedence.And),
            Op.Or => Comparison(op, " || ", " ∨ ", Precedence.Or),
            Op.Not => new(op, 1, (p, n) => p.Not(p.Print(X(n))),
                (p, n) => new("¬" + p.Wrap(X(n), Precedence.Unary), Precedence.Unary), Zero) { IsBoolean = true },

            // The derivative of a branch is the branch's derivative: each arm gets ā where C# takes it and 0 elsewhere.
            Op.Select => new(op, 3, Conditional, Conditional, (g, n, i, a) => i switch
            {
                0 => g.Constant(0), // the condition is piecewise constant
                1 => g.Select(X(n), a, g.Constant(0), n.Constant),
                _ => g.Select(X(n), g.Constant(0), a, n.Constant),
            })
            { PassesAdjointOn = true },
            Op.IfPositive => new(op, 3, IfPositiveForm, IfPositiveForm, (g, n, i, a) => i switch
            {
                0 => g.Constant(0),
                1 => g.IfPositive(X(n), a, g.Constant(0)),
                _ => g.IfPositive(X(n), g.Constant(0), a),
            })
            { PassesAdjointOn = true },

            // Printed as the node they stand for (ExpressionGraph.ValueOf), which the printer resolves first.
            Op.StopGradient => new(op, 1, ValueForm, ValueForm, Zero),
            Op.KnownDerivative => new(op, 3, ValueForm, ValueForm, (g, n, i, a) => i == 0 ? g.Multiply(a, n.Arguments[2]) : g.Constant(0)),

            Op.Call => new(op, -1,
                (p, n) => Arguments(p, n.Call!.Method, n.Arguments),
                (p, n) => Arguments(p, n.Call!.MathName, n.Arguments),
                CallRule),
            Op.GradientCall => new(op, -1, GradientCallForm, (p, n) => Arguments(p, "∇" + n.Call!.MathName, n.Arguments),
                (g, n, i, a) => n.Call!.HasOut(i) ? g.Multiply(a, g.GradientPartial(n, i)) : g.Constant(0))
            { IsStatement = true },
            Op.GradientPartial => new(op, 1,
                (p, n) => new(p.OutLocal(X(n), n.Index) ?? throw new InvalidOperationException("A partial without its gradient call."), Precedence.Primary),
                (p, n) => new($"∂{X(n).Call!.MathName}/∂{p.Wrap(X(n).Arguments[n.Index], Precedence.Primary)}", Precedence.Primary),
                (g, n, i, a) => throw new InvalidOperationException(
                    $"The partials of {X(n).Call!.Method} come from a user gradient method, which has no second derivative.")),
        };

        private static Node X(Node node) => node.Arguments[0];

        /// <summary>−x, printing −(−y) as y (the same IEEE value), so σ(−z) reads Exp(z), not Exp(-(-z)).</summary>
        private static string NegationOf(IOperandPrinter p, Node x) =>
            x.Op == Op.Negate && !p.HasLocal(x) ? p.Reference(x.Arguments[0]) : p.Negation(x);

        private static OpDescriptor Leaf(Op op, Form form) => new(op, 0, form, form, Zero);

        private static Node Zero(ExpressionGraph g, Node node, int argument, Node adjoint) => g.Constant(0);

        /// <summary>ā·f′ for a one-argument function whose derivative is a factor built from the node.</summary>
        private static DerivativeRule Factor(Func<ExpressionGraph, Node, Node> derivative) =>
            (g, n, i, a) => g.Multiply(a, derivative(g, n));

        private static Node Cosine(ExpressionGraph g, Node x) =>
            g.Apply(Op.Sqrt, g.Multiply(g.Subtract(g.Constant(1), x), g.Add(g.Constant(1), x)));

        private static Node CallRule(ExpressionGraph g, Node node, int argument, Node adjoint)
        {
            var call = node.Call!;
            return call.Rule switch
            {
                CallRuleKind.DerivativeMethod => g.Multiply(adjoint, g.Call(call.DerivativeCall(), node.Arguments)),
                CallRuleKind.GradientMethod => call.HasOut(argument)
                    ? g.Multiply(adjoint, g.GradientPartial(g.GradientCall(call, node.Arguments), argument))
                    : g.Constant(0),
                CallRuleKind.None => throw new InvalidOperationException($"A call of {call.Method} has no derivative rule."),
            };
        }

        private static OpDescriptor Comparison(Op op, string csharp, string math, int precedence) =>
            new(op, 2, (p, n) => p.Relation(p.Print(n.Arguments[0]), csharp, precedence, p.Print(n.Arguments[1])), Infix(math, precedence), Zero) { IsBoolean = true };

        private static Form Infix(string symbol, int precedence) =>
            (p, n) => new($"{p.Wrap(n.Arguments[0], precedence)}{symbol}{p.Wrap(n.Arguments[1], precedence + 1)}", precedence);

        /// <summary>
        /// a * b. In vector lanes, a factor that is the same in every lane (a weight, a number) multiplies as the scalar it
        /// is, <c>parameters[3] * x0</c>, rather than as a vector built from it: Vector&lt;T&gt; multiplies by a scalar lane by
        /// lane with the same rounding, the line reads as the math does, and binding it costs the compiler no overload
        /// resolution over the vector's constructors. At least one factor stays a vector.
        /// </summary>
        private static Printed Product(IOperandPrinter p, Node n)
        {
            Printed? left = p.Scalar(n.Arguments[0]), right = left is null ? p.Scalar(n.Arguments[1]) : null;
            string leftText = left?.Within(Precedence.Multiplicative) ?? p.Wrap(n.Arguments[0], Precedence.Multiplicative);
            string rightText = right?.Within(Precedence.Multiplicative + 1) ?? p.Wrap(n.Arguments[1], Precedence.Multiplicative + 1);
            return new($"{leftText} * {rightText}", Precedence.Multiplicative);
        }

        private static Form MathCall(string name) => (p, n) => Arguments(p, $"{p.MathClass}.{name}", n.Arguments);

        /// <summary>
        /// A function System.Math lacks on netstandard2.0 and .NET Framework (Cbrt, Clamp): for double it is called on the
        /// runtime's ScalarMath, which forwards to System.Math where it exists; SingleMath already has it for float.
        /// </summary>
        private static Form PortableMathCall(string name) =>
            (p, n) => Arguments(p, $"{(p.ScalarName == "double" ? p.ScalarMath : p.MathClass)}.{name}", n.Arguments);

        private static Form ScalarMathCall(string name) => (p, n) => Arguments(p, $"{p.ScalarMath}.{name}", n.Arguments);

        private static Form Function(string name) => (p, n) => Arguments(p, name, n.Arguments);

        private static Printed Arguments(IOperandPrinter p, string function, Node[] arguments) =>
            new($"{function}({string.Join(", ", arguments.Select(p.Reference))})", Precedence.Primary);

        private static Printed Number(IOperandPrinter p, double value)
        {
            var literal = p.Literal(value);
            return new(literal, Precedence.OfLiteral(literal));
        }

        private static Printed Conditional(IOperandPrinter p, Node n) =>
            p.Choose(p.Print(n.Arguments[0]), p.Print(n.Arguments[1]), p.Print(n.Arguments[2]));

        private static Printed IfPositiveForm(IOperandPrinter p, Node n) =>
            p.Choose(Positive(p, n.Arguments[0]), p.Print(n.Arguments[1]), p.Print(n.Arguments[2]));

        /// <summary>x &gt; 0, the condition of the one-sided forms.</summary>
        private static Printed Positive(IOperandPrinter p, Node x) =>
            p.Relation(p.Print(x), " > ", Precedence.Relational, p.IsMath ? new("0", Precedence.Primary) : Number(p, 0));

        private static Printed ValueForm(IOperandPrinter p, Node n) => new(p.Wrap(ExpressionGraph.ValueOf(n), Precedence.Primary), Precedence.Primary);

        private static Printed GradientCallForm(IOperandPrinter p, Node n)
        {
            var text = new StringBuilder(n.Call!.RuleMethod).Append('(');
            text.Append(string.Join(", ", n.Arguments.Select(p.Reference)));
            for (int i = 0; i < n.Arguments.Length; i++)
            {
                if (n.Call.HasOut(i))
                {
                    text.Append(", out ").Append(p.OutLocal(n, i) is { } local ? $"{p.ScalarName} {local}" : "_");
                }
            }

            return new(text.Append(')').ToString(), Precedence.Primary);
        }

        private static Printed Sum(IOperandPrinter p, Node[] terms)
        {
            var text = new StringBuilder(p.Wrap(terms[0], Precedence.Additive));
            for (int i = 1; i < terms.Length; i++)
            {
                if (p.IsMath && terms.Length > LongestCommentSum && i == 3)
                {
                    text.Append(" + …");
                    i = terms.Length - 2;
                    continue;
                }

                // a + (−b) prints as a - b: the same IEEE operation, read more easily.
                if (terms[i].Op == Op.Negate && !p.HasLocal(terms[i]))
                {
                    text.Append(" - ").Append(p.Wrap(terms[i].Arguments[0], Precedence.Additive + 1));
                }
                else
                {
                    text.Append(" + ").Append(p.Wrap(terms[i], Precedence.Additive + 1));
                }
            }

            return new(text.ToString(), Precedence.Additive);
        }

        private static Printed HuberValue(IOperandPrinter p, Node n)
        {
            var r = X(n);
            var delta = n.Constant;
            var abs = $"{p.MathClass}.Abs({p.Reference(r)})";
            return p.Choose(
                p.Relation(new(abs, Precedence.Primary), " <= ", Precedence.Relational, Number(p, delta)),
                new($"{p.Literal(0.5)} * {p.Wrap(r, Precedence.Multiplicative + 1)} * {p.Wrap(r, Precedence.Multiplicative + 1)}", Precedence.Multiplicative),
                new($"{p.Literal(delta)} * ({abs} - {p.Literal(0.5 * delta)})", Precedence.Multiplicative));
        }
    }
}
