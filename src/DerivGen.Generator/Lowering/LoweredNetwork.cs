using System.Collections.Generic;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>A network as one expression graph: the forward values, the loss, and every adjoint the backward pass needs.</summary>
    internal sealed class LoweredNetwork
    {
        public LoweredNetwork(
            NetworkSpec spec,
            ExpressionGraph graph,
            Node[][] z,
            Node[][] a,
            Node loss,
            int firstUnrolledParameter,
            Node[] gradient,
            Node[] inputAdjoints,
            Node[][] adjointOfA,
            Node[][] adjointOfZ,
            IReadOnlyList<string> parameterNames)
        {
            Spec = spec;
            Graph = graph;
            Z = z;
            A = a;
            Loss = loss;
            FirstUnrolledParameter = firstUnrolledParameter;
            Gradient = gradient;
            InputAdjoints = inputAdjoints;
            AdjointOfA = adjointOfA;
            AdjointOfZ = adjointOfZ;
            ParameterNames = parameterNames;
        }

        public NetworkSpec Spec { get; }

        public ExpressionGraph Graph { get; }

        /// <summary>Pre-activations z, by layer and unit (null for looped layers).</summary>
        public Node[][] Z { get; }

        /// <summary>Activations a = f(z), by layer and unit; the last layer's are the network's output.</summary>
        public Node[][] A { get; }

        public Node Loss { get; }

        /// <summary>The index of the first parameter of the unrolled layers; the looped layers' parameters come before it.</summary>
        public int FirstUnrolledParameter { get; }

        /// <summary>dL/dθ for every parameter of the unrolled layers, from <see cref="FirstUnrolledParameter"/> on.</summary>
        public Node[] Gradient { get; }

        /// <summary>dL/dz of the last looped layer (the graph's inputs), where the looped backward pass starts; empty when nothing is looped.</summary>
        public Node[] InputAdjoints { get; }

        /// <summary>
        /// The number of leading layers whose z is computed with loops; their entries in Z, A and the adjoints are null,
        /// except for the last of them, whose z are the graph's input leaves and whose activation the graph computes.
        /// </summary>
        public int LoopedLayerCount => Spec.LoopedLayerCount;

        /// <summary>dL/da by layer and unit.</summary>
        public Node[][] AdjointOfA { get; }

        /// <summary>dL/dz by layer and unit.</summary>
        public Node[][] AdjointOfZ { get; }

        /// <summary>The mathematical name of each parameter (<c>W1[0,2]</c>, <c>b1[0]</c>), in parameter-vector order.</summary>
        public IReadOnlyList<string> ParameterNames { get; }
    }
}
