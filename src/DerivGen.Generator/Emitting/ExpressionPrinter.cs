using System;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Prints a node as a C# expression, or in the mathematical notation of the comments, by its op's form in
    /// <see cref="OpTable"/>, with as few parentheses as C# precedence allows and never reordering an operation
    /// (floating-point addition and multiplication do not reassociate). Nodes that have a local variable print as its name.
    /// </summary>
    internal sealed class ExpressionPrinter : IOperandPrinter
    {
        private readonly Func<Node, string?> _localName;
        private readonly Func<Node, int, string?> _outLocal;
        private readonly ScalarType _scalar;
        private readonly LeafNames _leaves;
        private readonly bool _math;

        /// <param name="localName">The name a node is held in, or null when it is printed inline.</param>
        /// <param name="leaves">How parameters, inputs and targets are spelled.</param>
        /// <param name="math">True for comment notation (W1[0,1]·x[1]), false for C# (parameters[1] * input[1]).</param>
        /// <param name="scalar">The C# type the code computes in: a scalar, or a vector of lanes.</param>
        /// <param name="outLocal">The out local of a gradient call's partial, or null when that partial is not used.</param>
        public ExpressionPrinter(Func<Node, string?> localName, LeafNames leaves, bool math, ScalarType scalar, Func<Node, int, string?>? outLocal = null)
        {
            _scalar = scalar;
            _localName = localName;
            _outLocal = outLocal ?? ((_, _) => null);
            _leaves = leaves;
            _math = math;
        }

        /// <summary>The node's own expression, even when it has a local (that local is what is being defined).</summary>
        public string Definition(Node node) => Render(ExpressionGraph.ValueOf(node)).Text;

        public string Reference(Node node) => Operand(node).Text;

        public bool IsMath => _math;

        public bool IsLanes => _scalar.IsLanes;

        public string MathClass => _scalar.Math;

        public string ScalarMath => _scalar.PortableMath;

        public string ScalarName => _scalar.Name;

        public string ExpNonPositive => _scalar.ExpNonPositive;

        public bool HasLocal(Node operand) => _localName(ExpressionGraph.ValueOf(operand)) is not null;

        public string? OutLocal(Node gradientCall, int argument) => _outLocal(gradientCall, argument);

        public Printed? Scalar(Node operand)
        {
            operand = ExpressionGraph.ValueOf(operand);
            if (!IsLanes || _math || HasLocal(operand))
            {
                return null;
            }

            var text = operand.Op switch
            {
                Op.Constant => _scalar.Element.Literal(operand.Constant),
                Op.Parameter => _leaves.ScalarParameter(operand.Index),
                _ => null,
            };
            return text is null ? null : new Printed(text, Precedence.OfLiteral(text));
        }

        public Printed Print(Node operand) => Operand(operand);

        // Comments read as the math of one sample, also where the code computes lanes.
        public Printed Relation(Printed left, string symbol, int precedence, Printed right) => Spelling.Relation(left, symbol, precedence, right);

        public Printed Not(Printed condition) => Spelling.Not(condition);

        public Printed Choose(Printed condition, Printed whenTrue, Printed whenFalse) => Spelling.Choose(condition, whenTrue, whenFalse);

        private ScalarType Spelling => _math ? _scalar.Element : _scalar;

        public string Literal(double value) => _math ? Numbers.Short(value) : _scalar.Literal(value);

        public string Leaf(Node leaf) => _math ? _leaves.Math(leaf) : _leaves.CSharp(leaf);

        public string Negation(Node operand)
        {
            var inner = Wrap(operand, Precedence.Unary);
            return inner.StartsWith("-", StringComparison.Ordinal) ? $"-({inner})" : "-" + inner;
        }

        /// <summary>The operand's text, parenthesised when it binds less tightly than <paramref name="minimum"/>.</summary>
        public string Wrap(Node operand, int minimum)
        {
            var printed = Operand(operand);
            return printed.Within(minimum);
        }

        private Printed Operand(Node node)
        {
            node = ExpressionGraph.ValueOf(node);
            return _localName(node) is { } name ? new Printed(name, Precedence.Primary) : Render(node);
        }

        private Printed Render(Node node)
        {
            var descriptor = node.Descriptor;
            return _math ? descriptor.Math(this, node) : descriptor.CSharp(this, node);
        }
    }
}
