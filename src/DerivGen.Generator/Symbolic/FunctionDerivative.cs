namespace DerivGen.Symbolic
{
    /// <summary>f′(x) for the activations and losses whose derivative has a name in the comments (OpTable uses it), named <c>f'(x)</c> when x has a name.</summary>
    internal static class FunctionDerivative
    {
        public static Node Of(ExpressionGraph g, Node node)
        {
            var x = node.Arguments[0];
            var one = g.Constant(1);
            Node derivative;
            Node? second = null;
            string symbol;
            switch (node.Op)
            {
                case Op.Sigmoid:
                {
                    // σ′(x) = e^−|x| / (1 + e^−|x|)²: the same value as σ(x)(1 − σ(x)) without its cancellation.
                    var t = g.Apply(Op.Exp, g.Negate(g.Apply(Op.Abs, x)));
                    derivative = g.Divide(t, g.Square(g.Add(one, t)));
                    symbol = "σ'";
                    g.Annotate(derivative, "σ'(z) = e^-|z| / (1 + e^-|z|)², not σ(z)·(1 - σ(z)): as σ(z) nears 1, 1 - σ(z) "
                        + "cancels (near z = 18 it keeps about eight of sixteen digits); this form has no subtraction.");

                    // σ″(x) = σ′(x)·(1 − 2σ(x)) = −σ′(x)·tanh(x/2): the chain rule through t/(1 + t)² would subtract two
                    // terms of nearly equal size near x = 0, where σ″ is small; tanh(x/2) keeps its digits there.
                    second = g.Negate(g.Multiply(derivative, g.Apply(Op.Tanh, g.Multiply(g.Constant(0.5), x))));
                    break;
                }

                case Op.Tanh:
                case Op.LibraryTanh:
                {
                    // tanh′(x) = (1 − a)(1 + a) with a = tanh(x) where |x| ≤ 1 (1 − a ≥ 0.23 there, so nothing cancels and
                    // no further exp is needed), and sech²(x) = 1/cosh²(x) beyond, where 1 − tanh² would cancel.
                    var outside = g.Subtract(g.Apply(Op.Abs, x), one);
                    var near = g.Multiply(g.Subtract(one, node), g.Add(one, node));
                    derivative = g.IfPositive(outside, g.Apply(Op.SechSquared, x), near);
                    symbol = "tanh'";
                    g.Annotate(derivative, "tanh'(z) = (1 - tanh z)(1 + tanh z) for |z| <= 1, where nothing cancels, and sech²(z) = 1/cosh²(z) "
                        + "beyond, where 1 - tanh²(z) would lose digits as |tanh z| nears 1.");

                    // tanh″(x) = −2·tanh(x)·tanh′(x): the chain rule through (1 − a)(1 + a) would give −ȧ(1 + a) + (1 − a)ȧ,
                    // two terms near ±ȧ whose sum −2aȧ is small near x = 0; the product keeps every digit.
                    second = g.Negate(g.Multiply(g.Multiply(g.Constant(2), node), derivative));
                    break;
                }

                case Op.Softplus:
                    derivative = g.Apply(Op.Sigmoid, x);
                    symbol = "softplus'";
                    break;
                case Op.Elu:
                    derivative = g.IfPositive(x, one, g.Apply(Op.Exp, x));
                    symbol = "ELU'";
                    break;
                case Op.Huber:
                    derivative = g.Apply(Op.ClampSymmetric, x, node.Constant);
                    symbol = "huber'";
                    break;
                default:
                    // Every operation has a rule here or in ChainRule; reaching this is a bug in the generator.
                    throw new System.InvalidOperationException($"No derivative rule for {node.Op}.");
            }

            if (g.NameOf(x) is { } name && !derivative.IsLeaf)
            {
                g.Name(derivative, $"d{node.Op.ToString().ToLowerInvariant()}_{name.CSharp}", $"{symbol}({name.Math})");
            }

            // The second derivative rides along as the derivative of the first (Op.KnownDerivative): tangents of σ′ and tanh′
            // (H·v) then use the careful form above; the value printed is still the first derivative's own.
            return second is null ? derivative : g.KnownDerivative(x, derivative, second);
        }
    }
}
