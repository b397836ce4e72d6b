using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// The loop form of the leading layers that are too large to unroll (<see cref="NetworkSpec.LoopedLayerCount"/>):
    /// z = W·a_prev + b row by row through SIMD dot products, the activation and its derivative from the same expression
    /// graph as the unrolled form (built for one unit z, printed with z = z1[i]), and the backward pass
    /// dL/dz = dL/da ⊙ f′(z) (a Softmax layer: <see cref="LoopedSoftmax"/>), dL/dW = dL/dz·a_prevᵀ, dL/db = dL/dz,
    /// dL/da_prev = Wᵀ·dL/dz. Where the runtime has <c>DenseKernels</c> (net8.0), the first-order passes make each of the
    /// three products one kernel call per layer instead of one call per row. The last looped layer stops at
    /// z: the unrolled graph takes it from there and hands back dL/dz. Buffers are stackalloc'ed.
    /// For H·v the same loops carry the tangents along v, forward over reverse as in the unrolled form: ż = Ẇ·a_prev +
    /// W·ȧ_prev + ḃ and ȧ = f′(z)·ż forward; the unrolled graph takes ż as well and hands back R{dL/dz}; then
    /// R{dL/dz} = R{dL/da}·f′(z) + dL/da·f″(z)·ż (from the unit graph's tangents), R{dL/dW} = R{dL/dz}·a_prevᵀ +
    /// dL/dz·ȧ_prevᵀ, R{dL/db} = R{dL/dz}, R{dL/da_prev} = Ẇᵀ·dL/dz + Wᵀ·R{dL/dz}. dL/dx is the same backward pass
    /// without the parameters, ending in Wᵀ·dL/dz of layer 1.
    /// </summary>
    internal static class LoopEmitter
    {
        private const string VectorMathClass = RuntimeClasses.VectorMath;
        private const string DenseKernelsClass = RuntimeClasses.DenseKernels;

        /// <param name="tangent">Whether the tangents along v get buffers too (H·v): ż, ȧ, R{dL/da}, R{dL/dz}.</param>
        /// <param name="provided">Buffers the method takes as arguments instead (<see cref="BlockedWeightGradients"/>); null for none.</param>
        public static void DeclareBuffers(SourceWriter w, NetworkSpec spec, ScalarType s, bool backward, bool tangent = false, ICollection<string>? provided = null)
        {
            int looped = spec.LoopedLayerCount;
            var declared = new List<(string Name, int Length)>();
            for (int l = 0; l < looped; l++)
            {
                bool boundary = l == looped - 1;
                var names = (backward, boundary) switch
                {
                    (false, false) => new[] { "z", "a" },
                    (false, true) => new[] { "z" },
                    (true, false) => new[] { "z", "a", "da", "dz" },
                    (true, true) => new[] { "z", "dz" },
                };
                if (tangent)
                {
                    names = names.Concat(names.Select(name => "r" + name)).ToArray();
                }

                declared.AddRange(names.Select(name => name + Numbers.Int(l + 1))
                    .Where(name => provided?.Contains(name) != true)
                    .Select(name => (name, spec.Layers[l].Units)));
            }

            w.Line();
            var into = declared.Count > 0 ? ", into these buffers" : ", into the buffers the caller provides";
            w.Line($"// The unrolled part would exceed UnrollLimit = {Numbers.Int(spec.UnrollLimit)} weights with layer {Numbers.Int(looped)}: layers 1 to {Numbers.Int(looped)} compute z with loops{into}.");
            foreach (var (name, length) in declared)
            {
                w.Line($"{s.Span} {name} = stackalloc {s.Name}[{Numbers.Int(length)}];");
            }
        }

        /// <param name="tangent">Whether to compute the tangents along v beside the values (H·v): ż = Ẇ·a_prev + W·ȧ_prev + ḃ, ȧ = f′(z)·ż.</param>
        /// <param name="target">What the consumer's runtime offers: with <c>DenseKernels</c> (net8.0), z = W·a_prev + b is one kernel call per layer.</param>
        /// <param name="firstLayerGiven">Whether the caller has computed z1 = W1·x + b1 into the buffer it provides (<see cref="BlockedWeightGradients"/>).</param>
        public static void Forward(SourceWriter w, DifferentiatedNetwork network, ScalarType s, bool tangent = false, TargetFacts? target = null, bool firstLayerGiven = false)
        {
            var spec = network.Spec;
            bool wholeLayer = HasDenseKernels(target);
            for (int l = 0; l < spec.LoopedLayerCount; l++)
            {
                int n = l + 1;
                var layer = spec.Layers[l];
                int inputs = spec.InputsOf(l);
                int offset = spec.ParameterOffsetOf(l);
                bool boundary = l == spec.LoopedLayerCount - 1;
                bool unitLoop = (tangent && !wholeLayer) || (!boundary && network.Lowered.LoopedUnits[l] is not null);

                w.Line();
                w.Line($"// Forward · {Describe.Layer(spec, l)} (looped: {Numbers.Int((int)spec.WeightsOf(l))} weights{(boundary ? "; its activation is unrolled below" : string.Empty)})");
                if (wholeLayer && firstLayerGiven && l == 0)
                {
                    w.Line($"// z{n} = W{n}·x + b{n} is given");
                }
                else if (wholeLayer)
                {
                    WriteAffine(w, spec, l);
                    if (tangent)
                    {
                        var biasTangents = $"direction.Slice({Numbers.Int(offset + (layer.Units * inputs))}, {Numbers.Int(layer.Units)})";
                        if (n == 1)
                        {
                            // The input x does not vary along v: ż1 = Ẇ1·x + ḃ1 is the same kernel over the direction.
                            w.Line($"// ż{n} = Ẇ{n}·x + ḃ{n} in SIMD vectors");
                            w.Line($"{DenseKernelsClass}.Affine({WeightBlock(spec, l, "direction")}, {biasTangents}, input, rz{n});");
                        }
                        else
                        {
                            w.Line($"// ż{n} = W{n}·ȧ{n - 1} + Ẇ{n}·{PreviousMath(n)} + ḃ{n} in SIMD vectors");
                            w.Line($"{DenseKernelsClass}.AffineTangent({WeightBlock(spec, l)}, {WeightBlock(spec, l, "direction")}, {biasTangents}, {PreviousValues(n)}, ra{n - 1}, rz{n});");
                        }
                    }
                }

                if (wholeLayer && !unitLoop)
                {
                    EndLayer(w, network, l, s, tangent);
                    continue;
                }

                w.Open($"for (int i = 0; i < {Numbers.Int(layer.Units)}; i++)");
                if (!wholeLayer)
                {
                    w.Line($"// z{n}[i] = Σ_j W{n}[i,j]·{PreviousMath(n)}[j] + b{n}[i]");
                    w.Line($"z{n}[i] = {VectorMathClass}.Dot({Row("parameters", offset, inputs)}, {PreviousValues(n)}) + parameters[{Numbers.Int(offset + (layer.Units * inputs))} + i];");
                }

                if (tangent && !wholeLayer)
                {
                    // The input x does not vary along v: layer 1 has no W·ȧ_prev term.
                    var bias = $"direction[{Numbers.Int(offset + (layer.Units * inputs))} + i]";
                    if (n == 1)
                    {
                        w.Line($"// ż{n}[i] = Σ_j Ẇ{n}[i,j]·x[j] + ḃ{n}[i]");
                        w.Line($"rz{n}[i] = {VectorMathClass}.Dot({Row("direction", offset, inputs)}, input) + {bias};");
                    }
                    else
                    {
                        w.Line($"// ż{n}[i] = Σ_j (Ẇ{n}[i,j]·{PreviousMath(n)}[j] + W{n}[i,j]·ȧ{n - 1}[j]) + ḃ{n}[i]");
                        w.Line($"rz{n}[i] = {VectorMathClass}.Dot({Row("direction", offset, inputs)}, {PreviousValues(n)}) + {VectorMathClass}.Dot({Row("parameters", offset, inputs)}, ra{n - 1}) + {bias};");
                    }
                }

                if (!boundary && network.Lowered.LoopedUnits[l] is { } unit)
                {
                    var stores = new List<Store> { new($"a{n}[i]", unit.Activation, $"a{n}[i]") };
                    if (tangent)
                    {
                        stores.Add(new Store($"ra{n}[i]", unit.ActivationTangent!, $"ȧ{n}[i]"));
                    }

                    EmitUnit(w, unit, n, s, stores, $"u{n}_");
                }

                w.Close();
                EndLayer(w, network, l, s, tangent);
            }
        }

        /// <summary>What follows the loop over a layer's units: a hidden Softmax's normalisation (and its tangent).</summary>
        private static void EndLayer(SourceWriter w, DifferentiatedNetwork network, int l, ScalarType s, bool tangent)
        {
            var layer = network.Spec.Layers[l];
            if (l != network.Spec.LoopedLayerCount - 1 && layer.Activation == ActivationKind.Softmax)
            {
                LoopedSoftmax.Forward(w, l + 1, layer.Units, s);
                if (tangent)
                {
                    LoopedSoftmax.ForwardTangent(w, l + 1, layer.Units, s);
                }
            }
        }

        /// <param name="accumulate">Whether the gradient (and H·v) is added to the caller's span rather than assigned.</param>
        /// <param name="pass">What the pass carries back: the gradient, the gradient and its tangent along v (H·v), or dL/dx alone.</param>
        /// <param name="inputGradient">The span dL/dx is added to, for <see cref="LoopPass.InputGradient"/> (cleared by the caller).</param>
        /// <param name="target">What the consumer's runtime offers: with <c>DenseKernels</c> (net8.0), the gradient pass computes dL/dW and
        /// dL/da_prev with one kernel call each per layer, after the loop over the units.</param>
        /// <param name="deferWeightGradients">Whether to leave dL/dW = dL/dz·a_prevᵀ to the caller (<see cref="BlockedWeightGradients"/>), which
        /// reads dL/dz and a_prev from the buffers it provided.</param>
        /// <param name="accumulateWeights">The accumulate argument of the calls that compute dL/dW (and R{dL/dW}), a layer or a row
        /// at a time, when it is not the constant <paramref name="accumulate"/>: the name of a bool parameter of the method, so
        /// that one body can add the weights' entries (a batch's row) or write them (a single sample, whose caller then clears
        /// only the rest).</param>
        public static void Backward(
            SourceWriter w, DifferentiatedNetwork network, ScalarType s, bool accumulate, LoopPass pass = LoopPass.Gradient, string? inputGradient = null, TargetFacts? target = null,
            bool deferWeightGradients = false, string? accumulateWeights = null)
        {
            var spec = network.Spec;
            bool wholeLayer = HasDenseKernels(target) && pass != LoopPass.InputGradient;
            var assign = accumulate ? "+=" : "=";
            var accumulateLiteral = accumulateWeights ?? (accumulate ? "true" : "false");
            bool tangent = pass == LoopPass.Tangent;
            for (int l = spec.LoopedLayerCount - 1; l >= 0; l--)
            {
                int n = l + 1;
                var layer = spec.Layers[l];
                int inputs = spec.InputsOf(l);
                int offset = spec.ParameterOffsetOf(l);
                int biases = offset + (layer.Units * inputs);
                bool boundary = l == spec.LoopedLayerCount - 1;
                var weights = Row("parameters", offset, inputs);

                w.Line();
                var handedBack = tangent ? "dL/dz and R{dL/dz}" : "dL/dz";
                w.Line($"// Backward · {Describe.Layer(spec, l)} (looped{(boundary ? $"; {handedBack} from the unrolled part above" : string.Empty)})");
                if (n > 1 && !wholeLayer)
                {
                    w.Line($"da{n - 1}.Clear();");
                    if (tangent)
                    {
                        w.Line($"rda{n - 1}.Clear();");
                    }
                }

                if (!boundary && layer.Activation == ActivationKind.Softmax)
                {
                    LoopedSoftmax.Backward(w, n, layer.Units, s);
                    if (tangent)
                    {
                        LoopedSoftmax.BackwardTangent(w, n, layer.Units, s);
                    }
                }

                w.Open($"for (int i = 0; i < {Numbers.Int(layer.Units)}; i++)");
                if (!boundary && network.Lowered.LoopedUnits[l] is { } unit)
                {
                    var stores = new List<Store> { new($"dz{n}[i]", unit.Adjoint!, $"dL/dz{n}[i]") };
                    if (tangent)
                    {
                        stores.Add(new Store($"rdz{n}[i]", unit.AdjointTangent!, $"R{{dL/dz{n}[i]}}"));
                    }

                    EmitUnit(w, unit, n, s, stores, $"v{n}_");
                }

                if (pass != LoopPass.InputGradient)
                {
                    w.Line($"// dL/db{n}[i] = dL/dz{n}[i]");
                    w.Line($"gradient[{Numbers.Int(biases)} + i] {assign} dz{n}[i];");
                    if (!wholeLayer)
                    {
                        w.Line($"// dL/dW{n}[i,j] = dL/dz{n}[i]·{PreviousMath(n)}[j], for every j");
                        w.Line($"{VectorMathClass}.Scale({PreviousValues(n)}, dz{n}[i], {Row("gradient", offset, inputs)}, accumulate: {accumulateLiteral});");
                    }
                }

                if (tangent)
                {
                    w.Line($"// R{{dL/db{n}[i]}} = R{{dL/dz{n}[i]}}");
                    w.Line($"product[{Numbers.Int(biases)} + i] {assign} rdz{n}[i];");
                    // With the whole-layer kernels, R{dL/dW} and R{dL/da_prev} are one call each after the loop.
                    var products = Row("product", offset, inputs);
                    if (!wholeLayer && n == 1)
                    {
                        w.Line($"// R{{dL/dW{n}[i,j]}} = R{{dL/dz{n}[i]}}·x[j], for every j");
                        w.Line($"{VectorMathClass}.Scale(input, rdz{n}[i], {products}, accumulate: {accumulateLiteral});");
                    }
                    else if (!wholeLayer)
                    {
                        w.Line($"// R{{dL/dW{n}[i,j]}} = R{{dL/dz{n}[i]}}·{PreviousMath(n)}[j] + dL/dz{n}[i]·ȧ{n - 1}[j], for every j");
                        w.Line($"{VectorMathClass}.Scale({PreviousValues(n)}, rdz{n}[i], {products}, accumulate: {accumulateLiteral});");
                        w.Line($"{VectorMathClass}.Scale(ra{n - 1}, dz{n}[i], {products}, accumulate: true);");
                    }
                }

                if (n > 1 && !wholeLayer)
                {
                    w.Line($"// dL/da{n - 1}[j] += W{n}[i,j]·dL/dz{n}[i], for every j");
                    w.Line($"{VectorMathClass}.Scale({weights}, dz{n}[i], da{n - 1}, accumulate: true);");
                    if (tangent)
                    {
                        w.Line($"// R{{dL/da{n - 1}[j]}} += Ẇ{n}[i,j]·dL/dz{n}[i] + W{n}[i,j]·R{{dL/dz{n}[i]}}, for every j");
                        w.Line($"{VectorMathClass}.Scale({Row("direction", offset, inputs)}, dz{n}[i], rda{n - 1}, accumulate: true);");
                        w.Line($"{VectorMathClass}.Scale({weights}, rdz{n}[i], rda{n - 1}, accumulate: true);");
                    }
                }
                else if (pass == LoopPass.InputGradient)
                {
                    w.Line($"// dL/dx[j] += W{n}[i,j]·dL/dz{n}[i], for every j");
                    w.Line($"{VectorMathClass}.Scale({weights}, dz{n}[i], {inputGradient}, accumulate: true);");
                }

                w.Close();
                if (wholeLayer && !deferWeightGradients)
                {
                    w.Line($"// dL/dW{n} = dL/dz{n}·{PreviousMath(n)}ᵀ, row by row in SIMD vectors");
                    w.Line(WeightGradient(spec, l, accumulateLiteral));
                }

                if (wholeLayer)
                {
                    if (tangent)
                    {
                        var products = WeightBlock(spec, l, "product");
                        if (n == 1)
                        {
                            w.Line($"// R{{dL/dW{n}}} = R{{dL/dz{n}}}·xᵀ, row by row in SIMD vectors");
                            w.Line($"{DenseKernelsClass}.Outer(rdz{n}, input, {products}, accumulate: {accumulateLiteral});");
                        }
                        else
                        {
                            w.Line($"// R{{dL/dW{n}}} = R{{dL/dz{n}}}·{PreviousMath(n)}ᵀ + dL/dz{n}·ȧ{n - 1}ᵀ, row by row in SIMD vectors");
                            w.Line($"{DenseKernelsClass}.OuterTangent(dz{n}, rdz{n}, {PreviousValues(n)}, ra{n - 1}, {products}, accumulate: {accumulateLiteral});");
                        }
                    }

                    if (n > 1)
                    {
                        w.Line($"// dL/d{PreviousMath(n)} = W{n}ᵀ·dL/dz{n} in SIMD vectors");
                        w.Line($"{DenseKernelsClass}.TransposedProduct({WeightBlock(spec, l)}, dz{n}, da{n - 1});");
                        if (tangent)
                        {
                            w.Line($"// R{{dL/d{PreviousMath(n)}}} = W{n}ᵀ·R{{dL/dz{n}}} + Ẇ{n}ᵀ·dL/dz{n} in SIMD vectors");
                            w.Line($"{DenseKernelsClass}.TransposedProductTangent({WeightBlock(spec, l)}, {WeightBlock(spec, l, "direction")}, dz{n}, rdz{n}, rda{n - 1});");
                        }
                    }
                }
            }
        }

        /// <summary>z = W·a_prev + b of looped layer <paramref name="l"/>, one kernel call into the buffer z, with its comment.</summary>
        public static void WriteAffine(SourceWriter w, NetworkSpec spec, int l)
        {
            int n = l + 1;
            int units = spec.Layers[l].Units;
            w.Line($"// z{n} = W{n}·{PreviousMath(n)} + b{n}: {Numbers.Int(units)} {(units == 1 ? "dot product" : "dot products")} of length {Numbers.Int(spec.InputsOf(l))} in SIMD vectors");
            w.Line($"{DenseKernelsClass}.Affine({WeightBlock(spec, l)}, {BiasBlock(spec, l)}, {PreviousValues(n)}, z{Numbers.Int(n)});");
        }

        /// <summary>Looped layer <paramref name="l"/>'s W block of <paramref name="span"/> (θ, v, the gradient or H·v), as a slice.</summary>
        public static string WeightBlock(NetworkSpec spec, int l, string span = "parameters") =>
            Matrix(span, spec.ParameterOffsetOf(l), spec.Layers[l].Units, spec.InputsOf(l));

        /// <summary>Looped layer <paramref name="l"/>'s b, as a slice of <c>parameters</c>.</summary>
        public static string BiasBlock(NetworkSpec spec, int l) =>
            $"parameters.Slice({Numbers.Int(spec.ParameterOffsetOf(l) + (spec.Layers[l].Units * spec.InputsOf(l)))}, {Numbers.Int(spec.Layers[l].Units)})";

        /// <summary>dL/dW = dL/dz·a_prevᵀ of looped layer <paramref name="l"/>, one kernel call over the buffers dz and a_prev.</summary>
        /// <param name="accumulate">The accumulate argument as written: <c>true</c>, <c>false</c> or the name of a bool parameter.</param>
        public static string WeightGradient(NetworkSpec spec, int l, string accumulate)
        {
            int n = l + 1;
            return $"{DenseKernelsClass}.Outer(dz{Numbers.Int(n)}, {PreviousValues(n)}, {WeightBlock(spec, l, "gradient")}, accumulate: {accumulate});";
        }

        /// <summary>Copies the fully looped layers' buffers into the trace, in the trace's layout (the graph stores the rest).</summary>
        public static void Trace(SourceWriter w, NetworkSpec spec)
        {
            int offset = 0;
            for (int l = 0; l < spec.LoopedLayerCount - 1; l++)
            {
                int units = spec.Layers[l].Units;
                foreach (var name in new[] { "z", "a", "da", "dz" })
                {
                    w.Line($"{name}{Numbers.Int(l + 1)}.CopyTo(trace.Slice({Numbers.Int(offset)}, {Numbers.Int(units)}));");
                    offset += units;
                }
            }
        }

        /// <summary>The stores of dL/dz of the last looped layer, which the unrolled backward pass computes.</summary>
        public static IEnumerable<Store> BoundaryAdjointStores(DifferentiatedNetwork network)
        {
            var n = Numbers.Int(network.LoopedLayerCount);
            for (int j = 0; j < network.InputAdjoints.Length; j++)
            {
                yield return new Store($"dz{n}[{Numbers.Int(j)}]", network.InputAdjoints[j], $"dL/dz{n}[{Numbers.Int(j)}]");
            }
        }

        /// <summary>The stores of R{dL/dz} of the last looped layer, which the unrolled part's tangent pass computes.</summary>
        public static IEnumerable<Store> BoundaryTangentStores(DifferentiatedNetwork network, Node[] boundaryTangents)
        {
            var n = Numbers.Int(network.LoopedLayerCount);
            for (int j = 0; j < boundaryTangents.Length; j++)
            {
                yield return new Store($"rdz{n}[{Numbers.Int(j)}]", boundaryTangents[j], $"R{{dL/dz{n}[{Numbers.Int(j)}]}}");
            }
        }

        /// <summary>
        /// The statements of a loop body (a1[i] = f(z1[i]), or dz1[i] = dL/da1[i]·f′(z1[i]), with their tangents for H·v)
        /// from the one-unit graph, sharing what they have in common.
        /// </summary>
        private static void EmitUnit(SourceWriter w, LoopedUnit unit, int layerNumber, ScalarType s, IReadOnlyList<Store> stores, string temporaryPrefix)
        {
            var n = Numbers.Int(layerNumber);
            var names = new[] { $"z{n}[i]", $"da{n}[i]", $"rz{n}[i]", $"rda{n}[i]" };
            var mathNames = new[] { $"z{n}[i]", $"dL/da{n}[i]", $"ż{n}[i]", $"R{{dL/da{n}[i]}}" };
            var leaves = new LeafNames(System.Array.Empty<string>(), j => names[j], j => mathNames[j]);
            BodyEmitter.Emit(w, unit.Graph, leaves, s, stores, returned: null, keep: null, temporaryPrefix, new NameAllocator(NameAllocator.NetworkMethodNames));
        }

        /// <summary>Whether the whole-layer kernels exist for this target: only the net8.0 runtime has <c>DenseKernels</c>.</summary>
        internal static bool HasDenseKernels(TargetFacts? target) => target?.HasLaneMath == true;

        private static string Matrix(string span, int offset, int rows, int columns) => $"{span}.Slice({Numbers.Int(offset)}, {Numbers.Int(rows * columns)})";

        /// <summary>Row i of layer <c>offset</c>'s weight block in <paramref name="span"/> (θ, v, the gradient or H·v).</summary>
        private static string Row(string span, int offset, int inputs) => $"{span}.Slice({Numbers.Int(offset)} + i * {Numbers.Int(inputs)}, {Numbers.Int(inputs)})";

        private static string PreviousValues(int layerNumber) => layerNumber == 1 ? "input" : $"a{Numbers.Int(layerNumber - 1)}";

        internal static string PreviousMath(int layerNumber) => layerNumber == 1 ? "x" : $"a{Numbers.Int(layerNumber - 1)}";
    }
}

