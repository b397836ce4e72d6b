using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>Expresses a layer's activation a = f(z) in graph nodes. Derivatives come from the graph, not from here.</summary>
    internal static class ActivationLowering
    {
        /// <summary>√(2/π) as <c>Math.Sqrt(2 / Math.PI)</c> returns it, and the cubic coefficient of the tanh GELU.</summary>
        private const double GeluC = 0.7978845608028654;
        private const double GeluK = 0.044715;

        public static Node[] Apply(ExpressionGraph g, LayerSpec layer, Node[] z)
        {
            if (layer.Activation == ActivationKind.Softmax)
            {
                return Softmax(g, z);
            }

            var a = new Node[z.Length];
            for (int i = 0; i < z.Length; i++)
            {
                a[i] = Elementwise(g, layer, z[i]);
            }

            return a;
        }

        private static Node Elementwise(ExpressionGraph g, LayerSpec layer, Node z) => layer.Activation switch
        {
            ActivationKind.ReLU => g.Apply(Op.Relu, z),
            ActivationKind.LeakyReLU => g.Apply(Op.LeakyRelu, z, layer.Slope),
            ActivationKind.Sigmoid => g.Apply(Op.Sigmoid, z),
            ActivationKind.Tanh => g.Apply(Op.Tanh, z),
            ActivationKind.Softplus => g.Apply(Op.Softplus, z),
            ActivationKind.Elu => g.Apply(Op.Elu, z),
            ActivationKind.Silu => g.Multiply(z, g.Apply(Op.Sigmoid, z)),
            ActivationKind.Gelu => Gelu(g, z),
            _ => z,
        };

        /// <summary>The tanh GELU written as z·σ(w), w = 2c(z + k z³): the same function, and σ needs no 1 + tanh.</summary>
        private static Node Gelu(ExpressionGraph g, Node z)
        {
            var cube = g.Multiply(g.Square(z), z);
            var w = g.Multiply(g.Constant(2 * GeluC), g.Add(z, g.Multiply(g.Constant(GeluK), cube)));
            return g.Multiply(z, g.Apply(Op.Sigmoid, w));
        }

        /// <summary>
        /// a_i = e^(z_i − m) / Σ_j e^(z_j − m) with m = max_j z_j, so no exponential overflows. The shift m is held
        /// constant under differentiation: softmax does not depend on it, and its derivative would only add terms that
        /// cancel. The graph then carries the cross terms ∂a_i/∂z_j of the Jacobian by itself.
        /// </summary>
        public static Node[] Softmax(ExpressionGraph g, Node[] z)
        {
            var shifted = Exponentials(g, z, out _);
            var total = g.Sum(shifted);
            var a = new Node[z.Length];
            for (int i = 0; i < z.Length; i++)
            {
                a[i] = g.Divide(shifted[i], total);
            }

            return a;
        }

        /// <summary>e^(z_j − m) for every j, where m = max_j z_j (returned as <paramref name="max"/>).</summary>
        public static Node[] Exponentials(ExpressionGraph g, Node[] z, out Node max)
        {
            var m = z[0];
            for (int i = 1; i < z.Length; i++)
            {
                m = g.Max(m, z[i]);
            }

            max = g.StopGradient(m);
            var shifted = new Node[z.Length];
            for (int i = 0; i < z.Length; i++)
            {
                shifted[i] = g.Apply(Op.Exp, g.Subtract(z[i], max));
            }

            return shifted;
        }
    }
}
