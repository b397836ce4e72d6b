using System.Collections.Generic;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// A network as one expression graph, before differentiation: the forward values and the loss of the unrolled layers,
    /// and for each looped layer the graph of one unit. <see cref="NetworkDifferentiation"/> adds the backward pass to
    /// these graphs in place; this object is consumed by that step alone.
    /// </summary>
    internal sealed class LoweredNetwork
    {
        public LoweredNetwork(NetworkSpec spec, ExpressionGraph graph, Node[][] z, Node[][] a, Node[] targets, Node loss, IReadOnlyList<string> parameterNames, LoopedUnit?[] loopedUnits)
        {
            Spec = spec;
            Graph = graph;
            Z = z;
            A = a;
            Targets = targets;
            Loss = loss;
            ParameterNames = parameterNames;
            LoopedUnits = loopedUnits;
        }

        public NetworkSpec Spec { get; }

        public ExpressionGraph Graph { get; }

        /// <summary>Pre-activations z, by layer and unit (null for looped layers but the last, whose z are the graph's inputs).</summary>
        public Node[][] Z { get; }

        /// <summary>Activations a = f(z), by layer and unit; the last layer's are the network's output.</summary>
        public Node[][] A { get; }

        /// <summary>The target leaves y.</summary>
        public Node[] Targets { get; }

        public Node Loss { get; }

        /// <summary>The mathematical name of each parameter (<c>W1[0,2]</c>, <c>b1[0]</c>), in parameter-vector order.</summary>
        public IReadOnlyList<string> ParameterNames { get; }

        /// <summary>For each looped layer whose activation the loops compute (all but the last looped one), one unit's graph.</summary>
        public LoopedUnit?[] LoopedUnits { get; }

        /// <summary>The number of leading layers whose z is computed with loops (<see cref="NetworkSpec.LoopedLayerCount"/>).</summary>
        public int LoopedLayerCount => Spec.LoopedLayerCount;
    }
}
