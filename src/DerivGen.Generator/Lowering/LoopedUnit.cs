using System.Collections.Generic;
using System.Threading;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// One unit of a looped layer as a graph: leaves z (Input 0) and dL/da (Input 1), the activation a = f(z) and, once
    /// differentiated, dL/dz = dL/da·f′(z) with f′ from reverse mode, exactly as the unrolled form gets them. A Softmax
    /// layer is not elementwise and has no unit graph: the loops compute it whole.
    /// </summary>
    internal sealed class LoopedUnit
    {
        private LoopedUnit(ExpressionGraph graph, Node activation)
        {
            Graph = graph;
            Activation = activation;
        }

        public ExpressionGraph Graph { get; }

        public Node Activation { get; }

        /// <summary>dL/dz of the unit; set by <see cref="NetworkDifferentiation"/>.</summary>
        public Node? Adjoint { get; private set; }

        public static LoopedUnit Lower(LayerSpec layer, int layerNumber, IReadOnlyDictionary<string, ResolvedFunction> functions, CancellationToken cancellationToken)
        {
            var g = new ExpressionGraph();
            g.BeginSection(string.Empty);
            var a = ActivationLowering.Apply(g, layer, new[] { g.Input(0) }, layerNumber, functions, cancellationToken)[0];
            return new LoopedUnit(g, a);
        }

        /// <summary>
        /// Differentiates a·dL/da with respect to z, so that dL/da enters as the adjoint of a: a rule that selects a branch
        /// (ReLU′) then selects dL/da itself, as in the unrolled form, instead of multiplying it by a 0/1 indicator.
        /// </summary>
        public void Differentiate()
        {
            var z = Graph.Input(0);
            var seeded = Graph.Multiply(Activation, Graph.Input(1));
            Adjoint = ReverseMode.Differentiate(Graph, seeded, "a", withRespectToInputs: true).TryGetValue(z, out var d) ? d : Graph.Constant(0);
        }
    }
}
