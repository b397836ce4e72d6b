using System;
using System.Collections.Generic;
using System.Text;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Prints a node as a C# expression, or in the mathematical notation of the comments, with as few parentheses as
    /// C# precedence allows and never reordering an operation (floating-point addition and multiplication do not
    /// reassociate). Nodes that have a local variable print as its name.
    /// </summary>
    internal sealed class ExpressionPrinter
    {
        private const int Conditional = 0;
        private const int Relational = 1;
        private const int Additive = 2;
        private const int Multiplicative = 3;
        private const int Unary = 4;
        private const int Primary = 5;

        private const string ScalarMath = "global::DerivGen.ScalarMath";

        private readonly Func<Node, string?> _localName;
        private readonly ScalarType _scalar;
        private readonly LeafNames _leaves;
        private readonly bool _math;

        /// <param name="localName">The name a node is held in, or null when it is printed inline.</param>
        /// <param name="leaves">How parameters, inputs and targets are spelled.</param>
        /// <param name="math">True for comment notation (W1[0,1]·x[1]), false for C# (parameters[1] * input[1]).</param>
        /// <param name="scalar">The C# type the code computes in.</param>
        public ExpressionPrinter(Func<Node, string?> localName, LeafNames leaves, bool math, ScalarType scalar)
        {
            _scalar = scalar;
            _localName = localName;
            _leaves = leaves;
            _math = math;
        }

        /// <summary>The node's own expression, even when it has a local (that local is what is being defined).</summary>
        public string Definition(Node node) => Render(node).Text;

        public string Reference(Node node) => Operand(node).Text;

        private (string Text, int Precedence) Operand(Node node) =>
            _localName(node) is { } name ? (name, Primary) : Render(node);

        private (string Text, int Precedence) Render(Node node)
        {
            var args = node.Arguments;
            switch (node.Op)
            {
                case Op.Constant:
                    var literal = _math ? Numbers.Short(node.Constant) : Literal(node.Constant);
                    return (literal, literal.StartsWith("-", StringComparison.Ordinal) ? Unary : Primary);
                case Op.Parameter:
                case Op.Input:
                case Op.Target:
                    return (_math ? _leaves.Math(node) : _leaves.CSharp(node), Primary);
                case Op.Add:
                    return (Sum(args), Additive);
                case Op.Subtract:
                    return ($"{Wrap(args[0], Additive)} - {Wrap(args[1], Additive + 1)}", Additive);
                case Op.Multiply:
                    return ($"{Wrap(args[0], Multiplicative)}{Times}{Wrap(args[1], Multiplicative + 1)}", Multiplicative);
                case Op.Divide:
                    return ($"{Wrap(args[0], Multiplicative)} / {Wrap(args[1], Multiplicative + 1)}", Multiplicative);
                case Op.Negate:
                    return (Negation(args[0]), Unary);
                case Op.Square:
                    return _math
                        ? ($"{Wrap(args[0], Primary)}²", Primary)
                        : ($"{Wrap(args[0], Multiplicative)} * {Wrap(args[0], Multiplicative + 1)}", Multiplicative);
                case Op.Exp:
                    return Call(_math ? "exp" : $"{MathClass}.Exp", args[0]);
                case Op.Log:
                    return Call(_math ? "log" : $"{MathClass}.Log", args[0]);
                case Op.Log1p:
                    return Call(_math ? "log1p" : $"{ScalarMath}.Log1p", args[0]);
                case Op.Expm1:
                    return Call(_math ? "expm1" : $"{ScalarMath}.Expm1", args[0]);
                case Op.Abs:
                    return _math ? ($"|{Reference(args[0])}|", Primary) : Call($"{MathClass}.Abs", args[0]);
                case Op.Tanh:
                    return Call(_math ? "tanh" : $"{MathClass}.Tanh", args[0]);
                case Op.SechSquared:
                    return Call(_math ? "sech²" : $"{ScalarMath}.SechSquared", args[0]);
                case Op.Sigmoid:
                    return _math
                        ? Call("σ", args[0])
                        : ($"{One} / ({One} + {MathClass}.Exp({Negation(args[0])}))", Multiplicative);
                case Op.Softplus:
                    return _math
                        ? Call("softplus", args[0])
                        : ($"{MathClass}.Max({Reference(args[0])}, {Zero}) + {ScalarMath}.Log1p({MathClass}.Exp(-{MathClass}.Abs({Reference(args[0])})))", Additive);
                case Op.Relu:
                    return _math ? Call("ReLU", args[0]) : ($"{MathClass}.Max({Reference(args[0])}, {Zero})", Primary);
                case Op.LeakyRelu:
                    return _math
                        ? Call("LeakyReLU", args[0])
                        : ($"{Wrap(args[0], Relational + 1)} > {Zero} ? {Reference(args[0])} : {Literal(node.Constant)} * {Wrap(args[0], Multiplicative + 1)}", Conditional);
                case Op.Elu:
                    return _math
                        ? Call("ELU", args[0])
                        : ($"{Wrap(args[0], Relational + 1)} > {Zero} ? {Reference(args[0])} : {ScalarMath}.Expm1({Reference(args[0])})", Conditional);
                case Op.Huber:
                    return _math ? Call("huber", args[0]) : (HuberValue(args[0], node.Constant), Conditional);
                case Op.Clamp:
                    var delta = node.Constant;
                    return _math
                        ? ($"clamp({Reference(args[0])}, {Numbers.Short(-delta)}, {Numbers.Short(delta)})", Primary)
                        : ($"{MathClass}.Max({Literal(-delta)}, {MathClass}.Min({Reference(args[0])}, {Literal(delta)}))", Primary);
                case Op.Max:
                    return (_math ? $"max({Reference(args[0])}, {Reference(args[1])})" : $"{MathClass}.Max({Reference(args[0])}, {Reference(args[1])})", Primary);
                case Op.IfPositive:
                    return ($"{Wrap(args[0], Relational + 1)} > {(_math ? "0" : Zero)} ? {Wrap(args[1], Conditional + 1)} : {Wrap(args[2], Conditional)}", Conditional);
                case Op.StopGradient:
                case Op.KnownDerivative:
                    return Operand(ExpressionGraph.ValueOf(node));
                default:
                    throw new InvalidOperationException($"No printed form for {node.Op}.");
            }
        }

        private string Times => _math ? "·" : " * ";

        private string MathClass => _scalar.Math;

        private string Zero => _scalar.Literal(0);

        private string One => _scalar.Literal(1);

        private string Literal(double value) => _scalar.Literal(value);

        /// <summary>Sums longer than this are abbreviated in comments (first terms, …, last term); the code has them all.</summary>
        private const int LongestCommentSum = 8;

        private string Sum(Node[] terms)
        {
            var text = new StringBuilder(Wrap(terms[0], Additive));
            for (int i = 1; i < terms.Length; i++)
            {
                if (_math && terms.Length > LongestCommentSum && i == 3)
                {
                    text.Append(" + …");
                    i = terms.Length - 2;
                    continue;
                }

                // a + (−b) prints as a - b: the same IEEE operation, read more easily.
                if (terms[i].Op == Op.Negate && _localName(terms[i]) is null)
                {
                    text.Append(" - ").Append(Wrap(terms[i].Arguments[0], Additive + 1));
                }
                else
                {
                    text.Append(" + ").Append(Wrap(terms[i], Additive + 1));
                }
            }

            return text.ToString();
        }

        private string Negation(Node operand)
        {
            var inner = Wrap(operand, Unary);
            return inner.StartsWith("-", StringComparison.Ordinal) ? $"-({inner})" : "-" + inner;
        }

        private string HuberValue(Node r, double delta)
        {
            var abs = $"{MathClass}.Abs({Reference(r)})";
            return $"{abs} <= {Literal(delta)} ? {Literal(0.5)} * {Wrap(r, Multiplicative + 1)} * {Wrap(r, Multiplicative + 1)} "
                + $": {Literal(delta)} * ({abs} - {Literal(0.5 * delta)})";
        }

        private (string Text, int Precedence) Call(string function, Node argument) => ($"{function}({Reference(argument)})", Primary);

        /// <summary>The operand's text, parenthesised when it binds less tightly than <paramref name="minimum"/>.</summary>
        private string Wrap(Node node, int minimum)
        {
            var (text, precedence) = Operand(node);
            return precedence >= minimum ? text : $"({text})";
        }
    }
}
