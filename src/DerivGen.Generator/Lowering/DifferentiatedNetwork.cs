using System.Collections.Generic;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>A lowered network with its backward pass: every adjoint the generated methods store or trace.</summary>
    internal sealed class DifferentiatedNetwork
    {
        public DifferentiatedNetwork(LoweredNetwork lowered, int firstUnrolledParameter, Node[] gradient, Node[] inputAdjoints, Node[][] adjointOfA, Node[][] adjointOfZ, NetworkSensitivities? sensitivities)
        {
            Lowered = lowered;
            FirstUnrolledParameter = firstUnrolledParameter;
            Gradient = gradient;
            InputAdjoints = inputAdjoints;
            AdjointOfA = adjointOfA;
            AdjointOfZ = adjointOfZ;
            Sensitivities = sensitivities;
        }

        public LoweredNetwork Lowered { get; }

        public NetworkSpec Spec => Lowered.Spec;

        public ExpressionGraph Graph => Lowered.Graph;

        /// <inheritdoc cref="LoweredNetwork.Z"/>
        public Node[][] Z => Lowered.Z;

        /// <inheritdoc cref="LoweredNetwork.A"/>
        public Node[][] A => Lowered.A;

        public Node Loss => Lowered.Loss;

        /// <inheritdoc cref="LoweredNetwork.ParameterNames"/>
        public IReadOnlyList<string> ParameterNames => Lowered.ParameterNames;

        /// <inheritdoc cref="LoweredNetwork.LoopedLayerCount"/>
        public int LoopedLayerCount => Lowered.LoopedLayerCount;

        /// <summary>The index of the first parameter of the unrolled layers; the looped layers' parameters come before it.</summary>
        public int FirstUnrolledParameter { get; }

        /// <summary>dL/dθ for every parameter of the unrolled layers, from <see cref="FirstUnrolledParameter"/> on.</summary>
        public Node[] Gradient { get; }

        /// <summary>dL/dz of the last looped layer (the graph's inputs), where the looped backward pass starts; empty when nothing is looped.</summary>
        public Node[] InputAdjoints { get; }

        /// <summary>dL/da by layer and unit.</summary>
        public Node[][] AdjointOfA { get; }

        /// <summary>dL/dz by layer and unit.</summary>
        public Node[][] AdjointOfZ { get; }

        /// <summary>H·v, dL/dx and ∂a_out/∂x (past looped layers, the unrolled part's share).</summary>
        public NetworkSensitivities? Sensitivities { get; }
    }
}
