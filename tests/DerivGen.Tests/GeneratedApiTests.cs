using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The generated members of TinyNet behave as the contract says: sizes and layout constants, span length checks,
    /// the Trace view, the instance form, and Backward overwriting (not accumulating into) its output spans.
    /// </summary>
    public sealed class GeneratedApiTests
    {
        private const int Parameters = 16;
        private const int Inputs = 3;
        private const int Outputs = 1;
        private const int TraceLength = 16;

        /// <summary>TinyNet alone: only the static API, so these tests do not depend on the instance form compiling.</summary>
        private static readonly Lazy<NetworkFunctions> TinyNet = new(() =>
            CollectibleAssembly.Load(CompileCleanly(TestNetworks.TinyNet)).Network("TinyNet"));

        /// <summary>TinyNet plus <see cref="ProbeSource"/>, which reaches the instance members and the Trace ref struct.</summary>
        private static readonly Lazy<CollectibleAssembly> WithProbe = new(() =>
            CollectibleAssembly.Load(CompileCleanly(TestNetworks.TinyNet, ProbeSource)));

        // Static helpers compiled next to TinyNet: instance members and a ref struct cannot be reached by reflection with spans.
        private const string ProbeSource = """
            using System;

            public static class Probe
            {
                public static void NewTrace(Span<double> values) => _ = new TinyNet.Trace(values);

                public static void ReadTrace(Span<double> values, Span<double> blocks)
                {
                    var trace = new TinyNet.Trace(values);
                    int i = 0;
                    Append(trace.Z1, blocks, ref i);
                    Append(trace.A1, blocks, ref i);
                    Append(trace.dA1, blocks, ref i);
                    Append(trace.dZ1, blocks, ref i);
                    Append(trace.Z2, blocks, ref i);
                    Append(trace.A2, blocks, ref i);
                    Append(trace.dA2, blocks, ref i);
                    Append(trace.dZ2, blocks, ref i);
                }

                private static void Append(ReadOnlySpan<double> block, Span<double> blocks, ref int i)
                {
                    block.CopyTo(blocks.Slice(i));
                    i += block.Length;
                }

                public static void ViewLengths(Span<double> lengths)
                {
                    var net = new TinyNet();
                    lengths[0] = net.Parameters.Length;
                    lengths[1] = net.W1.Length;
                    lengths[2] = net.b1.Length;
                    lengths[3] = net.W2.Length;
                    lengths[4] = net.b2.Length;
                }

                public static void WriteThroughViews(Span<double> parameters)
                {
                    var net = new TinyNet();
                    for (int i = 0; i < net.W1.Length; i++) net.W1[i] = 100 + i;
                    for (int i = 0; i < net.b1.Length; i++) net.b1[i] = 200 + i;
                    for (int i = 0; i < net.W2.Length; i++) net.W2[i] = 300 + i;
                    for (int i = 0; i < net.b2.Length; i++) net.b2[i] = 400 + i;
                    net.Parameters.CopyTo(parameters);
                }

                public static bool ParametersStartAtZeroAndStayOwned()
                {
                    var net = new TinyNet();
                    foreach (double p in net.Parameters) if (p != 0.0) return false;
                    return ReferenceEquals(net.Parameters, net.Parameters);
                }

                public static void InstanceForward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> output)
                {
                    var net = new TinyNet();
                    parameters.CopyTo(net.Parameters);
                    net.Forward(input, output);
                }

                public static double InstanceLoss(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target)
                {
                    var net = new TinyNet();
                    parameters.CopyTo(net.Parameters);
                    return net.Loss(input, target);
                }

                public static double InstanceBackward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> gradient)
                {
                    var net = new TinyNet();
                    parameters.CopyTo(net.Parameters);
                    return net.Backward(input, target, gradient);
                }

                public static double InstanceBackwardWithTrace(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> gradient, Span<double> trace)
                {
                    var net = new TinyNet();
                    parameters.CopyTo(net.Parameters);
                    return net.Backward(input, target, gradient, trace);
                }
            }

            """;

        private delegate void SpanAction(Span<double> values);

        private delegate void TwoSpanAction(Span<double> values, Span<double> result);

        private delegate bool Check();

        /// <summary>Every span argument of every static method, made one too short and one too long.</summary>
        public static TheoryData<string, string, int> WrongLengths
        {
            get
            {
                var data = new TheoryData<string, string, int>();
                foreach ((string method, string[] arguments) in Signatures)
                {
                    foreach (string argument in arguments)
                    {
                        data.Add(method, argument, -1);
                        data.Add(method, argument, +1);
                    }
                }

                return data;
            }
        }

        private static IEnumerable<(string Method, string[] Arguments)> Signatures => new[]
        {
            ("Forward", new[] { "parameters", "input", "output" }),
            ("Loss", new[] { "parameters", "input", "target" }),
            ("Backward", new[] { "parameters", "input", "target", "gradient" }),
            ("BackwardWithTrace", new[] { "parameters", "input", "target", "gradient", "trace" }),
        };

        // The contract's worked example (tests/DerivGen.Tests/References/networks/seed-331.json): 16 parameters 0.1 ... 0.5, x = [20, 3, 4], y = [18].
        private static double[] SeedParameters => ReferenceCases.Get("seed-331").Parameters.ToArray();

        private static double[] SeedInput => ReferenceCases.Get("seed-331").X.ToArray();

        private static double[] SeedTarget => ReferenceCases.Get("seed-331").Y.ToArray();

        [Fact]
        public void SizesAndLayoutAreTheContractsTinyNetNumbers()
        {
            NetworkFunctions net = TinyNet.Value;

            Assert.Equal(Inputs, net.InputCount);
            Assert.Equal(Outputs, net.OutputCount);
            Assert.Equal(Parameters, net.ParameterCount);
            Assert.Equal(TraceLength, net.TraceLength);
            var expectedLayout = new SortedDictionary<string, int>(StringComparer.Ordinal)
            {
                ["W1"] = 0, ["W1Length"] = 9, ["b1"] = 9, ["b1Length"] = 3,
                ["W2"] = 12, ["W2Length"] = 3, ["b2"] = 15, ["b2Length"] = 1,
            };
            Assert.Equal(expectedLayout, new SortedDictionary<string, int>(net.Layout.ToDictionary(), StringComparer.Ordinal));
        }

        [Theory]
        [MemberData(nameof(WrongLengths))]
        public void SpanOfWrongLengthThrowsArgumentExceptionNamingTheArgument(string method, string argument, int lengthError)
        {
            NetworkFunctions net = TinyNet.Value;
            var lengths = new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["parameters"] = Parameters, ["input"] = Inputs, ["output"] = Outputs, ["target"] = Outputs,
                ["gradient"] = Parameters, ["trace"] = TraceLength,
            };
            int expectedLength = lengths[argument];
            lengths[argument] += lengthError;
            double[] Buffer(string name) => new double[lengths[name]];
            double[] parameters = Buffer("parameters"), input = Buffer("input"), output = Buffer("output"),
                target = Buffer("target"), gradient = Buffer("gradient"), trace = Buffer("trace");

            Action call = method switch
            {
                "Forward" => () => net.Forward(parameters, input, output),
                "Loss" => () => net.Loss(parameters, input, target),
                "Backward" => () => net.Backward(parameters, input, target, gradient),
                "BackwardWithTrace" => () => net.BackwardWithTrace(parameters, input, target, gradient, trace),
                _ => throw new ArgumentOutOfRangeException(nameof(method)),
            };

            ArgumentException e = Assert.ThrowsAny<ArgumentException>(call);
            Assert.Equal(argument, e.ParamName);
            Assert.Contains(expectedLength.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void SpansOfTheRightLengthAreAccepted()
        {
            NetworkFunctions net = TinyNet.Value;

            net.Forward(new double[Parameters], new double[Inputs], new double[Outputs]);
            net.Loss(new double[Parameters], new double[Inputs], new double[Outputs]);
            net.Backward(new double[Parameters], new double[Inputs], new double[Outputs], new double[Parameters]);
            net.BackwardWithTrace(new double[Parameters], new double[Inputs], new double[Outputs], new double[Parameters], new double[TraceLength]);
        }

        [Theory]
        [InlineData(TraceLength - 1)]
        [InlineData(TraceLength + 1)]
        [InlineData(0)]
        public void TraceOverBufferOfWrongLengthThrowsArgumentExceptionNamingValues(int length)
        {
            SpanAction newTrace = ProbeMethod<SpanAction>("NewTrace");

            ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => newTrace(new double[length]));
            Assert.Equal("values", e.ParamName);
        }

        [Fact]
        public void TraceViewExposesFourBlocksPerLayerInOrder()
        {
            TwoSpanAction readTrace = ProbeMethod<TwoSpanAction>("ReadTrace");
            double[] values = Enumerable.Range(0, TraceLength).Select(i => (double)i).ToArray();
            var blocks = new double[TraceLength];

            readTrace(values, blocks);

            // Z1, A1, dA1, dZ1 (3 each) then Z2, A2, dA2, dZ2 (1 each) read the buffer front to back.
            Assert.Equal(values, blocks);
        }

        [Fact]
        public void InstanceParametersAreZeroedAndViewsHaveTheLayoutLengths()
        {
            Assert.True(ProbeMethod<Check>("ParametersStartAtZeroAndStayOwned")());
            var lengths = new double[5];
            ProbeMethod<SpanAction>("ViewLengths")(lengths);
            Assert.Equal(new double[] { 16, 9, 3, 3, 1 }, lengths);
        }

        [Fact]
        public void ParameterViewsWriteIntoParametersAtTheLayoutOffsets()
        {
            var parameters = new double[Parameters];
            ProbeMethod<SpanAction>("WriteThroughViews")(parameters);

            double[] expected =
            {
                100, 101, 102, 103, 104, 105, 106, 107, 108, // W1, row-major 3 x 3
                200, 201, 202,                               // b1
                300, 301, 302,                               // W2, 1 x 3
                400,                                         // b2
            };
            Assert.Equal(expected, parameters);
        }

        [Fact]
        public void InstanceMembersAgreeWithTheStaticOnes()
        {
            NetworkFunctions net = TinyNet.Value;
            double[] p = SeedParameters, x = SeedInput, y = SeedTarget;

            var staticOutput = new double[Outputs];
            var instanceOutput = new double[Outputs];
            net.Forward(p, x, staticOutput);
            ProbeMethod<ForwardDelegate>("InstanceForward")(p, x, instanceOutput);
            Assert.Equal(staticOutput, instanceOutput);

            Assert.Equal(net.Loss(p, x, y), ProbeMethod<LossDelegate>("InstanceLoss")(p, x, y));

            var staticGradient = new double[Parameters];
            var instanceGradient = new double[Parameters];
            Assert.Equal(net.Backward(p, x, y, staticGradient), ProbeMethod<BackwardDelegate>("InstanceBackward")(p, x, y, instanceGradient));
            Assert.Equal(staticGradient, instanceGradient);

            var staticTrace = new double[TraceLength];
            var instanceTrace = new double[TraceLength];
            Assert.Equal(
                net.BackwardWithTrace(p, x, y, staticGradient, staticTrace),
                ProbeMethod<BackwardWithTraceDelegate>("InstanceBackwardWithTrace")(p, x, y, instanceGradient, instanceTrace));
            Assert.Equal(staticGradient, instanceGradient);
            Assert.Equal(staticTrace, instanceTrace);
        }

        [Fact]
        public void BackwardOverwritesGradientAndTraceInsteadOfAccumulating()
        {
            NetworkFunctions net = TinyNet.Value;
            double[] p = SeedParameters, x = SeedInput, y = SeedTarget;
            var cleanGradient = new double[Parameters];
            var cleanTrace = new double[TraceLength];
            double cleanLoss = net.BackwardWithTrace(p, x, y, cleanGradient, cleanTrace);

            double[] dirtyGradient = Enumerable.Repeat(double.NaN, Parameters).ToArray();
            double[] dirtyTrace = Enumerable.Repeat(double.NaN, TraceLength).ToArray();
            double dirtyLoss = net.BackwardWithTrace(p, x, y, dirtyGradient, dirtyTrace);
            double[] dirtyGradient2 = Enumerable.Repeat(1e300, Parameters).ToArray();
            double dirtyLoss2 = net.Backward(p, x, y, dirtyGradient2);

            Assert.Equal(cleanLoss, dirtyLoss);
            Assert.Equal(cleanLoss, dirtyLoss2);
            Assert.Equal(cleanGradient, dirtyGradient);
            Assert.Equal(cleanGradient, dirtyGradient2);
            Assert.Equal(cleanTrace, dirtyTrace);
        }

        [Fact]
        public void BackwardWithAndWithoutTraceGiveTheSameLossAndGradient()
        {
            NetworkFunctions net = TinyNet.Value;
            double[] p = SeedParameters, x = SeedInput, y = SeedTarget;
            var gradient = new double[Parameters];
            var gradientWithTrace = new double[Parameters];

            double loss = net.Backward(p, x, y, gradient);
            double lossWithTrace = net.BackwardWithTrace(p, x, y, gradientWithTrace, new double[TraceLength]);

            Assert.Equal(loss, lossWithTrace);
            Assert.Equal(gradient, gradientWithTrace);
            Assert.Equal(net.Loss(p, x, y), loss);
        }

        private static TDelegate ProbeMethod<TDelegate>(string name)
            where TDelegate : Delegate =>
            CollectibleAssembly.StaticMethod<TDelegate>(WithProbe.Value.GetType("Probe"), name);

        private static Microsoft.CodeAnalysis.Compilation CompileCleanly(params string[] sources)
        {
            GeneratorRun run = GeneratorHarness.Run(sources);
            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, "Generator diagnostics:\n" + GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.True(run.OutputDiagnostics.IsEmpty, "Compiler diagnostics:\n" + GeneratorRun.Describe(run.OutputDiagnostics));
            return run.Output;
        }
    }
}
