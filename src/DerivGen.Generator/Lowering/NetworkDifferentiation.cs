using System.Collections.Generic;
using System.Threading;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// The differentiation step: reverse mode on the lowered loss with respect to every parameter of the unrolled layers
    /// (and, when the first layers are looped, to the last looped layer's z, where the looped backward pass starts), and
    /// f′ of each looped layer's unit graph; then H·v, dL/dx and ∂a_out/∂x (<see cref="NetworkSensitivities"/>).
    /// </summary>
    internal static class NetworkDifferentiation
    {
        public static DifferentiatedNetwork Differentiate(LoweredNetwork lowered, CancellationToken cancellationToken)
        {
            var spec = lowered.Spec;
            var g = lowered.Graph;
            int layerCount = spec.Layers.Count;
            int looped = spec.LoopedLayerCount;
            int boundary = looped - 1;

            foreach (var unit in lowered.LoopedUnits)
            {
                cancellationToken.ThrowIfCancellationRequested();
                unit?.Differentiate();
            }

            cancellationToken.ThrowIfCancellationRequested();
            // With respect to the inputs too: dL/dx for InputGradient, or, past looped layers, dL/dz where the looped pass starts.
            var adjoints = ReverseMode.Differentiate(g, lowered.Loss, "L", withRespectToInputs: true);
            cancellationToken.ThrowIfCancellationRequested();

            int firstParameter = spec.ParameterOffsetOf(looped);
            var gradient = new Node[spec.ParameterCount - firstParameter];
            for (int k = 0; k < gradient.Length; k++)
            {
                gradient[k] = adjoints.TryGetValue(g.Parameter(firstParameter + k), out var adjoint) ? adjoint : g.Constant(0);
            }

            var inputAdjoints = looped == 0 ? System.Array.Empty<Node>() : AdjointsOf(g, adjoints, lowered.Z[boundary]);

            var adjointOfA = new Node[layerCount][];
            var adjointOfZ = new Node[layerCount][];
            for (int l = System.Math.Max(boundary, 0); l < layerCount; l++)
            {
                adjointOfA[l] = AdjointsOf(g, adjoints, lowered.A[l]);
                adjointOfZ[l] = AdjointsOf(g, adjoints, lowered.Z[l]);
            }

            if (spec.Loss == Model.LossKind.CrossEntropy && adjointOfZ[layerCount - 1] is { Length: > 0 } logits && !logits[0].IsLeaf)
            {
                g.Annotate(logits[0], "dL/dz is the chain rule through -log a[i] = (m - z[i]) + log1p(ρ), which leaves the first largest unit r out "
                    + "of ρ and of the gaps. It equals a[i]·Σy - y[i], but a[r]·Σy - y[r] would cancel as the network grows confident "
                    + "(a[r] near 1) and keep few digits; here every term is small where the result is small.");
            }

            g.BeginSection("Trace: dL/da of the output, which the fused loss does not form");
            if (LossLowering.FusedOutputAdjoint(g, spec, lowered.Z[layerCount - 1], lowered.A[layerCount - 1], lowered.Targets) is { } outputAdjoint)
            {
                adjointOfA[layerCount - 1] = outputAdjoint;
            }

            // Second-order and input derivatives, where the network asks for them: of the whole network, or past looped layers
            // of the unrolled part, which the loops then carry on (see LoopEmitter).
            bool wanted = spec.Generates(Model.MethodGroups.SecondOrder) || spec.Generates(Model.MethodGroups.InputSensitivities);
            var sensitivities = wanted ? NetworkSensitivities.Differentiate(lowered, adjoints, gradient, inputAdjoints, cancellationToken) : null;
            return new DifferentiatedNetwork(lowered, firstParameter, gradient, inputAdjoints, adjointOfA, adjointOfZ, sensitivities);
        }

        /// <summary>The adjoints of <paramref name="nodes"/>, or 0 for a node the loss does not depend on.</summary>
        private static Node[] AdjointsOf(ExpressionGraph g, IReadOnlyDictionary<Node, Node> adjoints, Node[] nodes)
        {
            var result = new Node[nodes.Length];
            for (int i = 0; i < nodes.Length; i++)
            {
                result[i] = adjoints.TryGetValue(nodes[i], out var adjoint) ? adjoint : g.Constant(0);
            }

            return result;
        }
    }
}
