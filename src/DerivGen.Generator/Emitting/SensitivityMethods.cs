using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;

namespace DerivGen.Emitting
{
    /// <summary>The straight-line second-order and input methods: HessianVectorProduct, InputGradient and InputJacobian.</summary>
    internal static class SensitivityMethods
    {
        public static IEnumerable<ApiMethod> For(DifferentiatedNetwork network, ScalarType s)
        {
            if (network.Sensitivities is not { } sensitivities)
            {
                yield break;
            }

            var a = Arguments.Of(s);
            if (sensitivities.HessianVectorProduct is { } product)
            {
                yield return new ApiMethod(s.Name, "HessianVectorProduct",
                    "Computes the loss L, its gradient dL/dθ and the Hessian-vector product H·v, H = ∂²L/∂θ², exactly: the gradient's "
                    + "derivative along <paramref name=\"direction\"/> (forward over reverse mode, unrolled), at a small constant times the cost of Backward.",
                    "The loss L.",
                    new[] { a.Parameters, a.Input, a.Target, a.Direction, a.Gradient, a.Product },
                    w =>
                    {
                        UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Target, a.Direction, a.Gradient, a.Product);
                        var products = product.Select((node, k) => new Store($"product[{Numbers.Int(k)}]", node, $"(H·v)[{Numbers.Int(k)}]"));
                        BodyEmitter.Emit(w, network, UnrolledMethods.GradientStores(network, accumulate: false).Concat(products).ToList(), network.Loss);
                    });
            }

            yield return new ApiMethod(s.Name, "InputGradient",
                "Computes the loss L and its exact gradient dL/dx with respect to the input (reverse mode, unrolled).", "The loss L.",
                new[] { a.Parameters, a.Input, a.Target, a.InputGradient },
                w =>
                {
                    UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Target, a.InputGradient);
                    var stores = sensitivities.InputGradient.Select((node, j) => new Store($"inputGradient[{Numbers.Int(j)}]", node, $"dL/dx[{Numbers.Int(j)}]"));
                    BodyEmitter.Emit(w, network, stores.ToList(), network.Loss);
                });

            yield return new ApiMethod("void", "InputJacobian",
                "Computes the network's output and its exact Jacobian ∂a_out/∂x with respect to the input (forward mode, one pass per input, unrolled).", null,
                new[] { a.Parameters, a.Input, a.Output, a.Jacobian },
                w =>
                {
                    UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Output, a.Jacobian);
                    int last = network.Spec.Layers.Count - 1;
                    int inputs = network.Spec.Inputs;
                    var outputs = network.A[last].Select((node, i) => new Store($"output[{Numbers.Int(i)}]", node, null));
                    var entries = sensitivities.InputJacobian.SelectMany((row, i) => row.Select((node, j) =>
                        new Store($"jacobian[{Numbers.Int((i * inputs) + j)}]", node,
                            network.Graph.NameOf(node) is null ? $"∂a{Numbers.Int(last + 1)}[{Numbers.Int(i)}]/∂x[{Numbers.Int(j)}]" : null)));
                    BodyEmitter.Emit(w, network, outputs.Concat(entries).ToList(), returned: null);
                });
        }
    }
}
