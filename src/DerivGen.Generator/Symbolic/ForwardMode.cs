using System;
using System.Collections.Generic;
using System.Linq;

namespace DerivGen.Symbolic
{
    /// <summary>
    /// Symbolic forward-mode differentiation: pushes a tangent (a directional derivative) from chosen leaves through the
    /// graph, one node at a time, building each node's tangent as new graph nodes. Run over a graph that already holds
    /// the reverse pass, it differentiates the gradient along a direction: forward-over-reverse, H·v for a small
    /// constant times the cost of one gradient (Pearlmutter's R-operator, so tangents are written R{…}).
    /// </summary>
    /// <remarks>
    /// Every rule in <see cref="OpTable"/> is ā·∂node/∂argument and linear in ā, so the same rule gives the forward
    /// product ∂node/∂argument·ṫ: the table serves both modes, and a new op needs no second rule.
    /// </remarks>
    internal static class ForwardMode
    {
        /// <summary>
        /// Returns the tangent of every node that <paramref name="outputs"/> depend on and that depends on a seeded leaf
        /// (nodes missing from the result have tangent 0).
        /// </summary>
        /// <param name="seeds">The tangent of each varying leaf: the direction (for H·v, parameter k's tangent is v[k]).</param>
        /// <param name="name">Names a tangent after its node's name (C#, math), or returns null to leave it unnamed.</param>
        public static IReadOnlyDictionary<Node, Node> Differentiate(
            ExpressionGraph graph,
            IReadOnlyList<Node> outputs,
            IReadOnlyDictionary<Node, Node> seeds,
            Func<NodeName, NodeName?>? name = null)
        {
            var tangents = new Dictionary<Node, Node>();
            foreach (var node in DependenciesOf(outputs))
            {
                if (seeds.TryGetValue(node, out var seed))
                {
                    tangents[node] = seed;
                    continue;
                }

                if (node.IsLeaf || node.IsBoolean || node.Op == Op.StopGradient)
                {
                    continue;
                }

                var terms = new List<Node>();
                for (int i = 0; i < node.Arguments.Length; i++)
                {
                    if (!tangents.TryGetValue(node.Arguments[i], out var argumentTangent))
                    {
                        continue;
                    }

                    var term = ReverseMode.Contribution(graph, node, i, argumentTangent);
                    if (!term.IsConstantValue(0))
                    {
                        terms.Add(term);
                    }
                }

                if (terms.Count == 0)
                {
                    continue;
                }

                graph.BeginSection(graph.LabelOf(node));
                var tangent = ReverseMode.Accumulate(graph, terms);
                tangents[node] = tangent;
                if (name is not null && graph.NameOf(node) is { } nodeName && name(nodeName) is { } tangentName)
                {
                    graph.Name(tangent, tangentName.CSharp, tangentName.Math);
                }
            }

            return tangents;
        }

        /// <summary>The R-operator's names: <c>dW1_0</c> gives <c>rdW1_0</c>, shown as <c>R{dL/dW1[0]}</c>.</summary>
        public static NodeName? RNames(NodeName name) => new NodeName("r" + name.CSharp, "R{" + name.Math + "}");

        /// <summary>Every node the outputs depend on differentiably, each after its arguments (Ids grow with creation, so by Id).</summary>
        private static IEnumerable<Node> DependenciesOf(IReadOnlyList<Node> outputs)
        {
            var seen = new HashSet<Node>();
            var stack = new Stack<Node>(outputs);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!seen.Add(node))
                {
                    continue;
                }

                // As in reverse mode, only the arguments the value varies with: what lies under a stop-gradient (a
                // piecewise-constant call with no rule) or inside a condition has no tangent to compute.
                foreach (var argument in ReverseMode.DifferentiableArguments(node))
                {
                    stack.Push(argument);
                }
            }

            return seen.OrderBy(n => n.Id).ToList();
        }
    }
}
