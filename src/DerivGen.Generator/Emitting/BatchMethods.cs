using System.Collections.Generic;
using DerivGen.Lowering;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Mini-batch methods over row-major blocks of inputs and targets. Each row goes through the unrolled single-sample
    /// method, so the batch code is a plain loop of slices: nothing allocates. With <c>lanes</c>, whole groups of
    /// Vector&lt;T&gt;.Count rows go first through the lane-parallel methods (<see cref="LaneBatchMethods"/>), where the
    /// hardware accelerates Vector&lt;T&gt; (a constant to the JIT, so the other branch is not compiled), and only the rows
    /// left over go row by row.
    /// </summary>
    internal static class BatchMethods
    {
        /// <param name="blocked">Whether BackwardBatch adds the looped layers' dL/dW a block of rows at a time (<see cref="BlockedWeightGradients"/>).</param>
        public static IEnumerable<ApiMethod> For(DifferentiatedNetwork network, ScalarType s, bool lanes, bool blocked)
        {
            var a = Arguments.Of(s);

            yield return new ApiMethod("void", "ForwardBatch",
                "Computes the output of every row of <paramref name=\"inputs\"/>.", null,
                new[] { a.Parameters, a.Inputs, a.Rows, a.Outputs },
                w =>
                {
                    CheckBatch(w, a.Inputs, a.Outputs);
                    FirstRow(w, s, lanes, "ForwardBatch", "parameters, inputs, row, outputs", sum: null);
                    w.Open(lanes ? "for (; row < rows; row++)" : "for (int row = 0; row < rows; row++)");
                    w.Line("Forward(parameters, inputs.Slice(row * InputCount, InputCount), outputs.Slice(row * OutputCount, OutputCount));");
                    w.Close();
                });

            yield return new ApiMethod(s.Name, "LossBatch",
                "Computes the summed loss Σ L over the rows of a batch.", "Σ L over the rows (0 for no rows).",
                new[] { a.Parameters, a.Inputs, a.Targets, a.Rows },
                w =>
                {
                    CheckBatch(w, a.Inputs, a.Targets);
                    SumLoss(w, s, lanes, "LossBatch", "parameters, inputs, targets, row",
                        "Loss(parameters, inputs.Slice(row * InputCount, InputCount), targets.Slice(row * OutputCount, OutputCount))");
                    w.Line("return loss;");
                });

            yield return new ApiMethod(s.Name, "LossBatchMean",
                "Computes the mean loss (1/rows) Σ L over the rows of a batch.", "The mean of L over the rows.",
                new[] { a.Parameters, a.Inputs, a.Targets, a.Rows },
                w => w.Line("return LossBatch(parameters, inputs, targets, rows) / NonEmpty(rows);"));

            yield return new ApiMethod(s.Name, "BackwardBatch",
                "Computes the summed loss Σ L over the rows of a batch and overwrites <paramref name=\"gradient\"/> with its gradient Σ dL/dθ.",
                "Σ L over the rows (0 for no rows).",
                new[] { a.Parameters, a.Inputs, a.Targets, a.Rows, a.Gradient },
                w =>
                {
                    CheckBatch(w, a.Inputs, a.Targets);
                    w.Line("if (gradient.Length != ParameterCount) throw LengthMismatch(nameof(gradient), ParameterCount, gradient.Length);");
                    w.Line("gradient.Clear();");
                    if (blocked)
                    {
                        BlockedWeightGradients.Batch(w, network, s);
                        return;
                    }

                    SumLoss(w, s, lanes, "BackwardBatch", "parameters, inputs, targets, row, gradient",
                        "BackwardAccumulate(parameters, inputs.Slice(row * InputCount, InputCount), targets.Slice(row * OutputCount, OutputCount), gradient)");
                    w.Line("return loss;");
                });

            yield return new ApiMethod(s.Name, "BackwardBatchMean",
                "Computes the mean loss (1/rows) Σ L over the rows of a batch and overwrites <paramref name=\"gradient\"/> with its gradient: "
                + "what a mini-batch training step calls before the optimiser's step.",
                "The mean of L over the rows.",
                new[] { a.Parameters, a.Inputs, a.Targets, a.Rows, a.Gradient },
                w =>
                {
                    w.Line($"{s.Name} count = NonEmpty(rows);");
                    w.Line($"{s.Name} loss = BackwardBatch(parameters, inputs, targets, rows, gradient);");
                    w.Line($"{RuntimeClasses.VectorMath}.Divide(gradient, count);");
                    w.Line("return loss / count;");
                });
        }

        /// <summary>Whether the method divides by the row count, and so calls the helper that <see cref="WriteNonEmptyHelper"/> writes.</summary>
        public static bool TakesAMean(ApiMethod method) => method.Name.EndsWith("BatchMean", System.StringComparison.Ordinal);

        /// <summary>The row count as a divisor; a mean over no rows is undefined.</summary>
        public static void WriteNonEmptyHelper(SourceWriter w, ScalarType s, string generatedCode)
        {
            w.Line(generatedCode);
            w.Open($"private static {s.Name} NonEmpty(int rows)");
            w.Line("if (rows < 1) throw new global::System.ArgumentOutOfRangeException(nameof(rows), rows, \"A mean needs at least one row.\");");
            w.Line("return rows;");
            w.Close();
            w.Line();
        }

        /// <summary>The checks of θ, the row count and two row-major blocks, in the order every batch method makes them.</summary>
        internal static void CheckBatch(SourceWriter w, ApiParameter rowsOfInputs, ApiParameter rowsOfOther)
        {
            w.Line("if (parameters.Length != ParameterCount) throw LengthMismatch(nameof(parameters), ParameterCount, parameters.Length);");
            w.Line($"if (rows < 0) throw new global::System.ArgumentOutOfRangeException(nameof(rows), rows, \"The row count cannot be negative.\");");
            Check(w, rowsOfInputs.Name, "InputCount");
            Check(w, rowsOfOther.Name, "OutputCount");
        }

        private static void Check(SourceWriter w, string name, string width) =>
            w.Line($"if ({name}.Length != (long)rows * {width}) throw LengthMismatch(nameof({name}), (long)rows * {width}, {name}.Length);");

        private static void SumLoss(SourceWriter w, ScalarType s, bool lanes, string batchMethod, string laneArguments, string call)
        {
            w.Line($"{s.Name} loss = {s.Literal(0)};");
            FirstRow(w, s, lanes, batchMethod, laneArguments, sum: "loss");
            w.Open(lanes ? "for (; row < rows; row++)" : "for (int row = 0; row < rows; row++)");
            w.Line($"loss += {call};");
            w.Close();
        }

        /// <summary>
        /// With lanes: hands the whole groups of rows to the lane method and leaves <c>row</c> at the first row left over
        /// (the lane method's loss sum, if any, lands in <paramref name="sum"/>).
        /// </summary>
        private static void FirstRow(SourceWriter w, ScalarType s, bool lanes, string batchMethod, string laneArguments, string? sum)
        {
            if (!lanes)
            {
                return;
            }

            w.Line("int row = 0;");
            w.Open("if (global::System.Numerics.Vector.IsHardwareAccelerated)");
            w.Line($"row = rows - rows % {s.Lanes.Name}.Count;");
            var call = $"{LaneBatchMethods.NameFor(batchMethod)}({laneArguments});";
            w.Line(sum is null ? call : $"{sum} = {call}");
            w.Close();
            w.Line();
        }
    }
}
