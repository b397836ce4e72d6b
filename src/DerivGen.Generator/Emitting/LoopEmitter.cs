using System.Collections.Generic;
using DerivGen.Lowering;
using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>
    /// The loop form of the leading layers that are too large to unroll (<see cref="NetworkSpec.LoopedLayerCount"/>):
    /// z = W·a_prev + b row by row through SIMD dot products, the activation and its derivative from the same expression
    /// graph as the unrolled form (built for one unit z, printed with z = z1[i]), and the backward pass
    /// dL/dz = dL/da ⊙ f′(z) (a Softmax layer: <see cref="LoopedSoftmax"/>), dL/dW = dL/dz·a_prevᵀ, dL/db = dL/dz,
    /// dL/da_prev = Wᵀ·dL/dz. The last looped layer stops at
    /// z: the unrolled graph takes it from there and hands back dL/dz. Buffers are stackalloc'ed.
    /// </summary>
    internal static class LoopEmitter
    {
        private const string Kernels = "global::DerivGen.VectorMath";

        public static void DeclareBuffers(SourceWriter w, NetworkSpec spec, ScalarType s, bool backward)
        {
            int looped = spec.LoopedLayerCount;
            w.Line();
            w.Line($"// The unrolled part would exceed UnrollLimit = {Numbers.Int(spec.UnrollLimit)} weights with layer {Numbers.Int(looped)}: layers 1 to {Numbers.Int(looped)} compute z with loops, into these buffers.");
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
                foreach (var name in names)
                {
                    w.Line($"{s.Span} {name}{Numbers.Int(l + 1)} = stackalloc {s.Name}[{Numbers.Int(spec.Layers[l].Units)}];");
                }
            }
        }

        public static void Forward(SourceWriter w, DifferentiatedNetwork network, ScalarType s)
        {
            var spec = network.Spec;
            for (int l = 0; l < spec.LoopedLayerCount; l++)
            {
                int n = l + 1;
                var layer = spec.Layers[l];
                int inputs = spec.InputsOf(l);
                int offset = spec.ParameterOffsetOf(l);
                bool boundary = l == spec.LoopedLayerCount - 1;

                w.Line();
                w.Line($"// Forward · {Describe.Layer(spec, l)} (looped: {Numbers.Int((int)spec.WeightsOf(l))} weights{(boundary ? "; its activation is unrolled below" : string.Empty)})");
                w.Open($"for (int i = 0; i < {Numbers.Int(layer.Units)}; i++)");
                w.Line($"// z{n}[i] = Σ_j W{n}[i,j]·{PreviousMath(n)}[j] + b{n}[i]");
                w.Line($"z{n}[i] = {Kernels}.Dot(parameters.Slice({Numbers.Int(offset)} + i * {Numbers.Int(inputs)}, {Numbers.Int(inputs)}), {PreviousValues(n)}) + parameters[{Numbers.Int(offset + (layer.Units * inputs))} + i];");
                if (!boundary && network.Lowered.LoopedUnits[l] is { } unit)
                {
                    EmitUnit(w, unit, n, s, new Store($"a{n}[i]", unit.Activation, $"a{n}[i]"), $"u{n}_");
                }

                w.Close();
                if (!boundary && layer.Activation == ActivationKind.Softmax)
                {
                    LoopedSoftmax.Forward(w, n, layer.Units, s);
                }
            }
        }

        public static void Backward(SourceWriter w, DifferentiatedNetwork network, ScalarType s, bool accumulate)
        {
            var spec = network.Spec;
            var assign = accumulate ? "+=" : "=";
            var accumulateLiteral = accumulate ? "true" : "false";
            for (int l = spec.LoopedLayerCount - 1; l >= 0; l--)
            {
                int n = l + 1;
                var layer = spec.Layers[l];
                int inputs = spec.InputsOf(l);
                int offset = spec.ParameterOffsetOf(l);
                bool boundary = l == spec.LoopedLayerCount - 1;

                w.Line();
                w.Line($"// Backward · {Describe.Layer(spec, l)} (looped{(boundary ? "; dL/dz from the unrolled part above" : string.Empty)})");
                if (n > 1)
                {
                    w.Line($"da{n - 1}.Clear();");
                }

                if (!boundary && layer.Activation == ActivationKind.Softmax)
                {
                    LoopedSoftmax.Backward(w, n, layer.Units, s);
                }

                w.Open($"for (int i = 0; i < {Numbers.Int(layer.Units)}; i++)");
                if (!boundary && network.Lowered.LoopedUnits[l] is { } unit)
                {
                    EmitUnit(w, unit, n, s, new Store($"dz{n}[i]", unit.Adjoint!, $"dL/dz{n}[i]"), $"v{n}_");
                }

                w.Line($"// dL/db{n}[i] = dL/dz{n}[i]");
                w.Line($"gradient[{Numbers.Int(offset + (layer.Units * inputs))} + i] {assign} dz{n}[i];");
                w.Line($"// dL/dW{n}[i,j] = dL/dz{n}[i]·{PreviousMath(n)}[j], for every j");
                w.Line($"{Kernels}.Scale({PreviousValues(n)}, dz{n}[i], gradient.Slice({Numbers.Int(offset)} + i * {Numbers.Int(inputs)}, {Numbers.Int(inputs)}), accumulate: {accumulateLiteral});");
                if (n > 1)
                {
                    w.Line($"// dL/da{n - 1}[j] += W{n}[i,j]·dL/dz{n}[i], for every j");
                    w.Line($"{Kernels}.Scale(parameters.Slice({Numbers.Int(offset)} + i * {Numbers.Int(inputs)}, {Numbers.Int(inputs)}), dz{n}[i], da{n - 1}, accumulate: true);");
                }

                w.Close();
            }
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

        /// <summary>One statement of a loop body (a1[i] = f(z1[i]), or dz1[i] = dL/da1[i]·f′(z1[i])) from the one-unit graph.</summary>
        private static void EmitUnit(SourceWriter w, LoopedUnit unit, int layerNumber, ScalarType s, Store store, string temporaryPrefix)
        {
            var n = Numbers.Int(layerNumber);
            var names = new[] { $"z{n}[i]", $"da{n}[i]" };
            var mathNames = new[] { $"z{n}[i]", $"dL/da{n}[i]" };
            var leaves = new LeafNames(System.Array.Empty<string>(), j => names[j], j => mathNames[j]);
            BodyEmitter.Emit(w, unit.Graph, leaves, s, new[] { store }, returned: null, keep: null, temporaryPrefix, new NameAllocator(NameAllocator.NetworkMethodNames));
        }

        private static string PreviousValues(int layerNumber) => layerNumber == 1 ? "input" : $"a{Numbers.Int(layerNumber - 1)}";

        private static string PreviousMath(int layerNumber) => layerNumber == 1 ? "x" : $"a{Numbers.Int(layerNumber - 1)}";
    }
}
