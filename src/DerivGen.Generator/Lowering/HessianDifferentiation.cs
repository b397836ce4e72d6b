using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// The differentiation step of an Order = 2 function: reverse mode gives the gradient, as for <c>{Name}Gradient</c>;
    /// then forward mode over that gradient, once per differentiable parameter pₖ with the tangent seed eₖ, gives row k of
    /// the Hessian, ∂(∇f)/∂pₖ (forward-over-reverse, <see cref="ForwardMode"/>).
    /// </summary>
    /// <remarks>
    /// Why forward-over-reverse with unit seeds rather than reverse mode over each gradient entry: a seed of exactly 1 on
    /// one leaf folds away in the graph (x·1 = x), and a pass touches only the nodes that depend on its parameter, so each
    /// row is short, and every pass reads the forward and reverse values already in the one graph, where hash-consing
    /// shares whatever two rows compute alike. Only the upper triangle (j ≥ k) is asked of pass k: the Hessian of a function
    /// with continuous second derivatives is symmetric, so the lower triangle is the same numbers; computing it again would
    /// double the second-order work and, rounding along another path, could differ from its mirror in the last digits.
    /// </remarks>
    internal static class HessianDifferentiation
    {
        public static DifferentiatedHessian Differentiate(LoweredFunction lowered, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var g = lowered.Graph;
            var functionName = lowered.Function.Name.TrimStart('@');
            var adjoints = ReverseMode.Differentiate(g, lowered.Value, functionName);
            var rows = Enumerable.Range(0, lowered.Parameters.Count).Where(i => lowered.Parameters[i].Op == Op.Parameter).ToArray();
            var gradient = rows.Select(i => adjoints.TryGetValue(lowered.Parameters[i], out var adjoint) ? adjoint : g.Constant(0)).ToArray();

            var upper = new List<IReadOnlyList<Node>>(rows.Length);
            for (int k = 0; k < rows.Length; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var parameter = lowered.Function.Parameters[rows[k]].Name.TrimStart('@');
                var seeds = new Dictionary<Node, Node> { [lowered.Parameters[rows[k]]] = g.Constant(1) };
                var tangents = ForwardMode.Differentiate(g, gradient.Skip(k).ToList(), seeds, name => PartialName(name, parameter));
                upper.Add(gradient.Skip(k).Select(entry => tangents.TryGetValue(entry, out var tangent) ? tangent : g.Constant(0)).ToArray());
            }

            return new DifferentiatedHessian(lowered, rows, gradient, upper);
        }

        /// <summary>The partial of a named value along a parameter: <c>dt</c> and <c>x</c> give <c>dt_dx</c>, shown as <c>∂(dF/dt)/∂x</c>.</summary>
        private static NodeName? PartialName(NodeName name, string parameter) =>
            new NodeName(name.CSharp + "_d" + parameter, (name.Math.IndexOf('/') >= 0 ? "∂(" + name.Math + ")" : "∂" + name.Math) + "/∂" + parameter);
    }
}
