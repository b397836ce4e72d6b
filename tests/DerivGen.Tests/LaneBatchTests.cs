using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Sdk;

namespace DerivGen.Tests
{
    /// <summary>
    /// The lane-parallel batch methods: every lane of a batch is the single-sample result, bit for bit, for the smaller
    /// reference networks in double and in float, over batch sizes around the lane count (1, Count − 1, Count, Count + 1, 3·Count + 2).
    /// </summary>
    /// <remarks>
    /// Why bit for bit, not within an ulp: a lane runs exactly the operations of the single-sample code in the same order.
    /// Vector&lt;T&gt; +, −, ·, / and unary − are IEEE operations lane by lane; .NET does not contract a·b + c into a fused
    /// multiply-add unless asked to (FusedMultiplyAdd), for scalars or vectors; comparisons and selects are exact; Max, Min, Abs and
    /// Sqrt are exact vector forms; DerivGen's own functions (Tanh, SechSquared, ExpNonPositive) run the scalar functions'
    /// operations in vectors (LaneMathTwinTests checks each on its own); and every other function (Exp, Log, …) is the
    /// scalar function applied to each lane. So any difference, even in the last
    /// bit, is a bug: a lane reading another row, a wrong operand order, a contraction, a vector approximation.
    /// The batch's sums are compared with the single-sample results summed in the order the lane form adds them: each lane
    /// sums its rows (lane l holds rows l, l + Count, …) starting from 0, then the lanes are added in order from 0, then
    /// the rows left over one by one. That order is the lane form's definition, not a result copied from it; a lane whose
    /// value differed in any bit would (all but surely) change the sum.
    /// The networks are the reference cases' own compilations (<see cref="ReferenceCaseTests"/> in double,
    /// <see cref="SinglePrecisionTests"/> in float), which every network's lane methods are part of: no compilation of its own.
    /// </remarks>
    [Trait("Category", "Slow")] // reads the shared compilations of the reference networks in double and float
    public sealed class LaneBatchTests
    {
        /// <summary>
        /// The small reference cases (48 of the 128, with every activation and loss among them): the larger ones' lane methods
        /// are compiled too, but running them would be mostly the JIT's time on long methods, and the float compilation
        /// holds only these.
        /// </summary>
        private static readonly IReadOnlyList<ReferenceCase> SmallCases = ReferenceCases.Small;

        private delegate void RowForward<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, Span<T> output);

        private delegate T RowLoss<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, ReadOnlySpan<T> target);

        private delegate T RowBackward<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> gradient);

        private delegate void BatchForward<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, int rows, Span<T> outputs);

        private delegate T BatchLoss<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows);

        private delegate T BatchBackward<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, Span<T> gradient);

        public static TheoryData<string> Cases() => new(SmallCases.Select(c => c.Name));

        [Theory]
        [MemberData(nameof(Cases))]
        public void EveryLaneOfABatchIsTheSingleSampleResultBitForBit(string name)
        {
            var reference = ReferenceCases.Get(name);
            var doubles = ReferenceCaseTests.Compiled.Value.Assembly ?? throw new XunitException("The reference networks did not compile.");
            var singles = SinglePrecisionTests.Compiled.Value.Assembly ?? throw new XunitException("The float reference networks did not compile.");
            Check<double>(reference, doubles.GetType($"{ReferenceCaseTests.Namespace}.{reference.ClassName}"));
            Check<float>(reference, singles.GetType($"{SinglePrecisionTests.Namespace}.{reference.ClassName}"));
        }

        /// <summary>
        /// A project whose DerivGen runtime is the netstandard2.0 build (no LaneMath) gets the row-by-row batch, which
        /// compiles. The runtime's own source compiled with no NET symbol defined, as its netstandard2.0 build is, stands in
        /// for that assembly (LaneMath.cs is all inside #if NET8_0_OR_GREATER).
        /// </summary>
        [Fact]
        public void ARuntimeWithoutLaneMathGetsTheRowByRowBatch()
        {
            const string Network = """
                using DerivGen;

                [Network(3, Loss = LossFunction.SquaredError)]
                [Dense(3, Activation.ReLU)]
                [Dense(1, Activation.Sigmoid)]
                public partial class NoLanes { }
                """;
            string separator = Path.DirectorySeparatorChar.ToString();
            var runtime = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "DerivGen"), "*.cs", SearchOption.AllDirectories)
                .Where(path => !path.Contains(separator + "obj" + separator, StringComparison.Ordinal) && !path.Contains(separator + "bin" + separator, StringComparison.Ordinal))
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(File.ReadAllText);
            var compilation = GeneratorHarness.CreateCompilation("DerivGen.NoLanes", runtime.Append(Network));
            compilation = compilation.RemoveReferences(compilation.References.Where(r => r.Display?.EndsWith(separator + "DerivGen.dll", StringComparison.Ordinal) == true));
            Assert.Null(compilation.GetTypeByMetadataName("DerivGen.LaneMath"));
            Assert.NotNull(compilation.GetTypeByMetadataName("DerivGen.NetworkAttribute"));

            var run = GeneratorHarness.Run(compilation);

            Assert.Empty(run.GeneratorDiagnostics);
            string text = run.Source("NoLanes.DerivGen.g.cs").Text;
            Assert.DoesNotContain("Lanes(", text, StringComparison.Ordinal);
            Assert.DoesNotContain("System.Numerics.Vector", text, StringComparison.Ordinal); // not "Vector": HessianVectorProduct has it
            Assert.Contains("for (int row = 0; row < rows; row++)", text, StringComparison.Ordinal);
            Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        /// <summary>
        /// Which networks get the lane form: the seeds' 3-3-1 and 12-12-12-1 (325 parameters, every fan-in under 16) do; a
        /// network with a layer in the SIMD form (fan-in 16) and 12-15-15-12-1 (640 parameters, past
        /// <c>LaneBatchMethods.ParameterLimit</c>) get the row-by-row batch (README, "Lane-parallel batches", says why).
        /// </summary>
        [Theory]
        [InlineData("[Network(3, Loss = LossFunction.SquaredError)] [Dense(3, Activation.ReLU)] [Dense(1, Activation.Sigmoid)]", true)]
        [InlineData("[Network(16, Loss = LossFunction.SquaredError)] [Dense(4, Activation.Tanh)] [Dense(1, Activation.Identity)]", false)]
        [InlineData("[Network(12, Loss = LossFunction.SquaredError)] [Dense(12, Activation.Tanh)] [Dense(12, Activation.Tanh)] [Dense(1, Activation.Identity)]", true)]
        [InlineData("[Network(12, Loss = LossFunction.SquaredError)] [Dense(15, Activation.Tanh)] [Dense(15, Activation.Tanh)] [Dense(12, Activation.Tanh)] [Dense(1, Activation.Identity)]", false)]
        public void OnlySmallNetworksWithoutSimdLayersGetTheLaneForm(string attributes, bool lanes)
        {
            var run = GeneratorHarness.Run("using DerivGen;\n" + attributes + "\npublic partial class Net { }");

            Assert.Empty(run.GeneratorDiagnostics);
            string text = run.Source("Net.DerivGen.g.cs").Text;
            Assert.Equal(lanes, text.Contains("private static double BackwardBatchLanes(", StringComparison.Ordinal));
            Assert.Equal(lanes, text.Contains("BackwardBatchLanes(parameters, inputs, targets, row, gradient)", StringComparison.Ordinal));
            Assert.Empty(run.OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        /// <summary>
        /// LaneMath.Abs and Sqrt are the vector operations (Vector.Abs, Vector.SquareRoot), not Math.Abs and Math.Sqrt per lane,
        /// so they are checked against those on special values (NaN of both signs, ±∞, ±0, subnormals, negatives, ordinary
        /// numbers), bit for bit, in double and float: both clear the sign bit, and both square roots are IEEE's correctly
        /// rounded one.
        /// </summary>
        [Fact]
        public void LaneAbsAndSqrtAreMathAbsAndSqrtBitForBit()
        {
            double[] values =
            {
                double.NaN, -double.NaN, double.NegativeInfinity, -2.5, -1.0, -double.Epsilon, -0.0, 0.0, double.Epsilon, 1e-310, 0.1, 1.0, 2.0, 2.5, 1e300,
                double.MaxValue, double.PositiveInfinity,
            };
            CheckEach(values, global::DerivGen.LaneMath.Abs, Math.Abs, "Abs");
            CheckEach(values, global::DerivGen.LaneMath.Sqrt, Math.Sqrt, "Sqrt");
            float[] singles = values.Select(v => (float)v).Append(float.Epsilon).Append(-float.Epsilon).ToArray();
            CheckEach(singles, global::DerivGen.LaneMath.Abs, MathF.Abs, "Abs");
            CheckEach(singles, global::DerivGen.LaneMath.Sqrt, MathF.Sqrt, "Sqrt");
        }

        /// <summary>
        /// A masked lane function (what <c>c ? F(x) : e</c> becomes when F is called lane by lane) gives F's lane where the mask
        /// is set and e's elsewhere, bit for bit, with lanes of both kinds in one vector (the others' x outside F's domain), in
        /// double and float.
        /// </summary>
        [Fact]
        public void AMaskedLaneFunctionTakesEachLanesOwnArm()
        {
            int count = Vector<double>.Count;
            var x = Enumerable.Range(0, count).Select(i => i % 2 == 0 ? 0.5 + i : -1.0 - i).ToArray();
            var otherwise = Enumerable.Range(0, count).Select(i => 100.0 + i).ToArray();
            var where = x.Select(v => v > 0 ? -1L : 0L).ToArray();
            Vector<double> result = global::DerivGen.LaneMath.Log(new Vector<double>(x), new Vector<long>(where), new Vector<double>(otherwise));
            for (int lane = 0; lane < count; lane++)
            {
                AssertSameBits(x[lane] > 0 ? Math.Log(x[lane]) : otherwise[lane], result[lane], $"lane {lane} of Log(x) where x > 0");
            }

            int singles = Vector<float>.Count;
            var xf = Enumerable.Range(0, singles).Select(i => i % 3 == 0 ? -2.0f - i : 0.25f * (i + 1)).ToArray();
            var of = Enumerable.Range(0, singles).Select(i => (float)i).ToArray();
            var wf = xf.Select(v => v < 0 ? 0 : -1).ToArray();
            Vector<float> single = global::DerivGen.LaneMath.Pow(new Vector<float>(xf), new Vector<float>(0.5f), new Vector<int>(wf), new Vector<float>(of));
            for (int lane = 0; lane < singles; lane++)
            {
                AssertSameBits(xf[lane] < 0 ? of[lane] : global::DerivGen.SingleMath.Pow(xf[lane], 0.5f), single[lane], $"lane {lane} of Pow(x, 0.5) where x ≥ 0");
            }
        }

        private static void CheckEach<T>(T[] values, Func<Vector<T>, Vector<T>> lanes, Func<T, T> scalar, string name)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int count = Vector<T>.Count;
            for (int start = 0; start < values.Length; start += count)
            {
                var xs = new T[count];
                for (int lane = 0; lane < count; lane++)
                {
                    xs[lane] = values[(start + lane) % values.Length];
                }

                Vector<T> result = lanes(new Vector<T>(xs));
                for (int lane = 0; lane < count; lane++)
                {
                    AssertSameBits(scalar(xs[lane]), result[lane], $"{name}({xs[lane]}) in {typeof(T).Name}");
                }
            }
        }

        /// <summary>
        /// LaneMath.Max and Min are vector operations, not Math.Max and Math.Min per lane, so they are checked against those
        /// on every pair of special values (NaN, ±∞, ±0, ties, ordinary numbers), bit for bit, in double and float.
        /// </summary>
        [Fact]
        public void LaneMaxAndMinAreMathMaxAndMinBitForBit()
        {
            double[] values = { double.NaN, double.NegativeInfinity, -2.5, -1.0, -0.0, 0.0, 1.0, 2.5, double.PositiveInfinity, -double.NaN };
            var pairs = values.SelectMany(x => values.Select(y => (X: x, Y: y))).ToArray();
            CheckPairs(pairs, (x, y) => global::DerivGen.LaneMath.Max(x, y), (x, y) => global::DerivGen.LaneMath.Min(x, y), Math.Max, Math.Min);
            CheckPairs(
                pairs.Select(p => (X: (float)p.X, Y: (float)p.Y)).ToArray(),
                (x, y) => global::DerivGen.LaneMath.Max(x, y), (x, y) => global::DerivGen.LaneMath.Min(x, y), Math.Max, Math.Min);
        }

        private static void CheckPairs<T>(
            (T X, T Y)[] pairs, Func<Vector<T>, Vector<T>, Vector<T>> laneMax, Func<Vector<T>, Vector<T>, Vector<T>> laneMin, Func<T, T, T> max, Func<T, T, T> min)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int count = Vector<T>.Count;
            for (int start = 0; start < pairs.Length; start += count)
            {
                var xs = new T[count];
                var ys = new T[count];
                for (int lane = 0; lane < count; lane++)
                {
                    (xs[lane], ys[lane]) = pairs[(start + lane) % pairs.Length];
                }

                Vector<T> largest = laneMax(new Vector<T>(xs), new Vector<T>(ys));
                Vector<T> smallest = laneMin(new Vector<T>(xs), new Vector<T>(ys));
                for (int lane = 0; lane < count; lane++)
                {
                    AssertSameBits(max(xs[lane], ys[lane]), largest[lane], $"Max({xs[lane]}, {ys[lane]}) in {typeof(T).Name}");
                    AssertSameBits(min(xs[lane], ys[lane]), smallest[lane], $"Min({xs[lane]}, {ys[lane]}) in {typeof(T).Name}");
                }
            }
        }

        private static void Check<T>(ReferenceCase reference, Type network)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            // Without the lane form this test would compare the row-by-row batch with itself.
            Assert.NotNull(network.GetMethod("BackwardBatchLanes", BindingFlags.NonPublic | BindingFlags.Static));

            var forward = CollectibleAssembly.StaticMethod<RowForward<T>>(network, "Forward");
            var loss = CollectibleAssembly.StaticMethod<RowLoss<T>>(network, "Loss");
            var backward = CollectibleAssembly.StaticMethod<RowBackward<T>>(network, "Backward");
            var forwardBatch = CollectibleAssembly.StaticMethod<BatchForward<T>>(network, "ForwardBatch");
            var lossBatch = CollectibleAssembly.StaticMethod<BatchLoss<T>>(network, "LossBatch");
            var backwardBatch = CollectibleAssembly.StaticMethod<BatchBackward<T>>(network, "BackwardBatch");

            int inputs = reference.X.Count;
            int outputs = reference.Y.Count;
            int parameterCount = reference.Parameters.Count;
            T[] parameters = reference.Parameters.Select(T.CreateTruncating).ToArray();
            int count = Vector<T>.Count;
            foreach (int rows in new[] { 1, count - 1, count, count + 1, 3 * count + 2 }.Where(r => r > 0).Distinct())
            {
                var (x, y) = Batch<T>(reference, rows);
                string at = $"{network.Name}, {rows} rows";

                var batchOutputs = new T[rows * outputs];
                forwardBatch(parameters, x, rows, batchOutputs);
                var rowOutput = new T[outputs];
                var rowLosses = new T[rows];
                var rowGradients = new T[rows][];
                for (int row = 0; row < rows; row++)
                {
                    var input = x.AsSpan(row * inputs, inputs);
                    var target = y.AsSpan(row * outputs, outputs);
                    forward(parameters, input, rowOutput);
                    for (int i = 0; i < outputs; i++)
                    {
                        AssertSameBits(rowOutput[i], batchOutputs[row * outputs + i], $"{at}: output {i} of row {row}");
                    }

                    Assert.Equal(Bits(loss(parameters, input, target)), Bits(backward(parameters, input, target, rowGradients[row] = new T[parameterCount])));
                    rowLosses[row] = loss(parameters, input, target);
                }

                AssertSameBits(InLaneOrder(rows, r => rowLosses[r]), lossBatch(parameters, x, y, rows), $"{at}: LossBatch");
                var gradient = new T[parameterCount];
                AssertSameBits(InLaneOrder(rows, r => rowLosses[r]), backwardBatch(parameters, x, y, rows, gradient), $"{at}: BackwardBatch's loss");
                for (int k = 0; k < parameterCount; k++)
                {
                    AssertSameBits(InLaneOrder(rows, r => rowGradients[r][k]), gradient[k], $"{at}: dL/dθ[{k}]");
                }
            }
        }

        /// <summary>
        /// Rows of the case's x scaled by 1, ⅔, ⅓, 0, −⅓, −⅔, −1 in turn (so units cross zero, and an input is exactly 0), each
        /// with the case's y (a distribution where the loss needs one).
        /// </summary>
        private static (T[] Inputs, T[] Targets) Batch<T>(ReferenceCase reference, int rows)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var inputs = new T[rows * reference.X.Count];
            var targets = new T[rows * reference.Y.Count];
            for (int row = 0; row < rows; row++)
            {
                for (int j = 0; j < reference.X.Count; j++)
                {
                    double scale = 1 - ((row * 5 + j) % 7) / 3.0;
                    inputs[row * reference.X.Count + j] = T.CreateTruncating(reference.X[j] * scale);
                }

                for (int j = 0; j < reference.Y.Count; j++)
                {
                    targets[row * reference.Y.Count + j] = T.CreateTruncating(reference.Y[j]);
                }
            }

            return (inputs, targets);
        }

        /// <summary>The per-row values summed as the lane form sums them (see the class remarks).</summary>
        private static T InLaneOrder<T>(int rows, Func<int, T> perRow)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            int count = Vector<T>.Count;
            int laned = Vector.IsHardwareAccelerated ? rows - rows % count : 0;
            T sum = T.Zero;
            if (Vector.IsHardwareAccelerated)
            {
                for (int lane = 0; lane < count; lane++)
                {
                    T laneSum = T.Zero;
                    for (int row = lane; row < laned; row += count)
                    {
                        laneSum += perRow(row);
                    }

                    sum += laneSum;
                }
            }

            for (int row = laned; row < rows; row++)
            {
                sum += perRow(row);
            }

            return sum;
        }

        /// <summary>The value's bits (a float widened to double keeps its sign, and a NaN stays a NaN of the same sign).</summary>
        private static long Bits<T>(T value)
            where T : unmanaged, IFloatingPointIeee754<T> =>
            typeof(T) == typeof(float) ? BitConverter.SingleToInt32Bits(float.CreateTruncating(value)) : BitConverter.DoubleToInt64Bits(double.CreateTruncating(value));

        private static void AssertSameBits<T>(T expected, T actual, string what)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (Bits(expected) != Bits(actual))
            {
                throw new XunitException($"{what}: the single-sample code gives {expected:R}, the batch {actual:R}.");
            }
        }
    }
}
