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
            Node[] gradient,
            Node[][] adjointOfA,
            Node[][] adjointOfZ,
            IReadOnlyList<string> parameterNames)
        {
            Spec = spec;
            Graph = graph;
            Z = z;
            A = a;
            Loss = loss;
            Gradient = gradient;
            AdjointOfA = adjointOfA;
            AdjointOfZ = adjointOfZ;
            ParameterNames = parameterNames;
        }

        public NetworkSpec Spec { get; }

        public ExpressionGraph Graph { get; }

        /// <summary>Pre-activations z, by layer and unit.</summary>
        public Node[][] Z { get; }

        /// <summary>Activations a = f(z), by layer and unit; the last layer's are the network's output.</summary>
        public Node[][] A { get; }

        public Node Loss { get; }

        /// <summary>dL/dθ for every parameter, in parameter-vector order.</summary>
        public Node[] Gradient { get; }

        /// <summary>dL/da by layer and unit.</summary>
        public Node[][] AdjointOfA { get; }

        /// <summary>dL/dz by layer and unit.</summary>
        public Node[][] AdjointOfZ { get; }

        /// <summary>The mathematical name of each parameter (<c>W1[0,2]</c>, <c>b1[0]</c>), in parameter-vector order.</summary>
        public IReadOnlyList<string> ParameterNames { get; }
    }
}
