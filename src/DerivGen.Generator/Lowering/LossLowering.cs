using System.Collections.Generic;
using System.Threading;
using DerivGen.Model;
using DerivGen.Symbolic;

// Switches over LossKind are exhaustive over its named values: a new loss does not compile until it has a lowering
// (CS8509), instead of silently becoming a square.
#pragma warning disable CS8524

namespace DerivGen.Lowering
{
    /// <summary>Expresses the loss L(a, y) in graph nodes, given the last layer's z and a and the targets y.</summary>
    internal static class LossLowering
    {
        /// <param name="functions">The user's methods by key, for a network with a LossMethod.</param>
        public static Node Build(
            ExpressionGraph g, NetworkSpec spec, Node[] z, Node[] a, Node[] y,
            IReadOnlyDictionary<string, ResolvedFunction>? functions = null, CancellationToken cancellationToken = default)
        {
            if (spec.LossMethod is { } key)
            {
                // L = Σ_i f(a_i, y_i), the user's body inlined for every output unit.
                var function = ActivationLowering.Lookup(functions, key);
                var userTerms = new List<Node>(a.Length);
                for (int i = 0; i < a.Length; i++)
                {
                    userTerms.Add(FunctionLowering.Inline(g, function.Function, new[] { a[i], y[i] }, function.Calls, nameLets: false, cancellationToken));
                }

                return g.Sum(userTerms);
            }

            if (spec.Loss == LossKind.CrossEntropy)
            {
                return CrossEntropy(g, z, y, spec.Layers.Count);
            }

            var terms = new List<Node>(a.Length);
            for (int i = 0; i < a.Length; i++)
            {
                terms.Add(spec.Loss switch
                {
                    LossKind.Huber => g.Apply(Op.Huber, Residual(g, a, y, i), spec.HuberDelta),
                    LossKind.BinaryCrossEntropy => BinaryCrossEntropyTerm(g, z[i], y[i]),
                    LossKind.SquaredError or LossKind.MeanSquaredError => g.Square(Residual(g, a, y, i)),
                    LossKind.CrossEntropy => throw new System.ArgumentException("Cross-entropy is lowered as a whole.", nameof(spec)),
                });
            }

            var sum = g.Sum(terms);
            return spec.Loss == LossKind.MeanSquaredError ? g.Divide(sum, g.Constant(a.Length)) : sum;
        }

        /// <summary>
        /// dL/da of the output layer for a loss that is fused with its activation, where the graph never forms it:
        /// (1 − y)/(1 − a) − y/a for binary cross-entropy and −y/a for cross-entropy. Only the trace shows it; the gradient
        /// goes through z, which is exact.
        /// </summary>
        public static Node[]? FusedOutputAdjoint(ExpressionGraph g, NetworkSpec spec, Node[] z, Node[] a, Node[] y)
        {
            if (spec.LossMethod is not null || spec.Loss is not (LossKind.BinaryCrossEntropy or LossKind.CrossEntropy))
            {
                return null;
            }

            // Each term y/a is taken as 0 when y is 0, so a saturated a (0 or 1 in double) gives the finite limit rather than 0/0;
            // 1 − a is σ(−z), which does not cancel.
            var zero = g.Constant(0);
            Node Ratio(Node weight, Node probability) =>
                g.IfPositive(g.Apply(Op.Abs, weight), g.Divide(weight, probability), zero);

            var adjoint = new Node[a.Length];
            for (int i = 0; i < a.Length; i++)
            {
                adjoint[i] = spec.Loss == LossKind.BinaryCrossEntropy
                    ? g.Subtract(Ratio(g.Subtract(g.Constant(1), y[i]), g.Apply(Op.Sigmoid, g.Negate(z[i]))), Ratio(y[i], a[i]))
                    : g.Negate(Ratio(y[i], a[i]));
            }

            return adjoint;
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
        /// −Σ y_i log a_i, fused with the Softmax layer and written on the logits: −log a_i = (m − z_i) + log1p(ρ), where
        /// m = max_j z_j is reached first at unit r and ρ = Σ_{j≠r} e^(z_j − m). Unit r is left out of ρ and its m − z_r
        /// is left out of L by construction (both are exactly 0 and 1 in value), instead of being computed and cancelled:
        /// then the chain rule gives dL/dz_r = Σ_{i≠r} y_i − Σ y·ρ/(1 + ρ), which keeps every digit when the network is
        /// confidently right (a_r → 1), where a_r·Σy − y_r would lose them all. Correct whether or not y sums to 1.
        /// </summary>
        private static Node CrossEntropy(ExpressionGraph g, Node[] z, Node[] y, int layerNumber)
        {
            var zero = g.Constant(0);
            var first = FirstMaximum.Of(g, z, layerNumber);
            var m = first.Max;
            var gaps = new Node[z.Length];
            for (int j = 0; j < z.Length; j++)
            {
                gaps[j] = first.UnlessFirstMax(j, g.Subtract(m, z[j]), zero);
            }

            var rho = first.Rest;
            var logSumExp = g.Apply(Op.Log1p, rho);
            g.Name(logSumExp, "lse", "lse");

            var terms = new List<Node>(z.Length);
            for (int i = 0; i < z.Length; i++)
            {
                var negativeLogA = g.Add(gaps[i], logSumExp);
                g.Name(negativeLogA, $"nlog_a_{i}", $"(-log a[{i}])");
                terms.Add(g.Multiply(y[i], negativeLogA));
            }

            return g.Sum(terms);
        }
    }
}
