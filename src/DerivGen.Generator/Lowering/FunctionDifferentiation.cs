using System.Collections.Generic;
using System.Threading;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// The differentiation step of a [Differentiable] method: reverse mode on its value with respect to every parameter
    /// that is not [NoDerivative]. The adjoints are named after the user's locals (<c>t</c> gives <c>dt</c>, shown as
    /// <c>dF/dt</c> for a method F).
    /// </summary>
    internal static class FunctionDifferentiation
    {
        public static DifferentiatedFunction Differentiate(LoweredFunction lowered, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var g = lowered.Graph;
            var adjoints = ReverseMode.Differentiate(g, lowered.Value, lowered.Function.Name.TrimStart('@'));
            cancellationToken.ThrowIfCancellationRequested();

            var gradient = new List<Node?>(lowered.Parameters.Count);
            foreach (var parameter in lowered.Parameters)
            {
                gradient.Add(parameter.Op != Op.Parameter ? null : adjoints.TryGetValue(parameter, out var adjoint) ? adjoint : g.Constant(0));
            }

            return new DifferentiatedFunction(lowered, gradient);
        }
    }
}
