using System.Collections.Generic;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// An Order = 2 function's graph with its gradient and the upper triangle of its Hessian, over the differentiable
    /// parameters in order ([NoDerivative] ones are constants: no row, no column).
    /// </summary>
    internal sealed class DifferentiatedHessian
    {
        public DifferentiatedHessian(LoweredFunction lowered, IReadOnlyList<int> differentiable, IReadOnlyList<Node> gradient, IReadOnlyList<IReadOnlyList<Node>> upper)
        {
            Lowered = lowered;
            Differentiable = differentiable;
            Gradient = gradient;
            Upper = upper;
        }

        public LoweredFunction Lowered { get; }

        public FunctionModel Function => Lowered.Function;

        public ExpressionGraph Graph => Lowered.Graph;

        public Node Value => Lowered.Value;

        /// <summary>The index among the method's parameters of each row (and column): the differentiable parameters.</summary>
        public IReadOnlyList<int> Differentiable { get; }

        /// <summary>∂value/∂(row i's parameter).</summary>
        public IReadOnlyList<Node> Gradient { get; }

        /// <summary>Row i holds ∂²value/∂pᵢ∂pⱼ for j = i, i + 1, …, n − 1 (the entries left of the diagonal mirror these).</summary>
        public IReadOnlyList<IReadOnlyList<Node>> Upper { get; }
    }
}
