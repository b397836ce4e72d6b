using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// The lane-parallel form of the batch methods (the <c>vmap</c> of the single-sample code): each group of
    /// <c>Vector&lt;T&gt;.Count</c> rows runs the same unrolled graph once, printed with vector types, lane i holding row i
    /// of the group. The gradient and loss are summed in vectors across the groups and reduced once at the end; the rows
    /// left over go through the single-sample methods.
    /// </summary>
    /// <remarks>
    /// Every lane computes exactly the operations of the single-sample code, in the same order: the vector operators are
    /// IEEE lane by lane, .NET never contracts a·b + c into a fused multiply-add on its own, comparisons and choices are lane
    /// masks and selects, Max and Min are vector forms exact to Math.Max and Math.Min, DerivGen's own functions (tanh, sech²
    /// and the exponential of σ and softmax) run their scalar operations in vectors, and each library function (Exp, Log,
    /// …) is the scalar function applied lane by lane (the runtime's LaneMath). So each lane's values are bit for bit those
    /// of the row computed alone.
    /// </remarks>
    internal static class LaneBatchMethods
    {
        /// <summary>
        /// Above this many parameters the lane form is not emitted. Its methods grow by about 110 bytes of IL per parameter, and
        /// past about 60,000 bytes the JIT compiles a method without optimisation (MinOpts, for good): a 16-32-1 network
        /// (577 parameters, 59,777 bytes) was compiled so and ran its lane batch at half the row-by-row speed, while 15-15-10-1 (411
        /// parameters, 46,055 bytes) was still optimised.
        /// </summary>
        public const int ParameterLimit = 400;

        /// <summary>
        /// Whether a network gets the lane form: the runtime has LaneMath (net8.0 and later), every layer is unrolled (looped
        /// layers keep the row-by-row batch for now), no layer takes the SIMD form in the single-sample methods (those already
        /// run each row's products in vectors, and the lanes measured slower than them), it is small enough, and it calls no
        /// user method (those take scalars).
        /// </summary>
        public static bool Apply(DifferentiatedNetwork network, TargetFacts target) =>
            target.HasLaneMath
            && network.LoopedLayerCount == 0
            && network.Spec.ParameterCount <= ParameterLimit
            && SimdLayers.LayersOf(network, target).Count == 0
            && !network.Graph.Nodes.Any(n => n.Op is Op.Call or Op.GradientCall);

        /// <summary>The name of the lane method a batch method hands its whole groups to.</summary>
        public static string NameFor(string batchMethod) => batchMethod + "Lanes";

        public static void Write(SourceWriter w, DifferentiatedNetwork network, ScalarType s, string generatedCode)
        {
            var lanes = s.Lanes;
            var spec = network.Spec;
            int last = spec.Layers.Count - 1;

            Method(w, s, generatedCode, "ForwardBatch", $"int lanedRows, {s.Span} outputs", returnsLoss: false, names =>
            {
                var outputs = network.A[last].Select((_, i) => names.Reserve("output" + Numbers.Int(i))).ToList();
                foreach (var output in outputs)
                {
                    w.Line($"{lanes.Name} {output};");
                }

                Body(w, network, lanes, names, network.A[last].Select((node, i) => new Store(outputs[i], node, null)).ToList(), loadTargets: false);
                w.Line();
                for (int i = 0; i < outputs.Count; i++)
                {
                    w.Line($"{LaneMath}.Store({outputs[i]}, outputs, row * OutputCount + {Numbers.Int(i)}, OutputCount);");
                }
            });

            Method(w, s, generatedCode, "LossBatch", $"{s.ReadOnlySpan} targets, int lanedRows", returnsLoss: true, names =>
                Body(w, network, lanes, names, new[] { LossStore(network) }, loadTargets: true));

            Method(w, s, generatedCode, "BackwardBatch", $"{s.ReadOnlySpan} targets, int lanedRows, {s.Span} gradient", returnsLoss: true,
                reserved: Enumerable.Range(0, spec.ParameterCount).Select(Accumulator),
                body: names => Body(w, network, lanes, names, GradientStores(network).Append(LossStore(network)).ToList(), loadTargets: true),
                before: () =>
                {
                    w.Line("// Σ over the groups of each lane's dL/dθ: one vector per parameter, reduced once after the last group.");
                    for (int k = 0; k < spec.ParameterCount; k++)
                    {
                        w.Line($"{lanes.Name} {Accumulator(k)} = {lanes.Name}.Zero;");
                    }
                },
                after: () =>
                {
                    w.Line();
                    for (int k = 0; k < spec.ParameterCount; k++)
                    {
                        w.Line($"gradient[{Numbers.Int(k)}] = {LaneMath}.Sum({Accumulator(k)});");
                    }
                });
        }

        private const string LaneMath = RuntimeClasses.LaneMath;

        private const string LossLanes = "lossLanes";

        private static string Accumulator(int parameter) => "g" + Numbers.Int(parameter);

        private static Store LossStore(DifferentiatedNetwork network) => new(LossLanes, network.Loss, null, Accumulate: true);

        private static IEnumerable<Store> GradientStores(DifferentiatedNetwork network) =>
            network.Gradient.Select((node, k) => new Store(Accumulator(k), node, $"dL/d{network.ParameterNames[k]}", Accumulate: true));

        /// <summary>
        /// One private lane method: the loop over the whole groups of rows, whose body loads the group's inputs (and
        /// targets) column by column into lanes and runs the graph.
        /// </summary>
        private static void Method(
            SourceWriter w, ScalarType s, string generatedCode, string batchMethod, string parameters, bool returnsLoss, System.Action<NameAllocator> body,
            IEnumerable<string>? reserved = null, System.Action? before = null, System.Action? after = null)
        {
            var lanes = s.Lanes;
            w.Line("/// <summary>");
            w.Line($"/// {batchMethod} of rows [0, <paramref name=\"lanedRows\"/>), a multiple of Vector&lt;{s.Name}&gt;.Count: each group of rows runs the");
            w.Line("/// unrolled graph once, lane i computing row i of the group bit for bit as the single-sample method does.");
            w.Line("/// </summary>");
            w.Line(generatedCode);
            w.Open($"private static {(returnsLoss ? s.Name : "void")} {NameFor(batchMethod)}({s.ReadOnlySpan} parameters, {s.ReadOnlySpan} inputs, {parameters})");

            // The caller checked these; checked again here, the JIT knows the lengths and drops the bounds checks of the
            // constant indexes below (this method is too large to be inlined into its caller, where it would know them).
            w.Line("if (parameters.Length != ParameterCount) throw LengthMismatch(nameof(parameters), ParameterCount, parameters.Length);");
            if (parameters.Contains(" gradient"))
            {
                w.Line("if (gradient.Length != ParameterCount) throw LengthMismatch(nameof(gradient), ParameterCount, gradient.Length);");
            }

            before?.Invoke();
            if (returnsLoss)
            {
                w.Line($"{lanes.Name} {LossLanes} = {lanes.Name}.Zero;");
            }

            var names = new NameAllocator(NameAllocator.NetworkMethodNames.Concat(new[] { "inputs", "targets", "outputs", "lanedRows", "row", LossLanes })
                .Concat(reserved ?? Enumerable.Empty<string>()));
            w.Open($"for (int row = 0; row < lanedRows; row += {lanes.Name}.Count)");
            body(names);
            w.Close();
            after?.Invoke();
            if (returnsLoss)
            {
                w.Line();
                w.Line($"return {LaneMath}.Sum({LossLanes});");
            }

            w.Close();
            w.Line();
        }

        private static void Body(SourceWriter w, DifferentiatedNetwork network, ScalarType lanes, NameAllocator names, IReadOnlyList<Store> stores, bool loadTargets)
        {
            var spec = network.Spec;
            var inputs = Enumerable.Range(0, spec.Inputs).Select(j => names.Reserve("x" + Numbers.Int(j))).ToList();
            var targets = Enumerable.Range(0, spec.OutputCount).Select(j => names.Reserve("y" + Numbers.Int(j))).ToList();
            w.Line(loadTargets ? "// x[j] and y[j] of the group's rows, one row per lane." : "// x[j] of the group's rows, one row per lane.");
            for (int j = 0; j < inputs.Count; j++)
            {
                w.Line($"{lanes.Name} {inputs[j]} = {LaneMath}.Load(inputs, row * InputCount + {Numbers.Int(j)}, InputCount);");
            }

            if (loadTargets)
            {
                for (int j = 0; j < targets.Count; j++)
                {
                    w.Line($"{lanes.Name} {targets[j]} = {LaneMath}.Load(targets, row * OutputCount + {Numbers.Int(j)}, OutputCount);");
                }
            }

            var leaves = new LeafNames(
                network.ParameterNames, j => inputs[j], j => $"x[{Numbers.Int(j)}]", k => lanes.Broadcast($"parameters[{Numbers.Int(k)}]"), j => targets[j],
                scalarParameter: k => $"parameters[{Numbers.Int(k)}]");
            BodyEmitter.Emit(w, network.Graph, leaves, lanes, stores, returned: null, keep: null, temporaryPrefix: "t", names);
        }
    }
}
