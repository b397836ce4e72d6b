using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Model;

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

        /// <summary>
        /// The body's parameter, where it computes weights in loops or SIMD kernels, that says whether their entries are added
        /// like the rest (a batch's row) or written (a single sample).
        /// </summary>
        private const string AccumulateWeights = "accumulateWeights";

        public static IEnumerable<ApiMethod> For(DifferentiatedNetwork network, ScalarType s, TargetFacts target)
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
                // third to a half of a generated file) for one store per entry. The weights of the looped layers and of the
                // SIMD layers, most of θ, are computed a layer or a row at a time, so for them the body takes a flag instead:
                // a single sample writes them and clears only the rest, rather than clearing all of θ twice over and adding
                // into it.
                var simd = SimdLayers.Plan(network, target, s, backward: true, accumulate: true, sensitivities.Tangents);
                var writtenGradient = WeightBlocks(network.Spec, simd?.ReplacedGradients);
                var writtenProduct = WeightBlocks(network.Spec, simd?.ReplacedProducts);
                string? accumulateWeights = writtenGradient.Count > 0 ? AccumulateWeights : null;
                var computedIn = (network.LoopedLayerCount > 0, simd is not null) switch
                {
                    (true, true) => "in loops or SIMD kernels",
                    (true, false) => "in loops",
                    _ => "in SIMD kernels",
                };
                var bodyParameters = new List<ApiParameter> { a.Parameters, a.Input, a.Target, a.Direction, a.GradientToAddTo, a.ProductToAddTo };
                if (accumulateWeights is not null)
                {
                    bodyParameters.Add(new ApiParameter(
                        "bool", accumulateWeights,
                        $"Whether the entries of the weights computed {computedIn} are added to the spans like the rest (a batch's row) or written (a single sample, whose spans are cleared only elsewhere)."));
                }

                yield return new ApiMethod(s.Name, "HessianVectorProduct",
                    "Computes the loss L, its gradient dL/dθ and the Hessian-vector product H·v, H = ∂²L/∂θ², exactly: the gradient's "
                    + $"derivative along <paramref name=\"direction\"/> (forward over reverse mode, {Form(network)}), at a small constant times the cost of Backward.",
                    "The loss L.",
                    new[] { a.Parameters, a.Input, a.Target, a.Direction, a.Gradient, a.Product },
                    w =>
                    {
                        UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Target, a.Direction, a.Gradient, a.Product);
                        if (accumulateWeights is null)
                        {
                            w.Line("gradient.Clear();");
                            w.Line("product.Clear();");
                            w.Line($"return {Accumulate}(parameters, input, target, direction, gradient, product);");
                            return;
                        }

                        w.Line($"// The body writes the weights it computes {computedIn} and adds everything else, which has to start at 0.");
                        foreach (var (span, written) in new[] { ("gradient", writtenGradient), ("product", writtenProduct) })
                        {
                            foreach (var (start, length) in Complement(written, network.Spec.ParameterCount))
                            {
                                w.Line($"{span}.Slice({Numbers.Int(start)}, {Numbers.Int(length)}).Clear();");
                            }
                        }

                        w.Line($"return {Accumulate}(parameters, input, target, direction, gradient, product, {accumulateWeights}: false);");
                    });

                yield return new ApiMethod(s.Name, Accumulate,
                    "Computes the loss L and adds its gradient dL/dθ to <paramref name=\"gradient\"/> and H·v to <paramref name=\"product\"/>"
                    + (accumulateWeights is null ? string.Empty : $" (or writes the entries of the weights it computes {computedIn}, as <paramref name=\"{accumulateWeights}\"/> says)")
                    + ": the body of HessianVectorProduct and of each row of HessianVectorProductBatchMean.",
                    "The loss L.",
                    bodyParameters,
                    w =>
                    {
                        UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Target, a.Direction, a.Gradient, a.Product);
                        int first = network.FirstUnrolledParameter;
                        if (network.LoopedLayerCount > 0)
                        {
                            LoopEmitter.DeclareBuffers(w, network.Spec, s, backward: true, tangent: true);
                            LoopEmitter.Forward(w, network, s, tangent: true, target: target);
                        }

                        var kernels = UnrolledMethods.Kernels(w, network, target, s, backward: true, accumulate: true, sensitivities.Tangents, accumulateWeights);
                        var products = product.Select((node, k) => (node, k: first + k))
                            .Where(entry => kernels is null || !kernels.ReplacedProducts.Contains(entry.k))
                            .Select(entry => new Store($"product[{Numbers.Int(entry.k)}]", entry.node, $"(H·v)[{Numbers.Int(entry.k)}]", Accumulate: true));
                        var stores = UnrolledMethods.GradientStores(network, accumulate: true, kernels?.ReplacedGradients).Concat(products);
                        if (network.LoopedLayerCount == 0)
                        {
                            BodyEmitter.Emit(w, network, stores.ToList(), network.Loss, kernels: kernels);
                            return;
                        }

                        stores = stores.Concat(LoopEmitter.BoundaryAdjointStores(network)).Concat(LoopEmitter.BoundaryTangentStores(network, sensitivities.BoundaryTangents!));
                        BodyEmitter.Emit(w, network, stores.ToList(), returned: null, keep: network.Loss, kernels: kernels);
                        LoopEmitter.Backward(w, network, s, accumulate: true, LoopPass.Tangent, target: target, accumulateWeights: accumulateWeights);
                        w.Line();
                        w.Line("return loss;");
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
                            + $"direction, gradient, product{(accumulateWeights is null ? string.Empty : $", {accumulateWeights}: true")});");
                        w.Close();
                        w.Line();
                        w.Line($"{RuntimeClasses.VectorMath}.Divide(gradient, count);");
                        w.Line($"{RuntimeClasses.VectorMath}.Divide(product, count);");
                        w.Line();
                        w.Line("return loss / count;");
                    });
            }

            if (sensitivities.InputGradient is not { } inputGradient)
            {
                yield break;
            }

            yield return new ApiMethod(s.Name, "InputGradient",
                $"Computes the loss L and its exact gradient dL/dx with respect to the input (reverse mode, {Form(network)}).", "The loss L.",
                new[] { a.Parameters, a.Input, a.Target, a.InputGradient },
                w =>
                {
                    UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Target, a.InputGradient);
                    if (network.LoopedLayerCount == 0)
                    {
                        var stores = inputGradient.Select((node, j) => new Store($"inputGradient[{Numbers.Int(j)}]", node, $"dL/dx[{Numbers.Int(j)}]"));
                        BodyEmitter.Emit(w, network, stores.ToList(), network.Loss);
                        return;
                    }

                    LoopEmitter.DeclareBuffers(w, network.Spec, s, backward: true);
                    LoopEmitter.Forward(w, network, s, target: target);
                    BodyEmitter.Emit(w, network, LoopEmitter.BoundaryAdjointStores(network).ToList(), returned: null, keep: network.Loss);
                    w.Line();
                    w.Line("inputGradient.Clear();");
                    LoopEmitter.Backward(w, network, s, accumulate: true, LoopPass.InputGradient, "inputGradient");
                    w.Line();
                    w.Line("return loss;");
                });

            if (sensitivities.InputJacobian is null)
            {
                yield break;
            }

            yield return new ApiMethod("void", "InputJacobian",
                "Computes the network's output and its exact Jacobian ∂a_out/∂x with respect to the input "
                + (network.LoopedLayerCount == 0 ? "(forward mode, one pass per input, unrolled)." : "(the looped layers by reverse mode, one backward pass per output)."), null,
                new[] { a.Parameters, a.Input, a.Output, a.Jacobian },
                w =>
                {
                    UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Output, a.Jacobian);
                    if (network.LoopedLayerCount == 0)
                    {
                        BodyEmitter.Emit(w, network, JacobianStores(network, sensitivities, "jacobian", "x").ToList(), returned: null);
                        return;
                    }

                    LoopedJacobian(w, network, sensitivities, s, target);
                });
        }

        /// <summary>The output and, for each output i and graph input j, ∂a_out[i]/∂(input j) stored at <paramref name="span"/>[i·inputs + j].</summary>
        /// <param name="skipZeros">Whether entries that are 0 are left out (the span is zero already).</param>
        private static IEnumerable<Store> JacobianStores(DifferentiatedNetwork network, NetworkSensitivities sensitivities, string span, string inputMath, bool skipZeros = false)
        {
            int last = network.Spec.Layers.Count - 1;
            var outputs = network.A[last].Select((node, i) => new Store($"output[{Numbers.Int(i)}]", node, null));
            var entries = sensitivities.InputJacobian!.SelectMany((row, i) => row.Select((node, j) => (node, j)).Where(entry => !skipZeros || !entry.node.IsConstantValue(0)).Select(entry =>
                new Store($"{span}[{Numbers.Int((i * row.Length) + entry.j)}]", entry.node,
                    network.Graph.NameOf(entry.node) is null ? $"∂a{Numbers.Int(last + 1)}[{Numbers.Int(i)}]/∂{inputMath}[{Numbers.Int(entry.j)}]" : null)));
            return outputs.Concat(entries);
        }

        /// <summary>
        /// ∂a_out/∂x past looped layers: the unrolled part gives ∂a_out[o]/∂z of the last looped layer for every output o;
        /// then, one output at a time, that row is taken as dL/dz and carried back through the loops to x, as InputGradient
        /// carries dL/dz. A pass per output rather than per input: a network too large to unroll has far more inputs than
        /// outputs (784-128-10: 10 passes, not 784).
        /// </summary>
        private static void LoopedJacobian(SourceWriter w, DifferentiatedNetwork network, NetworkSensitivities sensitivities, ScalarType s, TargetFacts target)
        {
            var spec = network.Spec;
            var n = Numbers.Int(network.LoopedLayerCount);
            var units = Numbers.Int(network.InputAdjoints.Length);
            LoopEmitter.DeclareBuffers(w, spec, s, backward: true);
            w.Line($"// ∂a{Numbers.Int(spec.Layers.Count)}[o]/∂z{n}[j] at o·{units} + j, from the unrolled part: the looped layers carry each row o back to x.");
            w.Line($"{s.Span} dadz{n} = stackalloc {s.Name}[{Numbers.Int(spec.OutputCount * network.InputAdjoints.Length)}];");
            LoopEmitter.Forward(w, network, s, target: target);
            // Only the entries that are not 0 are stored (an elementwise output layer that is looped has a diagonal one).
            var stores = JacobianStores(network, sensitivities, $"dadz{n}", $"z{n}", skipZeros: true).ToList();
            if (stores.Count < spec.OutputCount * (network.InputAdjoints.Length + 1))
            {
                w.Line($"dadz{n}.Clear();");
            }

            BodyEmitter.Emit(w, network, stores, returned: null);
            w.Line();
            w.Line("jacobian.Clear();");
            w.Open($"for (int o = 0; o < {Numbers.Int(spec.OutputCount)}; o++)");
            w.Line($"// Row o: with dL/dz{n} = ∂a{Numbers.Int(spec.Layers.Count)}[o]/∂z{n}, the backward pass below gives dL/dx = ∂a{Numbers.Int(spec.Layers.Count)}[o]/∂x.");
            w.Line($"dadz{n}.Slice(o * {units}, {units}).CopyTo(dz{n});");
            LoopEmitter.Backward(w, network, s, accumulate: true, LoopPass.InputGradient, $"jacobian.Slice(o * {Numbers.Int(spec.Inputs)}, {Numbers.Int(spec.Inputs)})");
            w.Close();
        }

        /// <summary>
        /// The blocks of θ's layout (start and length, in order) that H·v's body computes a layer or a row at a time and so can
        /// write rather than add to: the looped layers' weights and <paramref name="simdEntries"/>, the SIMD layers' (which
        /// come after them).
        /// </summary>
        private static List<(int Start, int Length)> WeightBlocks(NetworkSpec spec, IEnumerable<int>? simdEntries)
        {
            var blocks = Enumerable.Range(0, spec.LoopedLayerCount).Select(l => (Start: spec.ParameterOffsetOf(l), Length: spec.Layers[l].Units * spec.InputsOf(l))).ToList();
            foreach (int k in (simdEntries ?? Enumerable.Empty<int>()).OrderBy(k => k))
            {
                int last = blocks.Count - 1;
                if (last >= 0 && blocks[last].Start + blocks[last].Length == k)
                {
                    blocks[last] = (blocks[last].Start, blocks[last].Length + 1);
                }
                else
                {
                    blocks.Add((k, 1));
                }
            }

            return blocks;
        }

        /// <summary>The ranges of [0, <paramref name="count"/>) outside <paramref name="blocks"/> (disjoint and in increasing order), in order.</summary>
        private static IEnumerable<(int Start, int Length)> Complement(IEnumerable<(int Start, int Length)> blocks, int count)
        {
            int next = 0;
            foreach (var (start, length) in blocks)
            {
                if (start > next)
                {
                    yield return (next, start - next);
                }

                next = start + length;
            }

            if (count > next)
            {
                yield return (next, count - next);
            }
        }

        /// <summary>How the method's body is written, for its summary.</summary>
        private static string Form(DifferentiatedNetwork network) => network.LoopedLayerCount == 0 ? "unrolled" : "the first layers in loops, the rest unrolled";
    }
}
