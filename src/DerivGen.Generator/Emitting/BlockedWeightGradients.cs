using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>
    /// A mini-batch's looped layers as matrix–matrix products. Row by row, each sample's dL/dW = dL/dz·a_prevᵀ reads and
    /// writes the whole of dL/dW (4,096 values for a 64 × 64 layer), and its z1 = W1·x + b1 reads the whole of W1, which
    /// costs more than the sample's arithmetic. So where the runtime has <c>DenseKernels</c> (net8.0), the accumulating
    /// backward pass is a private row method that takes z1 from its caller and hands dL/dz and a_prev back instead, through
    /// buffers its caller provides: <c>BackwardAccumulate</c> computes z1 and adds the outer products for its one sample,
    /// and <c>BackwardBatch</c> gives a block of samples (<see cref="BlockRowsOf"/>) one row of its buffers each, with
    /// Z1 = X·W1ᵀ + b1 before the block (<c>DenseKernels.AffineRows</c>) and dL/dW += dZᵀ·A_prev after it
    /// (<c>DenseKernels.OuterSum</c>). Both kernels sum in the same order as the per-sample ones: the same bits as row by
    /// row. A first looped layer's a_prev is x, already a block of the caller's <c>inputs</c>.
    /// </summary>
    internal static class BlockedWeightGradients
    {
        /// <summary>
        /// The most samples per block: W1 is read and dL/dW written once per block, so 16 rows leave them a sixteenth of the
        /// per-sample traffic (measured on 64-64-10, 16 rows were a few percent faster than 8).
        /// </summary>
        public const int MostBlockRows = 16;

        /// <summary>The most bytes of stack the block's buffers take: wide layers get fewer rows per block instead of more stack.</summary>
        public const int MostBlockBytes = 64 * 1024;

        /// <summary>The name of the private method that does one sample's backward pass but the looped layers' dL/dW.</summary>
        public const string RowMethodName = "BackwardRow";

        /// <summary>The block's rows of x: already row-major in the caller's <c>inputs</c>.</summary>
        private const string InputBlock = "inputs.Slice(first * InputCount, block * InputCount)";

        public static bool Apply(DifferentiatedNetwork network, TargetFacts target) =>
            network.LoopedLayerCount > 0 && LoopEmitter.HasDenseKernels(target);

        /// <summary>The private row method: the accumulating backward pass with the looped layers' dL/dz and a_prev handed back.</summary>
        public static ApiMethod RowMethod(DifferentiatedNetwork network, ScalarType s, TargetFacts target)
        {
            var a = Arguments.Of(s);
            var rowBuffers = RowBuffers(network.Spec).Select(b => new ApiParameter(s.Span, b.Name, b.Doc));
            return new ApiMethod(s.Name, RowMethodName,
                "Computes the loss L from the given z1 = W1·x + b1 and adds its gradient dL/dθ to <paramref name=\"gradient\"/>, except the looped layers' dL/dW = dL/dz·a_prevᵀ: "
                + "their dL/dz and a_prev are handed back, for BackwardAccumulate to add one sample's outer products and BackwardBatch a block of samples' at once.",
                "The loss L.",
                new[] { a.Parameters, a.Input, a.Target, a.GradientToAddTo }.Concat(rowBuffers).ToList(),
                w =>
                {
                    // The checks tell the JIT each buffer's length, so that the constant indexes into them need no bounds checks.
                    foreach (var buffer in RowBuffers(network.Spec))
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
            foreach (var buffer in RowBuffers(spec))
            {
                w.Line($"{s.Span} {buffer.Name} = stackalloc {s.Name}[{Numbers.Int(buffer.Length)}];");
            }

            LoopEmitter.WriteAffine(w, spec, 0);
            w.Line($"{s.Name} loss = {RowMethodName}(parameters, input, target, gradient, {string.Join(", ", RowBuffers(spec).Select(b => b.Name))});");
            for (int l = 0; l < spec.LoopedLayerCount; l++)
            {
                w.Line($"// dL/dW{Numbers.Int(l + 1)} += dL/dz{Numbers.Int(l + 1)}·{LoopEmitter.PreviousMath(l + 1)}ᵀ, row by row in SIMD vectors");
                w.Line(LoopEmitter.WeightGradient(spec, l, accumulate: "true"));
            }

            w.Line("return loss;");
        }

        /// <summary>BackwardBatch's rows, in blocks: each row through the row method, then each looped layer's dL/dW for the block.</summary>
        public static void Batch(SourceWriter w, DifferentiatedNetwork network, ScalarType s)
        {
            var spec = network.Spec;
            int rowsPerBlock = BlockRowsOf(spec, s);
            var blockRows = Numbers.Int(rowsPerBlock);
            w.Line($"// Rows go in blocks of {blockRows}, each row with a row of these buffers: z1 for the whole block is one matrix–matrix product before it, and");
            w.Line("// each looped layer's dL/dW one after it, from the dL/dz (and a_prev) the rows hand back; each reads W1 or writes dL/dW once per block.");
            foreach (var buffer in RowBuffers(spec))
            {
                w.Line($"{s.Span} {buffer.Name}Rows = stackalloc {s.Name}[{Numbers.Int(rowsPerBlock * buffer.Length)}];");
            }

            w.Line($"{s.Name} loss = {s.Literal(0)};");
            w.Open($"for (int first = 0; first < rows; first += {blockRows})");
            w.Line($"int block = global::System.Math.Min({blockRows}, rows - first);");
            w.Line($"// z1[r] = W1·x[r] + b1 for the block's rows r, in SIMD vectors");
            w.Line($"{RuntimeClasses.DenseKernels}.AffineRows({LoopEmitter.WeightBlock(spec, 0)}, {LoopEmitter.BiasBlock(spec, 0)}, {InputBlock}, block, z1Rows.Slice(0, block * {Numbers.Int(spec.Layers[0].Units)}));");
            w.Open("for (int r = 0; r < block; r++)");
            w.Line("int row = first + r;");
            var rowBuffers = string.Join(", ", RowBuffers(spec).Select(b => $"{b.Name}Rows.Slice(r * {Numbers.Int(b.Length)}, {Numbers.Int(b.Length)})"));
            w.Line($"loss += {RowMethodName}(parameters, inputs.Slice(row * InputCount, InputCount), targets.Slice(row * OutputCount, OutputCount), gradient, {rowBuffers});");
            w.Close();
            w.Line();
            for (int l = 0; l < spec.LoopedLayerCount; l++)
            {
                var n = Numbers.Int(l + 1);
                var previousRows = l == 0 ? InputBlock : $"a{Numbers.Int(l)}Rows.Slice(0, block * {Numbers.Int(spec.InputsOf(l))})";
                w.Line($"// dL/dW{n} += Σ_r dL/dz{n}[r]·{LoopEmitter.PreviousMath(l + 1)}[r]ᵀ over the block's rows r, in SIMD vectors");
                w.Line($"{RuntimeClasses.DenseKernels}.OuterSum(dz{n}Rows.Slice(0, block * {Numbers.Int(spec.Layers[l].Units)}), {previousRows}, block, {LoopEmitter.WeightBlock(spec, l, "gradient")});");
            }

            w.Close();
            w.Line();
            w.Line("return loss;");
        }

        /// <summary>The samples per block: <see cref="MostBlockRows"/>, or as many as <see cref="MostBlockBytes"/> of buffers hold (at least 1).</summary>
        public static int BlockRowsOf(NetworkSpec spec, ScalarType s)
        {
            long bytesPerRow = RowBuffers(spec).Sum(b => (long)b.Length) * (s == ScalarType.Single ? sizeof(float) : sizeof(double));
            return (int)System.Math.Max(1, System.Math.Min(MostBlockRows, MostBlockBytes / bytesPerRow));
        }

        /// <summary>The names the row method takes its buffers by (<see cref="LoopEmitter.DeclareBuffers"/> does not declare them).</summary>
        public static ICollection<string> ProvidedBuffers(NetworkSpec spec) => RowBuffers(spec).Select(b => b.Name).ToList();

        /// <summary>z1, given; then per looped layer, a_prev (past the first, whose a_prev is x) and dL/dz, handed back.</summary>
        private static IEnumerable<(string Name, int Length, string Doc)> RowBuffers(NetworkSpec spec)
        {
            var z1Length = Numbers.Int(spec.Layers[0].Units);
            yield return ("z1", spec.Layers[0].Units, $"z1 = W1·x + b1, of length {z1Length}, computed by the caller.");
            for (int l = 0; l < spec.LoopedLayerCount; l++)
            {
                var n = Numbers.Int(l + 1);
                if (l > 0)
                {
                    var previous = Numbers.Int(l);
                    yield return ($"a{previous}", spec.InputsOf(l), $"Receives a{previous}, of length {Numbers.Int(spec.InputsOf(l))}, for the caller's dL/dW{n}.");
                }

                yield return ($"dz{n}", spec.Layers[l].Units, $"Receives dL/dz{n}, of length {Numbers.Int(spec.Layers[l].Units)}, for the caller's dL/dW{n}.");
            }
        }
    }
}
