using System.Collections.Generic;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>Expresses the loss L(a, y) in graph nodes, given the last layer's z and a and the targets y.</summary>
    internal static class LossLowering
    {
        public static Node Build(ExpressionGraph g, NetworkSpec spec, Node[] z, Node[] a, Node[] y)
        {
            if (spec.Loss == LossKind.CrossEntropy)
            {
                return CrossEntropy(g, z, y);
            }

            var terms = new List<Node>(a.Length);
            for (int i = 0; i < a.Length; i++)
            {
                terms.Add(spec.Loss switch
                {
                    LossKind.Huber => g.Apply(Op.Huber, Residual(g, a, y, i), spec.HuberDelta),
                    LossKind.BinaryCrossEntropy => BinaryCrossEntropyTerm(g, z[i], y[i]),
                    _ => g.Square(Residual(g, a, y, i)),
                });
            }

            var sum = g.Sum(terms);
            return spec.Loss == LossKind.MeanSquaredError ? g.Divide(sum, g.Constant(a.Length)) : sum;
        }

        private static Node Residual(ExpressionGraph g, Node[] a, Node[] y, int i)
        {
            var r = g.Subtract(a[i], y[i]);
            g.Name(r, $"r_{i}", $"r[{i}]");
            return r;
        }

        /// <summary>
        /// −[y log σ(z) + (1 − y) log(1 − σ(z))] = y·softplus(−z) + (1 − y)·softplus(z): fused with the Sigmoid layer and
        /// written on z, so that neither log(σ) nor 1 − σ is ever formed; finite for every finite z.
        /// </summary>
        private static Node BinaryCrossEntropyTerm(ExpressionGraph g, Node z, Node y)
        {
            var whenOne = g.Multiply(y, g.Apply(Op.Softplus, g.Negate(z)));
            var whenZero = g.Multiply(g.Subtract(g.Constant(1), y), g.Apply(Op.Softplus, z));
            return g.Add(whenOne, whenZero);
        }

        /// <summary>
        /// −Σ y_i log a_i with log a_i = (z_i − m) − log1p(ρ), fused with the Softmax layer: m = max_j z_j and
        /// ρ = Σ_j e^(z_j − m) − 1, the sum without the one term that equals 1. ρ is formed as the sum over the units
        /// below the maximum plus (number of units at the maximum − 1), which is exact, so log1p(ρ) keeps every digit when
        /// one class dominates. Correct whether or not y sums to 1.
        /// </summary>
        private static Node CrossEntropy(ExpressionGraph g, Node[] z, Node[] y)
        {
            var shifted = ActivationLowering.Exponentials(g, z, out var max);
            var below = new List<Node>(z.Length);
            var atMax = new List<Node>(z.Length);
            var zero = g.Constant(0);
            for (int j = 0; j < z.Length; j++)
            {
                var gap = g.Subtract(max, z[j]);
                below.Add(g.IfPositive(gap, shifted[j], zero));
                atMax.Add(g.IfPositive(gap, zero, shifted[j]));
            }

            var rest = g.Add(g.Sum(below), g.Subtract(g.Sum(atMax), g.Constant(1)));
            var logSumExp = g.Apply(Op.Log1p, rest);
            g.Name(logSumExp, "logSumExp", "log Σ_j e^(z_j - m)");

            var terms = new List<Node>(z.Length);
            for (int i = 0; i < z.Length; i++)
            {
                var negativeLogA = g.Subtract(logSumExp, g.Subtract(z[i], max));
                terms.Add(g.Multiply(y[i], negativeLogA));
            }

            return g.Sum(terms);
        }
    }
}
