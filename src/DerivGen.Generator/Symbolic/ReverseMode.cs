using System.Collections.Generic;
using System.Linq;

namespace DerivGen.Symbolic
{
    /// <summary>
    /// Symbolic reverse-mode differentiation: walks the graph from the output back to the parameters and builds, as new
    /// graph nodes, the adjoint dOutput/dNode of every node on the way (the chain rule, one node at a time).
    /// </summary>
    internal static class ReverseMode
    {
        /// <summary>
        /// Returns the adjoint of every node that lies between a parameter and <paramref name="output"/>. Adjoints of named
        /// nodes are named after them (<c>z2_0</c> gives <c>dz2_0</c>, shown as <c>dL/dz2[0]</c>).
        /// </summary>
        /// <param name="withRespectToInputs">Also differentiate with respect to the input leaves (the boundary with looped layers).</param>
        /// <param name="adjointPrefix">Prefix of the adjoints' C# names (<c>d</c> gives <c>dz2_0</c>).</param>
        public static IReadOnlyDictionary<Node, Node> Differentiate(
            ExpressionGraph graph, Node output, string outputMathName, bool withRespectToInputs = false, string adjointPrefix = "d")
        {
            var relevant = NodesBetweenSourcesAnd(output, withRespectToInputs);
            var contributions = new Dictionary<Node, List<(int ConsumerId, Node Term)>>();
            var adjoints = new Dictionary<Node, Node>();
            var namedAsAdjoint = new HashSet<Node>();
            contributions[output] = new List<(int, Node)> { (int.MaxValue, graph.Constant(1)) };
            graph.BeginBackwardPass();

            foreach (var node in BackwardOrder(graph, relevant, output))
            {
                if (!contributions.TryGetValue(node, out var terms))
                {
                    continue;
                }

                graph.BeginSection(graph.LabelOf(node));
                var adjoint = Accumulate(graph, terms.OrderBy(t => t.ConsumerId).Select(t => t.Term).ToList());
                adjoints[node] = adjoint;
                // When one adjoint node serves several forward nodes (dL/dr = dL/da for r = a − y), the name of the node
                // nearest the parameters wins: it is the one a reader looks for.
                if (graph.NameOf(node) is { } name && (graph.NameOf(adjoint) is null || namedAsAdjoint.Contains(adjoint)))
                {
                    graph.Rename(adjoint, adjointPrefix + name.CSharp, $"d{outputMathName}/d{name.Math}");
                    namedAsAdjoint.Add(adjoint);
                }

                for (int i = 0; i < node.Arguments.Length; i++)
                {
                    var argument = node.Arguments[i];
                    if (!relevant.Contains(argument))
                    {
                        continue;
                    }

                    var term = Contribution(graph, node, i, adjoint);
                    if (term.IsConstantValue(0))
                    {
                        continue;
                    }

                    if (!contributions.TryGetValue(argument, out var list))
                    {
                        list = new List<(int, Node)>();
                        contributions.Add(argument, list);
                    }

                    list.Add((node.Id, term));
                }
            }

            return adjoints;
        }

        /// <summary>
        /// ā·∂node/∂argument by the op's rule (<see cref="OpTable"/>). An adjoint that is a branch, c ? T : F, is passed on
        /// as c ? rule(T) : rule(F): the same value (every rule is linear in ā), but the factor of the branch not taken is
        /// never multiplied in, so log or √ of a value outside its domain there (0·NaN, 0·∞) cannot leak into the result.
        /// </summary>
        public static Node Contribution(ExpressionGraph graph, Node node, int argument, Node adjoint)
        {
            var descriptor = node.Descriptor;
            if (IsUserBranch(adjoint) && !descriptor.PassesAdjointOn)
            {
                var branches = adjoint.Arguments;
                return graph.Select(
                    branches[0],
                    Contribution(graph, node, argument, branches[1]),
                    Contribution(graph, node, argument, branches[2]));
            }

            return adjoint.IsConstantValue(0) ? adjoint : descriptor.Derivative(graph, node, argument, adjoint);
        }

        /// <summary>
        /// The sum of a node's adjoint terms, with the branches of one condition gathered into one branch:
        /// (c ? a₁ : b₁) + (c ? a₂ : b₂) = c ? a₁ + a₂ : b₁ + b₂ exactly, so a node used only under c keeps an adjoint of
        /// the form c ? … : 0, which <see cref="Contribution"/> then keeps guarded.
        /// </summary>
        internal static Node Accumulate(ExpressionGraph graph, List<Node> terms)
        {
            var gathered = new List<Node>(terms.Count);
            var byCondition = new Dictionary<Node, (int Position, List<Node> WhenTrue, List<Node> WhenFalse)>();
            foreach (var term in terms)
            {
                if (!IsUserBranch(term))
                {
                    gathered.Add(term);
                    continue;
                }

                var condition = term.Arguments[0];
                if (!byCondition.TryGetValue(condition, out var group))
                {
                    group = (gathered.Count, new List<Node>(), new List<Node>());
                    byCondition.Add(condition, group);
                    gathered.Add(term);
                }

                group.WhenTrue.Add(term.Arguments[1]);
                group.WhenFalse.Add(term.Arguments[2]);
            }

            foreach (var entry in byCondition)
            {
                var (position, whenTrue, whenFalse) = entry.Value;
                if (whenTrue.Count > 1)
                {
                    gathered[position] = graph.Select(entry.Key, Accumulate(graph, whenTrue), Accumulate(graph, whenFalse));
                }
            }

            return graph.Sum(gathered);
        }

        private static bool IsUserBranch(Node node) => node.Op == Op.Select && node.Constant == ExpressionGraph.UserBranch;

        /// <summary>
        /// Orders the nodes so that every consumer of a node comes before it, as reverse mode needs: by distance from the
        /// output (the longest path), and by creation within one distance. Nodes at one distance never consume each other,
        /// so a layer's units come out in their natural order (dz2[0], dz2[1], …) and the code reads top to bottom.
        /// </summary>
        private static IEnumerable<Node> BackwardOrder(ExpressionGraph graph, HashSet<Node> relevant, Node output)
        {
            var distance = new Dictionary<Node, int> { [output] = 0 };
            foreach (var node in relevant.OrderByDescending(n => n.Id))
            {
                if (!distance.TryGetValue(node, out var d))
                {
                    continue;
                }

                foreach (var argument in node.Arguments)
                {
                    if (relevant.Contains(argument) && (!distance.TryGetValue(argument, out var current) || current < d + 1))
                    {
                        distance[argument] = d + 1;
                    }
                }
            }

            // Sections (the loss, then the layers from the last to the first) are taken whole, latest first, so the backward
            // code reads Loss, Layer 3, Layer 2, … with each heading once. This stays a valid order: a node's consumers were
            // created in its own section or a later one, and within a section the distance orders them.
            var sectionStart = new Dictionary<string, int>();
            foreach (var node in distance.Keys)
            {
                var label = graph.LabelOf(node);
                sectionStart[label] = sectionStart.TryGetValue(label, out var start) ? System.Math.Min(start, node.Id) : node.Id;
            }

            return distance.Keys.OrderByDescending(n => sectionStart[graph.LabelOf(n)]).ThenBy(n => distance[n]).ThenBy(n => n.Id);
        }

        /// <summary>The nodes that <paramref name="output"/> depends on and that themselves depend on a parameter (or an input).</summary>
        private static HashSet<Node> NodesBetweenSourcesAnd(Node output, bool inputsAreSources)
        {
            var reachable = new HashSet<Node>();
            var stack = new Stack<Node>();
            stack.Push(output);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!reachable.Add(node))
                {
                    continue;
                }

                foreach (var argument in DifferentiableArguments(node))
                {
                    stack.Push(argument);
                }
            }

            var dependsOnParameter = new HashSet<Node>();
            foreach (var node in reachable.OrderBy(n => n.Id))
            {
                if (node.Op == Op.Parameter || (inputsAreSources && node.Op == Op.Input) || DifferentiableArguments(node).Any(dependsOnParameter.Contains))
                {
                    dependsOnParameter.Add(node);
                }
            }

            return dependsOnParameter;
        }

        /// <summary>The arguments a node's value varies with, as far as differentiation is concerned.</summary>
        internal static IEnumerable<Node> DifferentiableArguments(Node node) => node.Op switch
        {
            Op.StopGradient => Enumerable.Empty<Node>(),
            Op.KnownDerivative => new[] { node.Arguments[0] },
            _ when node.IsBoolean => Enumerable.Empty<Node>(),
            _ => node.Arguments,
        };
    }
}
