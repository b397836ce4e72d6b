using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;

namespace DerivGen.Emitting
{
    /// <summary>
    /// The straight-line second-order and input methods: HessianVectorProduct (and its mini-batch mean), InputGradient and
    /// InputJacobian.
    /// </summary>
    internal static class SensitivityMethods
    {
        /// <summary>The private per-sample body that adds the gradient and H·v into the caller's spans.</summary>
        private const string Accumulate = "HessianVectorProductAccumulate";

        public static IEnumerable<ApiMethod> For(DifferentiatedNetwork network, ScalarType s)
        {
            if (network.Sensitivities is not { } sensitivities)
            {
                yield break;
            }

            var a = Arguments.Of(s);
            if (sensitivities.HessianVectorProduct is { } product)
            {
                // One body serves the single sample and the batch: HessianVectorProduct clears and adds one sample, the batch
                // mean adds every row and divides once. A second, overwriting copy of the body would add its size again (a
                // third to a half of a generated file) for one store per entry.
                yield return new ApiMethod(s.Name, "HessianVectorProduct",
                    "Computes the loss L, its gradient dL/dθ and the Hessian-vector product H·v, H = ∂²L/∂θ², exactly: the gradient's "
                    + "derivative along <paramref name=\"direction\"/> (forward over reverse mode, unrolled), at a small constant times the cost of Backward.",
                    "The loss L.",
                    new[] { a.Parameters, a.Input, a.Target, a.Direction, a.Gradient, a.Product },
                    w =>
                    {
                        UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Target, a.Direction, a.Gradient, a.Product);
                        w.Line("gradient.Clear();");
                        w.Line("product.Clear();");
                        w.Line($"return {Accumulate}(parameters, input, target, direction, gradient, product);");
                    });

                yield return new ApiMethod(s.Name, Accumulate,
                    "Computes the loss L and adds its gradient dL/dθ to <paramref name=\"gradient\"/> and H·v to <paramref name=\"product\"/>: "
                    + "the body of HessianVectorProduct and of each row of HessianVectorProductBatchMean.",
                    "The loss L.",
                    new[] { a.Parameters, a.Input, a.Target, a.Direction, a.GradientToAddTo, a.ProductToAddTo },
                    w =>
                    {
                        UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Target, a.Direction, a.Gradient, a.Product);
                        var products = product.Select((node, k) => new Store($"product[{Numbers.Int(k)}]", node, $"(H·v)[{Numbers.Int(k)}]", Accumulate: true));
                        BodyEmitter.Emit(w, network, UnrolledMethods.GradientStores(network, accumulate: true).Concat(products).ToList(), network.Loss);
                    },
                    isPublic: false);

                yield return new ApiMethod(s.Name, "HessianVectorProductBatchMean",
                    "Computes the mean loss (1/rows) Σ L over the rows of a batch, and overwrites <paramref name=\"gradient\"/> with its gradient "
                    + "and <paramref name=\"product\"/> with its Hessian-vector product along <paramref name=\"direction\"/>: the means of the rows' "
                    + "dL/dθ and H·v, what a Newton–CG step on a mini-batch calls.",
                    "The mean of L over the rows.",
                    new[] { a.Parameters, a.Inputs, a.Targets, a.Rows, a.Direction, a.MeanGradient, a.MeanProduct },
                    w =>
                    {
                        BatchMethods.CheckBatch(w, a.Inputs, a.Targets);
                        UnrolledMethods.CheckLengths(w, a.Direction, a.MeanGradient, a.MeanProduct);
                        w.Line($"{s.Name} count = NonEmpty(rows);");
                        w.Line("gradient.Clear();");
                        w.Line("product.Clear();");
                        w.Line($"{s.Name} loss = {s.Literal(0)};");
                        w.Open("for (int row = 0; row < rows; row++)");
                        w.Line($"loss += {Accumulate}(parameters, inputs.Slice(row * InputCount, InputCount), targets.Slice(row * OutputCount, OutputCount), "
                            + "direction, gradient, product);");
                        w.Close();
                        w.Line();
                        w.Open("for (int k = 0; k < ParameterCount; k++)");
                        w.Line("gradient[k] /= count;");
                        w.Line("product[k] /= count;");
                        w.Close();
                        w.Line();
                        w.Line("return loss / count;");
                    });
            }

            if (sensitivities.InputGradient is not { } inputGradient || sensitivities.InputJacobian is not { } inputJacobian)
            {
                yield break;
            }

            yield return new ApiMethod(s.Name, "InputGradient",
                "Computes the loss L and its exact gradient dL/dx with respect to the input (reverse mode, unrolled).", "The loss L.",
                new[] { a.Parameters, a.Input, a.Target, a.InputGradient },
                w =>
                {
                    UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Target, a.InputGradient);
                    var stores = inputGradient.Select((node, j) => new Store($"inputGradient[{Numbers.Int(j)}]", node, $"dL/dx[{Numbers.Int(j)}]"));
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
                    var entries = inputJacobian.SelectMany((row, i) => row.Select((node, j) =>
                        new Store($"jacobian[{Numbers.Int((i * inputs) + j)}]", node,
                            network.Graph.NameOf(node) is null ? $"∂a{Numbers.Int(last + 1)}[{Numbers.Int(i)}]/∂x[{Numbers.Int(j)}]" : null)));
                    BodyEmitter.Emit(w, network, outputs.Concat(entries).ToList(), returned: null);
                });
        }
    }
}
