using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// The SIMD form of an unrolled layer in the single-sample methods: its three matrix products are calls of the runtime's
    /// <c>DenseKernels</c> with constant shapes (z = W·a_prev + b; dL/dW = dL/dz·a_prevᵀ; dL/da_prev = Wᵀ·dL/dz) over
    /// small stack buffers, and in HessianVectorProduct so are their tangents along v; the activation, its derivative, the
    /// loss and their tangents stay the scalar statements of the graph, per unit. Only where the runtime has the kernels
    /// (its net8.0 build) and only for layers with a fan-in of at least <see cref="MinimumFanIn"/>; every other layer keeps the readable one-statement-per-weight form.
    /// </summary>
    internal static class SimdLayers
    {
        /// <summary>
        /// The smallest fan-in that gets the SIMD form. Below it a row is shorter than two 256-bit vectors of double, and the
        /// stores into and reads out of the stack buffers cost about what the vectors save; at 16 and above the kernels win
        /// (README, "Which form a layer gets").
        /// </summary>
        public const int MinimumFanIn = 16;

        private const string Kernels = RuntimeClasses.DenseKernels;

        /// <summary>The indices of the layers that get the SIMD form: fully unrolled (past any looped ones), with a large enough fan-in.</summary>
        public static IReadOnlyList<int> LayersOf(DifferentiatedNetwork network, TargetFacts target)
        {
            if (!target.HasLaneMath)
            {
                return System.Array.Empty<int>();
            }

            var spec = network.Spec;
            return Enumerable.Range(network.LoopedLayerCount, spec.Layers.Count - network.LoopedLayerCount)
                .Where(l => spec.InputsOf(l) >= MinimumFanIn && HasOwnNodes(network, l))
                .ToList();
        }

        /// <summary>
        /// The kernel calls, buffers and buffer reads of the SIMD layers for one method: the forward pass only, or with the
        /// backward pass (writing or adding to the gradient), and with <paramref name="tangents"/> their tangents along v
        /// too (H·v, added to <c>product</c>). Null when no layer gets the SIMD form.
        /// </summary>
        /// <param name="tangents">The tangent of each node along v (<see cref="NetworkSensitivities.Tangents"/>), for H·v; null for none.</param>
        /// <param name="accumulateWeights">The accumulate argument of the dL/dW and R{dL/dW} kernels when it is not the constant
        /// <paramref name="accumulate"/>: the name of a bool parameter of the method (<see cref="LoopEmitter.Backward"/>).</param>
        public static KernelPlan? Plan(
            DifferentiatedNetwork network, TargetFacts target, ScalarType s, bool backward, bool accumulate, IReadOnlyDictionary<Node, Node>? tangents = null,
            string? accumulateWeights = null)
        {
            var accumulateArgument = accumulateWeights ?? (accumulate ? "true" : "false");
            var layers = LayersOf(network, target);
            if (layers.Count == 0)
            {
                return null;
            }

            var spec = network.Spec;
            var plan = new KernelPlan();
            var buffersWithA = new HashSet<int>();

            // The forward blocks of the layers whose activations went from kernel to kernel, with no stores in between (an
            // activation kernel writes the buffer the next layer's Affine reads): a block runs before its first consumer is
            // read, so every later layer's values of the chain are added to their consumers, which keeps them ahead of it.
            var unstoredForward = new List<KernelBlock>();

            // The backward kernel lines of the activation-kernel layers whose dL/dz waits for the next layer's dL/da (and their consumers),
            // to go in the block of that layer's TransposedProduct.
            (List<string> Lines, List<Node> Consumers) held = (new List<string>(), new List<Node>());
            foreach (var l in layers)
            {
                int n = l + 1;
                int units = spec.Layers[l].Units;
                int inputs = spec.InputsOf(l);
                int offset = spec.ParameterOffsetOf(l);
                var weights = $"parameters.Slice({Numbers.Int(offset)}, {Numbers.Int(units * inputs)})";
                var previous = l == 0 ? "input" : $"a{Numbers.Int(l)}";
                var previousMath = l == 0 ? "x" : $"a{Numbers.Int(l)}";

                // The previous layer's activations go into a buffer as soon as each is known.
                var previousStores = new List<Store>();
                if (l > 0 && buffersWithA.Add(l - 1))
                {
                    plan.Buffer(previous, inputs);
                    previousStores.AddRange(network.A[l - 1].Select((a, j) => plan.AddStore(new Store($"{previous}[{Numbers.Int(j)}]", a, null))));
                }
                else if (l > 0)
                {
                    previousStores.AddRange(plan.Stores.Where(store => store.Target.StartsWith(previous + "[", System.StringComparison.Ordinal)));
                }

                var z = $"z{Numbers.Int(n)}";
                var activation = ActivationKernel.Of(network, s, l);
                var forwardValues = network.Z[l].Concat(activation is null ? Enumerable.Empty<Node>() : network.A[l]).Select(Resolve).ToList();
                if (l == 0 || previousStores.Count > 0)
                {
                    unstoredForward.Clear();
                }

                // H·v's ż of this layer reads the same buffer, so it waits for those blocks too.
                var zTangents = tangents is null ? Enumerable.Empty<Node>() : network.Z[l].Where(tangents.ContainsKey).Select(node => Resolve(tangents[node]));
                foreach (var block in unstoredForward)
                {
                    block.Consumers.UnionWith(forwardValues.Concat(zTangents));
                }

                plan.Buffer(z, units);
                var affine = plan.AddBlock(previousStores, forwardValues, sectionOf: Resolve(network.Z[l][0]),
                    $"// {z} = W{Numbers.Int(n)}·{previousMath} + b{Numbers.Int(n)}: {Numbers.Int(units)} {(units == 1 ? "dot product" : "dot products")} of length {Numbers.Int(inputs)} in SIMD vectors",
                    $"{Kernels}.Affine({weights}, parameters.Slice({Numbers.Int(offset + (units * inputs))}, {Numbers.Int(units)}), {previous}, {z});");
                for (int i = 0; i < units; i++)
                {
                    plan.Read(network.Z[l][i], $"{z}[{Numbers.Int(i)}]", $"W{Numbers.Int(n)}[{Numbers.Int(i)},:]·{previousMath} + b{Numbers.Int(n)}[{Numbers.Int(i)}]");
                }

                if (activation is null)
                {
                    unstoredForward.Clear();
                }
                else
                {
                    // The layer's activations straight into the buffer the next layer reads (declared here, so not again there).
                    var a = $"a{Numbers.Int(n)}";
                    plan.Buffer(a, units);
                    buffersWithA.Add(l);
                    var activate = plan.AddBlock(System.Array.Empty<Store>(), network.A[l].Select(Resolve), sectionOf: Resolve(network.Z[l][0]),
                        $"// {a} = {activation.Math}({z}): {Numbers.Int(units)} {(units == 1 ? "unit" : "units")} in SIMD vectors",
                        $"{RuntimeClasses.ActivationKernels}.{activation.Kernel}({z}, {a});");
                    for (int i = 0; i < units; i++)
                    {
                        plan.Read(network.A[l][i], $"{a}[{Numbers.Int(i)}]", $"{activation.Math}({z}[{Numbers.Int(i)}])");
                    }

                    unstoredForward.Add(affine);
                    unstoredForward.Add(activate);
                }

                if (!backward)
                {
                    continue;
                }

                var dz = $"dz{Numbers.Int(n)}";
                plan.Buffer(dz, units);
                var outer = new List<string>
                {
                    $"// dL/dW{Numbers.Int(n)} = dL/d{z}·{previousMath}ᵀ, row by row in SIMD vectors",
                    $"{Kernels}.Outer({dz}, {previous}, gradient.Slice({Numbers.Int(offset)}, {Numbers.Int(units * inputs)}), accumulate: {accumulateArgument});",
                };
                for (int k = offset; k < offset + (units * inputs); k++)
                {
                    plan.ReplacedGradients.Add(k);
                }

                // dL/db is dL/dz itself: one copy of the buffer rather than a store per unit, where the graph says so.
                int biasOffset = offset + (units * inputs);
                if (tangents is null && IsBiasGradientDz(network, l, biasOffset))
                {
                    outer.Add($"// dL/db{Numbers.Int(n)} = dL/d{z}");
                    outer.Add($"{Kernels}.BiasGradient({dz}, gradient.Slice({Numbers.Int(biasOffset)}, {Numbers.Int(units)}), accumulate: {accumulateArgument});");
                    for (int k = biasOffset; k < biasOffset + units; k++)
                    {
                        plan.ReplacedGradients.Add(k);
                    }
                }

                if (activation is not null && tangents is null && layers.Contains(l + 1) && activation.MatchesBackward(network, l))
                {
                    // dL/dz of this layer from its dL/da (the next layer's TransposedProduct writes that buffer) in one kernel
                    // call, then this layer's own products: all held for the block of the next layer's TransposedProduct.
                    var da = $"da{Numbers.Int(n)}";
                    for (int i = 0; i < units; i++)
                    {
                        plan.Read(network.AdjointOfZ[l][i], $"{dz}[{Numbers.Int(i)}]", activation.BackwardMath(z, "dL/" + da, $"[{Numbers.Int(i)}]"));
                    }

                    var lines = new List<string>(activation.BackwardLines(z, $"a{Numbers.Int(n)}", da, dz));
                    lines.AddRange(outer);
                    var consumers = network.AdjointOfZ[l].Select(Resolve).ToList();
                    if (l > 0)
                    {
                        lines.AddRange(TransposedProduct(plan, network, l, weights, previousMath));
                        consumers.AddRange(network.AdjointOfA[l - 1].Select(Resolve));
                    }

                    // Below this layer's lines, those of the layers under it that were held for this one's dL/da_prev.
                    lines.AddRange(held.Lines);
                    consumers.AddRange(held.Consumers);
                    held = (lines, consumers);
                    continue;
                }

                var dzStores = network.AdjointOfZ[l].Select((node, i) => plan.AddStore(new Store($"{dz}[{Numbers.Int(i)}]", node, null))).ToList();
                plan.AddBlock(dzStores, System.Array.Empty<Node>(), outer.ToArray());

                if (tangents is not null && HasOwnTangents(network, tangents, l))
                {
                    PlanTangents(plan, network, tangents, l, previousStores, dzStores, accumulateArgument);
                }

                if (l > 0)
                {
                    // Required when it carries held layers' kernels: they write gradient entries that no later statement
                    // reads (their dL/db is a kernel's copy too), so no consumer would pull the block in.
                    var consumers = network.AdjointOfA[l - 1].Select(Resolve).Concat(held.Consumers);
                    var lines = TransposedProduct(plan, network, l, weights, previousMath).Concat(held.Lines).ToArray();
                    if (held.Lines.Count > 0)
                    {
                        plan.AddRequiredBlock(dzStores, consumers, Resolve(network.AdjointOfZ[l - 1][0]), lines);
                    }
                    else
                    {
                        plan.AddBlock(dzStores, consumers, lines);
                    }
                }

                held = (new List<string>(), new List<Node>());
            }

            return plan;
        }

        /// <summary>
        /// dL/da_prev = Wᵀ·dL/dz of layer l (l &gt; 0) into the buffer <c>da{l}</c>, which it declares, and the reads of dL/da_prev
        /// from it: the lines of the kernel call.
        /// </summary>
        private static string[] TransposedProduct(KernelPlan plan, DifferentiatedNetwork network, int l, string weights, string previousMath)
        {
            var n = Numbers.Int(l + 1);
            var da = $"da{Numbers.Int(l)}";
            plan.Buffer(da, network.Spec.InputsOf(l));
            for (int j = 0; j < network.Spec.InputsOf(l); j++)
            {
                plan.Read(network.AdjointOfA[l - 1][j], $"{da}[{Numbers.Int(j)}]", $"(W{n}ᵀ·dL/dz{n})[{Numbers.Int(j)}]");
            }

            return new[]
            {
                $"// dL/d{previousMath} = W{n}ᵀ·dL/dz{n} in SIMD vectors",
                $"{Kernels}.TransposedProduct({weights}, dz{n}, {da});",
            };
        }

        /// <summary>Whether the graph's dL/db of every unit of layer l is that unit's dL/dz (what BiasGradient copies).</summary>
        private static bool IsBiasGradientDz(DifferentiatedNetwork network, int l, int biasOffset)
        {
            for (int i = 0; i < network.Z[l].Length; i++)
            {
                int k = biasOffset + i - network.FirstUnrolledParameter;
                if (k < 0 || k >= network.Gradient.Length || Resolve(network.Gradient[k]) != Resolve(network.AdjointOfZ[l][i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The tangent pass of SIMD layer l along v, beside its first-order kernels: ż = W·ȧ_prev + Ẇ·a_prev + ḃ forward;
        /// R{dL/dW} = R{dL/dz}·a_prevᵀ + dL/dz·ȧ_prevᵀ added to H·v and R{dL/da_prev} = Wᵀ·R{dL/dz} + Ẇᵀ·dL/dz backward, with
        /// Ẇ and ḃ the layer's slices of v. The per-unit tangents (ȧ = f′·ż, R{dL/dz} = R{dL/da}·f′ + dL/da·f″·ż) and the
        /// loss's stay the graph's scalar statements, as the first-order form keeps the activations. Layer 1's input x does
        /// not vary along v: it has no W·ẋ, dL/dz·ẋᵀ or R{dL/dx} term.
        /// </summary>
        private static void PlanTangents(
            KernelPlan plan, DifferentiatedNetwork network, IReadOnlyDictionary<Node, Node> tangents, int l, List<Store> previousStores, List<Store> dzStores, string accumulateArgument)
        {
            var spec = network.Spec;
            int n = l + 1;
            var number = Numbers.Int(n);
            int units = spec.Layers[l].Units;
            int inputs = spec.InputsOf(l);
            int offset = spec.ParameterOffsetOf(l);
            var weights = $"parameters.Slice({Numbers.Int(offset)}, {Numbers.Int(units * inputs)})";
            var weightTangents = $"direction.Slice({Numbers.Int(offset)}, {Numbers.Int(units * inputs)})";
            var biasTangents = $"direction.Slice({Numbers.Int(offset + (units * inputs))}, {Numbers.Int(units)})";
            var previous = l == 0 ? "input" : $"a{Numbers.Int(l)}";
            var previousMath = l == 0 ? "x" : $"a{Numbers.Int(l)}";
            var previousTangent = $"r{previous}";
            var previousTangentMath = $"R{{a{Numbers.Int(l)}}}";

            var previousTangentStores = new List<Store>();
            if (l > 0)
            {
                plan.Buffer(previousTangent, inputs);
                previousTangentStores.AddRange(network.A[l - 1].Select((a, j) => plan.AddStore(new Store($"{previousTangent}[{Numbers.Int(j)}]", tangents[a], null))));
            }

            var rz = $"rz{number}";
            plan.Buffer(rz, units);
            var zTangents = network.Z[l].Select(z => tangents[z]).ToList();
            plan.AddBlock(previousStores.Concat(previousTangentStores).ToList(), zTangents.Select(Resolve),
                l == 0
                    ? $"// R{{z{number}}} = Ẇ{number}·x + ḃ{number}, with Ẇ{number}, ḃ{number} layer {number}'s slices of v: {Numbers.Int(units)} {(units == 1 ? "dot product" : "dot products")} of length {Numbers.Int(inputs)} in SIMD vectors"
                    : $"// R{{z{number}}} = W{number}·{previousTangentMath} + Ẇ{number}·{previousMath} + ḃ{number}, with Ẇ{number}, ḃ{number} layer {number}'s slices of v: {Numbers.Int(2 * units)} dot products of length {Numbers.Int(inputs)} in SIMD vectors",
                l == 0
                    ? $"{Kernels}.Affine({weightTangents}, {biasTangents}, input, {rz});"
                    : $"{Kernels}.AffineTangent({weights}, {weightTangents}, {biasTangents}, {previous}, {previousTangent}, {rz});");
            for (int i = 0; i < units; i++)
            {
                var row = Numbers.Int(i);
                plan.Read(zTangents[i], $"{rz}[{row}]", l == 0
                    ? $"Ẇ{number}[{row},:]·x + ḃ{number}[{row}]"
                    : $"W{number}[{row},:]·{previousTangentMath} + Ẇ{number}[{row},:]·{previousMath} + ḃ{number}[{row}]");
            }

            var rdz = $"rdz{number}";
            plan.Buffer(rdz, units);
            var rdzStores = network.AdjointOfZ[l].Select((node, i) => plan.AddStore(new Store($"{rdz}[{Numbers.Int(i)}]", tangents[node], null))).ToList();
            var products = $"product.Slice({Numbers.Int(offset)}, {Numbers.Int(units * inputs)})";
            plan.AddBlock(dzStores.Concat(rdzStores).Concat(previousTangentStores).ToList(), System.Array.Empty<Node>(),
                l == 0
                    ? $"// R{{dL/dW{number}}} = R{{dL/dz{number}}}·xᵀ, row by row in SIMD vectors"
                    : $"// R{{dL/dW{number}}} = R{{dL/dz{number}}}·{previousMath}ᵀ + dL/dz{number}·{previousTangentMath}ᵀ, row by row in SIMD vectors",
                l == 0
                    ? $"{Kernels}.Outer({rdz}, input, {products}, accumulate: {accumulateArgument});"
                    : $"{Kernels}.OuterTangent(dz{number}, {rdz}, {previous}, {previousTangent}, {products}, accumulate: {accumulateArgument});");
            for (int k = offset; k < offset + (units * inputs); k++)
            {
                plan.ReplacedProducts.Add(k);
            }

            if (l == 0)
            {
                return;
            }

            var rda = $"rda{Numbers.Int(l)}";
            plan.Buffer(rda, inputs);
            var daTangents = network.AdjointOfA[l - 1].Select(node => tangents[node]).ToList();
            plan.AddBlock(dzStores.Concat(rdzStores).ToList(), daTangents.Select(Resolve),
                $"// R{{dL/d{previousMath}}} = W{number}ᵀ·R{{dL/dz{number}}} + Ẇ{number}ᵀ·dL/dz{number} in SIMD vectors",
                $"{Kernels}.TransposedProductTangent({weights}, {weightTangents}, dz{number}, {rdz}, {rda});");
            for (int j = 0; j < inputs; j++)
            {
                plan.Read(daTangents[j], $"{rda}[{Numbers.Int(j)}]", $"(W{number}ᵀ·R{{dL/dz{number}}} + Ẇ{number}ᵀ·dL/dz{number})[{Numbers.Int(j)}]");
            }
        }

        /// <summary>
        /// Whether the tangents layer l's kernels read and write (ż, R{dL/dz}, ȧ_prev, R{dL/da_prev}) are all computed nodes,
        /// as <see cref="HasOwnNodes"/> asks of their values; otherwise the layer's tangents keep the scalar form.
        /// </summary>
        private static bool HasOwnTangents(DifferentiatedNetwork network, IReadOnlyDictionary<Node, Node> tangents, int l)
        {
            bool Computed(IEnumerable<Node> nodes) => nodes.All(node => tangents.TryGetValue(node, out var tangent) && !Resolve(tangent).IsLeaf);
            return Computed(network.Z[l]) && Computed(network.AdjointOfZ[l])
                && (l == 0 || (Computed(network.A[l - 1]) && Computed(network.AdjointOfA[l - 1])));
        }

        /// <summary>
        /// Whether layer l's z, its inputs' activations and the adjoints it uses are computed nodes (the buffers are written
        /// right after a node's statement, which a leaf or constant does not have).
        /// </summary>
        private static bool HasOwnNodes(DifferentiatedNetwork network, int l)
        {
            bool Computed(IEnumerable<Node>? nodes) => nodes is not null && nodes.All(node => !Resolve(node).IsLeaf);
            return Computed(network.Z[l]) && Computed(network.AdjointOfZ[l])
                && (l == 0 || (Computed(network.A[l - 1]) && Computed(network.AdjointOfA[l - 1])));
        }

        private static Node Resolve(Node node) => ExpressionGraph.ValueOf(node);
    }
}
