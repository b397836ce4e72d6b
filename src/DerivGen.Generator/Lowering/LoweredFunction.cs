using System.Collections.Generic;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// A [Differentiable] method as an expression graph, before differentiation: its parameter leaves and its value.
    /// <see cref="FunctionDifferentiation"/> adds the backward pass to the graph in place; this object is consumed by that
    /// step alone.
    /// </summary>
    internal sealed class LoweredFunction
    {
        public LoweredFunction(ResolvedFunction resolved, ExpressionGraph graph, IReadOnlyList<Node> parameters, Node value)
        {
            Resolved = resolved;
            Graph = graph;
            Parameters = parameters;
            Value = value;
        }

        public ResolvedFunction Resolved { get; }

        public FunctionModel Function => Resolved.Function;

        public ExpressionGraph Graph { get; }

        /// <summary>One leaf per parameter: <see cref="Op.Parameter"/>, or <see cref="Op.Input"/> for a [NoDerivative] one.</summary>
        public IReadOnlyList<Node> Parameters { get; }

        /// <summary>The method's return value.</summary>
        public Node Value { get; }
    }
}
