using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>
    /// A mini-batch's looped layers as matrix–matrix products. Row by row, each sample's dL/dW = dL/dz·a_prevᵀ reads and
    /// writes the whole of dL/dW (4,096 values for a 64 × 64 layer), which costs more than the sample's arithmetic. So
    /// where the runtime has <c>DenseKernels</c> (net8.0), the accumulating backward pass is a private row method that
    /// hands dL/dz and a_prev back instead, into buffers its caller provides: <c>BackwardAccumulate</c> adds the outer
    /// products for its one sample, and <c>BackwardBatch</c> gives a block of <see cref="BlockRows"/> samples one row of
    /// its buffers each and adds dL/dW += dZᵀ·A_prev once per block (<c>DenseKernels.OuterSum</c>, which sums in the
    /// samples' order: the same bits as row by row). A first looped layer's a_prev is x, already a block of the caller's
    /// <c>inputs</c>.
    /// </summary>
    internal static class BlockedWeightGradients
    {
        /// <summary>The samples per block: dL/dW is read and written once per block, and the buffers stay small.</summary>
        public const int BlockRows = 8;

        /// <summary>The name of the private method that does one sample's backward pass but the looped layers' dL/dW.</summary>
        public const string RowMethodName = "BackwardRow";

        public static bool Apply(DifferentiatedNetwork network, TargetFacts target) =>
            network.LoopedLayerCount > 0 && LoopEmitter.HasDenseKernels(target);

        /// <summary>The private row method: the accumulating backward pass with the looped layers' dL/dz and a_prev handed back.</summary>
        public static ApiMethod RowMethod(DifferentiatedNetwork network, ScalarType s, TargetFacts target)
        {
            var a = Arguments.Of(s);
            var handedBack = HandedBack(network.Spec)
                .Select(b => new ApiParameter(s.Span, b.Name, $"Receives {b.Math}, of length {Numbers.Int(b.Length)}, for the caller's dL/dW{Numbers.Int(b.Layer + 1)}."));
            return new ApiMethod(s.Name, RowMethodName,
                "Computes the loss L and adds its gradient dL/dθ to <paramref name=\"gradient\"/>, except the looped layers' dL/dW = dL/dz·a_prevᵀ: "
                + "their dL/dz and a_prev are handed back, for BackwardAccumulate to add one sample's outer products and BackwardBatch a block of samples' at once.",
                "The loss L.",
                new[] { a.Parameters, a.Input, a.Target, a.GradientToAddTo }.Concat(handedBack).ToList(),
                w =>
                {
                    // The checks tell the JIT each buffer's length, so that the constant indexes into them need no bounds checks.
                    foreach (var buffer in HandedBack(network.Spec))
                    {
                        var length = Numbers.Int(buffer.Length);
                        w.Line($"if ({buffer.Name}.Length != {length}) throw LengthMismatch(nameof({buffer.Name}), {length}, {buffer.Name}.Length);");
                    }

                    UnrolledMethods.BackwardBody(w, network, s, target, a.GradientToAddTo, accumulate: true, trace: false, deferWeightGradients: true);
                },
                isPublic: false);
        }

        /// <summary>BackwardAccumulate: the row method into stack buffers, then each looped layer's outer product.</summary>
        public static void SingleSample(SourceWriter w, DifferentiatedNetwork network, ScalarType s)
        {
            var spec = network.Spec;
            var a = Arguments.Of(s);
            UnrolledMethods.CheckLengths(w, a.Parameters, a.Input, a.Target, a.GradientToAddTo);
            foreach (var buffer in HandedBack(spec))
            {
                w.Line($"{s.Span} {buffer.Name} = stackalloc {s.Name}[{Numbers.Int(buffer.Length)}];");
            }

            w.Line($"{s.Name} loss = {RowMethodName}(parameters, input, target, gradient, {string.Join(", ", HandedBack(spec).Select(b => b.Name))});");
            for (int l = 0; l < spec.LoopedLayerCount; l++)
            {
                w.Line($"// dL/dW{Numbers.Int(l + 1)} += dL/dz{Numbers.Int(l + 1)}·{(l == 0 ? "x" : $"a{Numbers.Int(l)}")}ᵀ, row by row in SIMD vectors");
                w.Line(LoopEmitter.WeightGradient(spec, l, accumulate: true));
            }

            w.Line("return loss;");
        }

        /// <summary>BackwardBatch's rows, in blocks: each row through the row method, then each looped layer's dL/dW for the block.</summary>
        public static void Batch(SourceWriter w, DifferentiatedNetwork network, ScalarType s)
        {
            var spec = network.Spec;
            var blockRows = Numbers.Int(BlockRows);
            w.Line($"// Rows go in blocks of {blockRows}: each row's dL/dz (and a_prev) of the looped layers lands in a row of these buffers, and each looped");
            w.Line("// layer's dL/dW is then added for the whole block as one matrix–matrix product, which reads and writes dL/dW once per block.");
            foreach (var buffer in HandedBack(spec))
            {
                w.Line($"{s.Span} {buffer.Name}Rows = stackalloc {s.Name}[{Numbers.Int(BlockRows * buffer.Length)}];");
            }

            w.Line($"{s.Name} loss = {s.Literal(0)};");
            w.Open($"for (int first = 0; first < rows; first += {blockRows})");
            w.Line($"int block = global::System.Math.Min({blockRows}, rows - first);");
            w.Open("for (int r = 0; r < block; r++)");
            w.Line("int row = first + r;");
            var rowBuffers = string.Join(", ", HandedBack(spec).Select(b => $"{b.Name}Rows.Slice(r * {Numbers.Int(b.Length)}, {Numbers.Int(b.Length)})"));
            w.Line($"loss += {RowMethodName}(parameters, inputs.Slice(row * InputCount, InputCount), targets.Slice(row * OutputCount, OutputCount), gradient, {rowBuffers});");
            w.Close();
            w.Line();
            for (int l = 0; l < spec.LoopedLayerCount; l++)
            {
                var n = Numbers.Int(l + 1);
                int units = spec.Layers[l].Units;
                var previous = l == 0 ? "x" : $"a{Numbers.Int(l)}";
                var previousRows = l == 0 ? "inputs.Slice(first * InputCount, block * InputCount)" : $"a{Numbers.Int(l)}Rows.Slice(0, block * {Numbers.Int(spec.InputsOf(l))})";
                w.Line($"// dL/dW{n} += Σ_r dL/dz{n}[r]·{previous}[r]ᵀ over the block's rows r, in SIMD vectors");
                w.Line($"global::DerivGen.DenseKernels.OuterSum(dz{n}Rows.Slice(0, block * {Numbers.Int(units)}), {previousRows}, block, {LoopEmitter.WeightGradientBlock(spec, l)});");
            }

            w.Close();
            w.Line();
            w.Line("return loss;");
        }

        /// <summary>The names the row method takes its buffers by (<see cref="LoopEmitter.DeclareBuffers"/> does not declare them).</summary>
        public static ICollection<string> ProvidedBuffers(NetworkSpec spec) => HandedBack(spec).Select(b => b.Name).ToList();

        /// <summary>Per looped layer, dL/dz and (past the first, whose a_prev is x) a_prev.</summary>
        private static IEnumerable<(string Name, string Math, int Length, int Layer)> HandedBack(NetworkSpec spec)
        {
            for (int l = 0; l < spec.LoopedLayerCount; l++)
            {
                if (l > 0)
                {
                    yield return ($"a{Numbers.Int(l)}", $"a{Numbers.Int(l)}", spec.InputsOf(l), l);
                }

                yield return ($"dz{Numbers.Int(l + 1)}", $"dL/dz{Numbers.Int(l + 1)}", spec.Layers[l].Units, l);
            }
        }
    }
}
