using System.Collections.Generic;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>A [Differentiable] method's graph with its backward pass: the value and one partial per differentiable parameter.</summary>
    internal sealed class DifferentiatedFunction
    {
        public DifferentiatedFunction(LoweredFunction lowered, IReadOnlyList<Node?> gradient)
        {
            Lowered = lowered;
            Gradient = gradient;
        }

        public LoweredFunction Lowered { get; }

        public FunctionModel Function => Lowered.Function;

        public ExpressionGraph Graph => Lowered.Graph;

        public Node Value => Lowered.Value;

        /// <summary>∂value/∂parameter for each parameter, in order; null for a [NoDerivative] one.</summary>
        public IReadOnlyList<Node?> Gradient { get; }
    }
}
