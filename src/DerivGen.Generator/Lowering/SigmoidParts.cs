using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// σ(x), σ(−x) and σ′(x) from one exponential, e = e^−|x|, which never overflows: with p = σ(|x|) = 1/(1 + e) and
    /// q = σ(−|x|) = e·p, σ(x) is p for x &gt; 0 and q otherwise, σ(−x) is the other one, and σ′(x) = σ(x)·σ(−x) = p·q,
    /// a product of two values in [0, 1], where σ(x)·(1 − σ(x)) would cancel as σ(x) nears 1 (near x = 18 it keeps about
    /// eight of sixteen digits) and e/(1 + e)² would need e again. Sigmoid, SiLU and GELU units all take their σ from
    /// here, so each costs one Exp.
    /// </summary>
    /// <remarks>
    /// Each value carries its derivatives as <see cref="Op.KnownDerivative"/> nodes instead of leaving them to the chain
    /// rule through |x|: at x = 0 the branch and the kink of |x| would have to agree, and σ″ = −σ′·tanh(x/2) (for H·v)
    /// keeps its digits near x = 0, where σ′·(1 − 2σ), or any form on e, subtracts two values near 1.
    /// </remarks>
    internal sealed class SigmoidParts
    {
        private readonly Node x;
        private readonly Node positive;
        private readonly Node negative;
        private readonly Node first;
        private readonly Node second;

        private SigmoidParts(Node x, Node positive, Node negative, Node first, Node second, Node value, Node derivative)
        {
            this.x = x;
            this.positive = positive;
            this.negative = negative;
            this.first = first;
            this.second = second;
            Value = value;
            Derivative = derivative;
        }

        /// <summary>σ(x), whose derivative is <see cref="Derivative"/>.</summary>
        public Node Value { get; }

        /// <summary>σ′(x) = p·q, a backward-pass value whose own derivative is σ″(x).</summary>
        public Node Derivative { get; }

        public static SigmoidParts Of(ExpressionGraph g, Node x)
        {
            var one = g.Constant(1);
            var e = g.Apply(Op.ExpNonPositive, g.Negate(g.Apply(Op.Abs, x)));
            var p = g.Divide(one, g.Add(one, e));
            var q = g.Multiply(e, p);
            g.Annotate(e, "σ from one exponential: e^-|z| never overflows; σ(|z|) = 1/(1 + e^-|z|), σ(-|z|) = e^-|z|·σ(|z|), and "
                + "the sign of z picks σ(z) between them.");
            var (first, second, derivative) = g.InBackwardPass(() =>
            {
                var first = g.Multiply(p, q);
                g.Annotate(first, "σ'(z) = σ(z)·σ(-z) = σ(|z|)·σ(-|z|), a product of the two values the forward pass has: not "
                    + "σ(z)·(1 - σ(z)), where 1 - σ(z) cancels as σ(z) nears 1 (near z = 18 it keeps about eight of sixteen digits).");
                var second = g.Negate(g.Multiply(first, g.Apply(Op.Tanh, g.Multiply(g.Constant(0.5), x))));
                if (g.NameOf(x) is { } name)
                {
                    g.Name(first, $"dsigmoid_{name.CSharp}", $"σ'({name.Math})");
                }

                return (first, second, g.KnownDerivative(x, first, second));
            });
            if (g.NameOf(x) is { } name)
            {
                g.Name(e, $"e_{name.CSharp}", $"e^-|{name.Math}|");
                g.Name(p, $"sigmoid_pos_{name.CSharp}", $"σ(|{name.Math}|)");
                g.Name(q, $"sigmoid_neg_{name.CSharp}", $"σ(-|{name.Math}|)");
            }

            return new SigmoidParts(x, p, q, first, second, g.KnownDerivative(x, g.IfPositive(x, p, q), derivative), derivative);
        }

        /// <summary>σ(−x) = 1 − σ(x) without the subtraction: the other half, with derivative −σ′(x) and second derivative −σ″(x).</summary>
        public Node Mirror(ExpressionGraph g) =>
            g.KnownDerivative(x, g.IfPositive(x, negative, positive), g.KnownDerivative(x, g.Negate(first), g.Negate(second)));
    }
}
