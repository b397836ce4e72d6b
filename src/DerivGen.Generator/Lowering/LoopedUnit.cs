using System.Collections.Generic;
using System.Threading;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// One unit of a looped layer as a graph: leaves z (Input 0) and dL/da (Input 1), the activation a = f(z) and, once
    /// differentiated, dL/dz = dL/da·f′(z) with f′ from reverse mode, exactly as the unrolled form gets them. For H·v,
    /// forward mode then adds the tangents along v from the leaves ż (Input 2) and R{dL/da} (Input 3): ȧ = f′(z)·ż and
    /// R{dL/dz} = R{dL/da}·f′(z) + dL/da·f″(z)·ż, by the op table's own rules (σ″, tanh″ without cancellation). A Softmax
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

        /// <summary>ȧ = f′(z)·ż, the activation's tangent along v; set by <see cref="Tangent"/>.</summary>
        public Node? ActivationTangent { get; private set; }

        /// <summary>R{dL/dz}, the tangent of <see cref="Adjoint"/> along v; set by <see cref="Tangent"/>.</summary>
        public Node? AdjointTangent { get; private set; }

        /// <summary>The leaf ż of the tangent pass.</summary>
        public Node ZTangent => Graph.Input(2);

        /// <summary>The leaf R{dL/da} of the tangent pass.</summary>
        public Node AdjointOfATangent => Graph.Input(3);

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

        /// <summary>Forward over reverse on the unit, after <see cref="Differentiate"/>: the tangents of a and of dL/dz along v.</summary>
        public void Tangent()
        {
            var seeds = new Dictionary<Node, Node> { [Graph.Input(0)] = ZTangent, [Graph.Input(1)] = AdjointOfATangent };
            var tangents = ForwardMode.Differentiate(Graph, new[] { Activation, Adjoint! }, seeds);
            ActivationTangent = tangents.TryGetValue(Activation, out var a) ? a : Graph.Constant(0);
            AdjointTangent = tangents.TryGetValue(Adjoint!, out var dz) ? dz : Graph.Constant(0);
        }
    }
}
