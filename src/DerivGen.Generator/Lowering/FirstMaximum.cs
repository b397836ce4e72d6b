using System.Collections.Generic;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// The shifted exponentials of a softmax and of a cross-entropy on logits: m = max_j z_j, reached first at unit r, and
    /// e_j = e^(z_j − m). Unit r is picked out with selects, so that its e_r = 1 and its gap m − z_r = 0 can be left out
    /// as constants: then z_r reaches the result only through m, and no derivative subtracts two numbers near 1.
    /// Softmax and cross-entropy build the same nodes, so they share them.
    /// </summary>
    internal sealed class FirstMaximum
    {
        private readonly ExpressionGraph _g;
        private readonly Node[] _z;

        private FirstMaximum(ExpressionGraph g, Node[] z, Node[] prefixMax, Node[] exponentials, Node rest)
        {
            _g = g;
            _z = z;
            PrefixMax = prefixMax;
            Exponentials = exponentials;
            Rest = rest;
        }

        /// <summary>max(z_0 … z_j) for every j; the last is m.</summary>
        public Node[] PrefixMax { get; }

        public Node Max => PrefixMax[PrefixMax.Length - 1];

        /// <summary>e^(z_j − m), named e{layer}_j.</summary>
        public Node[] Exponentials { get; }

        /// <summary>ρ = Σ_{j≠r} e^(z_j − m), named rho{layer}.</summary>
        public Node Rest { get; }

        public static FirstMaximum Of(ExpressionGraph g, Node[] z, int layerNumber)
        {
            var prefixMax = ActivationLowering.PrefixMaxima(g, z, layerNumber);
            var m = prefixMax[z.Length - 1];
            var exponentials = new Node[z.Length];
            for (int j = 0; j < z.Length; j++)
            {
                exponentials[j] = g.Apply(Op.ExpNonPositive, g.Subtract(z[j], m));
                g.Name(exponentials[j], $"e{layerNumber}_{j}", $"e^(z{layerNumber}[{j}] - m{layerNumber})");
            }

            var first = new FirstMaximum(g, z, prefixMax, exponentials, g.Constant(0));
            var rest = new List<Node>(z.Length);
            for (int j = 0; j < z.Length; j++)
            {
                rest.Add(first.UnlessFirstMax(j, exponentials[j], g.Constant(0)));
            }

            var rho = g.Sum(rest);
            g.Name(rho, $"rho{layerNumber}", $"ρ{layerNumber}");
            return new FirstMaximum(g, z, prefixMax, exponentials, rho);
        }

        /// <summary>
        /// <paramref name="whenFirstMax"/> for unit r, <paramref name="otherwise"/> for every other unit. Unit j is r when
        /// z_j reaches m and exceeds every earlier z, that is max(z_0 … z_(j−1)); max′ gives ties to the first argument, so
        /// m's adjoint reaches the same unit.
        /// </summary>
        public Node UnlessFirstMax(int j, Node otherwise, Node whenFirstMax)
        {
            var atMax = j == 0 ? whenFirstMax : _g.IfPositive(_g.Subtract(_z[j], PrefixMax[j - 1]), whenFirstMax, otherwise);
            return _g.IfPositive(_g.Subtract(Max, _z[j]), otherwise, atMax);
        }
    }
}
