using System.Collections.Generic;

namespace DerivGen.Model
{
    /// <summary>
    /// Everything the generator needs to know about one annotated network type, and nothing from Roslyn: the incremental
    /// pipeline caches it and compares it by value, so it must stay immutable and equatable (strings, numbers, enums,
    /// other model records and <see cref="EquatableArray{T}"/> only).
    /// </summary>
    /// <param name="Namespace">The containing namespace, or empty for the global namespace.</param>
    /// <param name="ContainingTypes">Enclosing types, outermost first.</param>
    /// <param name="Keyword">class, struct, record or record struct.</param>
    /// <param name="Name">The type's name with its type parameter list, if any.</param>
    /// <param name="HintName">The generated file's name.</param>
    /// <param name="Inputs">The number of input values.</param>
    /// <param name="Layers">The Dense layers in source order.</param>
    /// <param name="Loss">The loss function.</param>
    /// <param name="HuberDelta">δ of the Huber loss.</param>
    /// <param name="Precision">The floating-point type of the generated code.</param>
    /// <param name="UnrollLimit">The most weights a layer may have and still be unrolled.</param>
    /// <param name="Methods">The optional method groups to generate (trace, second order, input sensitivities).</param>
    /// <param name="HasInstanceForm">
    /// Whether the type can own a parameter array: not for static classes, ref structs or readonly structs, which get the
    /// static API only.
    /// </param>
    /// <param name="LossMethod">
    /// The key of the user's [Differentiable] method L(output, target) summed over the output units in place of
    /// <paramref name="Loss"/> (<c>LossMethod = nameof(LogCosh)</c>), or null for the built-in loss.
    /// </param>
    internal sealed record NetworkSpec(
        string Namespace,
        EquatableArray<ContainingTypeSpec> ContainingTypes,
        string Keyword,
        string Name,
        string HintName,
        int Inputs,
        EquatableArray<LayerSpec> Layers,
        LossKind Loss,
        double HuberDelta,
        PrecisionKind Precision,
        int UnrollLimit,
        MethodGroups Methods,
        bool HasInstanceForm,
        string? LossMethod = null)
    {
        /// <summary>Whether the user asked for every group in <paramref name="groups"/>.</summary>
        public bool Generates(MethodGroups groups) => (Methods & groups) == groups;

        /// <summary>The number of inputs of layer <paramref name="layer"/> (0-based).</summary>
        public int InputsOf(int layer) => layer == 0 ? Inputs : Layers[layer - 1].Units;

        /// <summary>The keys of the user's methods the network applies (activations and loss), each once, in key order.</summary>
        public IEnumerable<string> MethodKeys()
        {
            var keys = new SortedSet<string>(System.StringComparer.Ordinal);
            foreach (var layer in Layers)
            {
                if (layer.ActivationMethod is { } key)
                {
                    keys.Add(key);
                }
            }

            if (LossMethod is { } loss)
            {
                keys.Add(loss);
            }

            return keys;
        }

        public int OutputCount => Layers[Layers.Count - 1].Units;

        /// <summary>Where layer <paramref name="layer"/>'s W starts in the parameter vector; its b follows W.</summary>
        public int ParameterOffsetOf(int layer)
        {
            int offset = 0;
            for (int l = 0; l < layer; l++)
            {
                offset += (InputsOf(l) + 1) * Layers[l].Units;
            }

            return offset;
        }

        public int ParameterCount => ParameterOffsetOf(Layers.Count);

        /// <summary>The number of weights of layer <paramref name="layer"/>.</summary>
        public long WeightsOf(int layer) => (long)Layers[layer].Units * InputsOf(layer);

        /// <summary>
        /// How many leading layers have their z = W·a_prev + b computed with loops over SIMD kernels rather than unrolled:
        /// the unrolled part is the longest run of layers, counted back from the output, whose weights add up to at most
        /// <see cref="UnrollLimit"/> (past that a method outgrows what the JIT optimises). Every layer before it is looped.
        /// The last looped layer is the boundary: its activation and everything after it are computed by the unrolled
        /// expression graph, which is why that layer may be the output layer or a Softmax one.
        /// </summary>
        public int LoopedLayerCount
        {
            get
            {
                var weights = new long[Layers.Count];
                for (int l = 0; l < weights.Length; l++)
                {
                    weights[l] = WeightsOf(l);
                }

                return CountLoopedLayers(weights, UnrollLimit);
            }
        }

        /// <summary>
        /// The rule behind <see cref="LoopedLayerCount"/>, for layers with the given weights: the parser applies it before
        /// a spec exists, to check that the looped layers can be looped.
        /// </summary>
        public static int CountLoopedLayers(IReadOnlyList<long> weights, int unrollLimit)
        {
            long unrolled = 0;
            for (int l = weights.Count - 1; l >= 0; l--)
            {
                unrolled += weights[l];
                if (unrolled > unrollLimit)
                {
                    return l + 1;
                }
            }

            return 0;
        }

        /// <summary>
        /// The entries of ∂a_out/∂z of the last looped layer, which InputJacobian computes in straight-line code into a stack
        /// buffer before the loops carry each row back to x: outputs × that layer's units (0 when nothing is looped).
        /// </summary>
        public static long LoopedJacobianEntries(int outputs, int boundaryUnits) => (long)outputs * boundaryUnits;

        /// <summary>
        /// Whether <see cref="LoopedJacobianEntries"/> is within DG0052's bound: the rule behind <see cref="HasInputJacobian"/>,
        /// which the parser applies before a spec exists, to report DG0055.
        /// </summary>
        public static bool LoopedJacobianFits(int outputs, int boundaryUnits) =>
            LoopedJacobianEntries(outputs, boundaryUnits) <= Diagnostics.DiagnosticDescriptors.MaxUnrolledWeights;

        /// <summary>Whether InputJacobian is generated: past looped layers, only when the entries fit (DG0055).</summary>
        public bool HasInputJacobian => LoopedLayerCount == 0 || LoopedJacobianFits(OutputCount, Layers[LoopedLayerCount - 1].Units);
    }
}
