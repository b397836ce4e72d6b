using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>
    /// The straight-line methods: Forward, Loss, Backward (overwriting or accumulating) and, with <see cref="MethodGroups.Trace"/>,
    /// Backward with a trace.
    /// </summary>
    internal static class UnrolledMethods
    {
        public static IEnumerable<ApiMethod> For(DifferentiatedNetwork network, ScalarType s, TargetFacts target)
        {
            var a = Arguments.Of(s);
            int last = network.Spec.Layers.Count - 1;
            bool blocked = BlockedWeightGradients.Apply(network, target);

            yield return new ApiMethod("void", "Forward",
                "Computes the network's output a = f(W·a_prev + b), layer by layer.", null,
                new[] { a.Parameters, a.Input, a.Output },
                w =>
                {
                    CheckLengths(w, a.Parameters, a.Input, a.Output);
                    LoopedForward(w, network, s, target, backward: false);
                    var kernels = Kernels(w, network, target, s, backward: false, accumulate: false);
                    var stores = network.A[last].Select((node, i) => new Store($"output[{Numbers.Int(i)}]", node, null)).ToList();
                    BodyEmitter.Emit(w, network, stores, returned: null, kernels: kernels);
                });

            yield return new ApiMethod(s.Name, "Loss",
                "Computes the loss L of the network's output for <paramref name=\"input\"/> against <paramref name=\"target\"/>.", "The loss L.",
                new[] { a.Parameters, a.Input, a.Target },
                w =>
                {
                    CheckLengths(w, a.Parameters, a.Input, a.Target);
                    LoopedForward(w, network, s, target, backward: false);
                    var kernels = Kernels(w, network, target, s, backward: false, accumulate: false);
                    BodyEmitter.Emit(w, network, new List<Store>(), network.Loss, kernels: kernels);
                });

            yield return new ApiMethod(s.Name, "Backward",
                "Computes the loss L and its exact gradient dL/dθ with respect to every parameter (reverse mode, unrolled).", "The loss L.",
                new[] { a.Parameters, a.Input, a.Target, a.Gradient },
                w => BackwardBody(w, network, s, target, a.Gradient, accumulate: false, trace: false));

            yield return new ApiMethod(s.Name, "BackwardAccumulate",
                "Computes the loss L and adds its gradient dL/dθ to <paramref name=\"gradient\"/>: the per-sample step of a mini-batch.", "The loss L.",
                new[] { a.Parameters, a.Input, a.Target, a.GradientToAddTo },
                w =>
                {
                    if (blocked)
                    {
                        BlockedWeightGradients.SingleSample(w, network, s);
                    }
                    else
                    {
                        BackwardBody(w, network, s, target, a.GradientToAddTo, accumulate: true, trace: false);
                    }
                });

            if (blocked)
            {
                yield return BlockedWeightGradients.RowMethod(network, s, target);
            }

            if (!network.Spec.Generates(MethodGroups.Trace))
            {
                yield break;
            }

            yield return new ApiMethod(s.Name, "Backward",
                "Computes the loss L and its gradient dL/dθ, and records every intermediate value (z, a, dL/da, dL/dz of each layer) in <paramref name=\"trace\"/>.", "The loss L.",
                new[] { a.Parameters, a.Input, a.Target, a.Gradient, a.Trace },
                w => BackwardBody(w, network, s, target, a.Gradient, accumulate: false, trace: true));
        }

        private static void LoopedForward(SourceWriter w, DifferentiatedNetwork network, ScalarType s, TargetFacts target, bool backward, ICollection<string>? provided = null)
        {
            if (network.LoopedLayerCount > 0)
            {
                LoopEmitter.DeclareBuffers(w, network.Spec, s, backward, provided: provided);
                LoopEmitter.Forward(w, network, s, target: target, firstLayerGiven: provided is not null);
            }
        }

        /// <summary>The SIMD form's plan for one method (<see cref="SimdLayers"/>), with its stack buffers declared; null when no layer has that form.</summary>
        /// <param name="tangents">The tangents along v, for H·v's plan (<see cref="SimdLayers.Plan"/>); null for the first-order methods.</param>
        /// <param name="accumulateWeights">The name of the method's bool parameter that the dL/dW kernels take as accumulate, if not the constant.</param>
        internal static KernelPlan? Kernels(
            SourceWriter w, DifferentiatedNetwork network, TargetFacts target, ScalarType s, bool backward, bool accumulate, IReadOnlyDictionary<Symbolic.Node, Symbolic.Node>? tangents = null,
            string? accumulateWeights = null)
        {
            var plan = SimdLayers.Plan(network, target, s, backward, accumulate, tangents, accumulateWeights);
            if (plan is not null)
            {
                w.Line();
                w.Line($"// Layers with a fan-in of {Numbers.Int(SimdLayers.MinimumFanIn)} or more run their matrix products in SIMD kernels, through these buffers.");
                foreach (var (name, length) in plan.Buffers)
                {
                    w.Line($"{s.Span} {name} = stackalloc {s.Name}[{Numbers.Int(length)}];");
                }
            }

            return plan;
        }

        /// <param name="deferWeightGradients">Whether the looped layers' dL/dW is left to the caller, which provides their dL/dz and a_prev buffers (<see cref="BlockedWeightGradients"/>).</param>
        internal static void BackwardBody(
            SourceWriter w, DifferentiatedNetwork network, ScalarType s, TargetFacts target, ApiParameter gradient, bool accumulate, bool trace, bool deferWeightGradients = false)
        {
            var a = Arguments.Of(s);
            if (trace)
            {
                CheckLengths(w, a.Parameters, a.Input, a.Target, gradient, a.Trace);
            }
            else
            {
                CheckLengths(w, a.Parameters, a.Input, a.Target, gradient);
            }

            if (network.LoopedLayerCount > 0)
            {
                LoopedForward(w, network, s, target, backward: true, deferWeightGradients ? BlockedWeightGradients.ProvidedBuffers(network.Spec) : null);
            }

            var kernels = Kernels(w, network, target, s, backward: true, accumulate);
            var stores = GradientStores(network, accumulate, kernels?.ReplacedGradients)
                .Concat(LoopEmitter.BoundaryAdjointStores(network));
            if (trace)
            {
                stores = stores.Concat(TraceStores(network));
            }

            if (network.LoopedLayerCount == 0)
            {
                BodyEmitter.Emit(w, network, stores.ToList(), network.Loss, kernels: kernels);
                return;
            }

            BodyEmitter.Emit(w, network, stores.ToList(), returned: null, keep: network.Loss, kernels: kernels);
            LoopEmitter.Backward(w, network, s, accumulate, target: target, deferWeightGradients: deferWeightGradients);
            if (trace)
            {
                w.Line();
                LoopEmitter.Trace(w, network.Spec);
            }

            w.Line();
            w.Line("return loss;");
        }

        public static void CheckLengths(SourceWriter w, params ApiParameter[] spans)
        {
            foreach (var span in spans)
            {
                var length = span.Name switch
                {
                    "parameters" or "gradient" or "direction" or "product" => "ParameterCount",
                    "input" or "inputGradient" => "InputCount",
                    "output" or "target" => "OutputCount",
                    "jacobian" => "OutputCount * InputCount",
                    _ => "TraceLength",
                };
                w.Line($"if ({span.Name}.Length != {length}) throw LengthMismatch(nameof({span.Name}), {length}, {span.Name}.Length);");
            }
        }

        /// <param name="computedElsewhere">Parameters whose gradient a kernel writes (the SIMD form's dL/dW); null for none.</param>
        internal static IEnumerable<Store> GradientStores(DifferentiatedNetwork network, bool accumulate, ISet<int>? computedElsewhere = null) =>
            network.Gradient.Select((g, k) => network.FirstUnrolledParameter + k)
                .Where(k => computedElsewhere is null || !computedElsewhere.Contains(k))
                .Select(k => new Store($"gradient[{Numbers.Int(k)}]", network.Gradient[k - network.FirstUnrolledParameter], $"dL/d{network.ParameterNames[k]}", accumulate));

        private static IEnumerable<Store> TraceStores(DifferentiatedNetwork network)
        {
            int offset = 0;
            for (int l = 0; l < network.Spec.Layers.Count; l++)
            {
                if (l < network.LoopedLayerCount - 1)
                {
                    offset += 4 * network.Spec.Layers[l].Units;
                    continue;
                }

                foreach (var block in new[] { network.Z[l], network.A[l], network.AdjointOfA[l], network.AdjointOfZ[l] })
                {
                    foreach (var node in block)
                    {
                        yield return new Store($"trace[{Numbers.Int(offset++)}]", node, null);
                    }
                }
            }
        }
    }
}
