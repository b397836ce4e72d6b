using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// The SIMD form of layers with a large fan-in against the scalar form of the same networks: the reference networks
    /// that have such a layer (their SIMD form is the shared compilation of <see cref="ReferenceCaseTests"/>) and the
    /// benchmarks' 16-32-1 and 64-64-10 with a 19-17-5 of odd shapes. The scalar form is what a project whose DerivGen
    /// runtime is the netstandard2.0 build gets (no <c>DenseKernels</c>): the generator run over the runtime's own source
    /// compiled with no NET symbol, as <see cref="LaneBatchTests.ARuntimeWithoutLaneMathGetsTheRowByRowBatch"/> does.
    /// Forward, Loss, Backward and HessianVectorProduct (its loss, gradient and H·v) are compared, and H·v of the two
    /// benchmark networks must allocate nothing.
    /// </summary>
    [Trait("Category", "Slow")] // the shared compilation of the reference networks; see README, "Tests and snapshots"
    public sealed class SimdFormTests
    {
        /// <summary>
        /// Output, loss and gradient, SIMD against scalar, normwise. The kernels sum a dot product in vector lanes and then
        /// across them, the scalar form left to right, so the two agree to rounding, not bit for bit; both are held to 1e-13
        /// of the 50-digit reference by <see cref="ReferenceCaseTests"/>, and here to each other at the same bound. A kernel
        /// that dropped or misplaced a term (an O(1) error in some entry) fails it.
        /// </summary>
        private const double Tolerance = 1e-13;

        /// <summary>
        /// H·v, SIMD against scalar, normwise, in units of u = 2^-53: the bound <see cref="LoopedLayerTests"/> argues for its
        /// loop-form H·v against the unrolled one, whose difference is of the same kind. Both forms evaluate the same
        /// formulas; the SIMD form sums R{z} = W·R{a_prev} + Ẇ·a_prev + ḃ as two dot products in vector lanes (the scalar
        /// form one interleaved sum, left to right), R{dL/da_prev} = Wᵀ·R{dL/dz} + Ẇᵀ·dL/dz row by row rather than per
        /// column, and adds R{dL/dz}·a_prevᵀ and dL/dz·R{a_prev}ᵀ to H·v in two steps rather than one expression. Two orders
        /// of an n-term sum differ by at most 2n·u·Σ|terms|, by about √n·u statistically (n ≤ 2·64 here), and the tangent
        /// pass carries such a difference on with a gain of order one (these random networks are not tuned to cancel). The
        /// measured worst over every network and direction (printed by the tests) is 21.7·u; 128·u = 1.4e-14, far inside the
        /// 1e-12 that H·v is held to against 50-digit Hessians, leaves a factor of almost six, while a dropped or misplaced
        /// tangent term is O(1) relative to its entry (dropping dL/dz·R{a_prev}ᵀ from OuterTangent put 16-32-1, 19-17-5 and
        /// 64-64-10 0.16 to 0.92 apart).
        /// </summary>
        private const double ProductToleranceInUlps = 128;

        /// <summary>The fan-in from which a layer gets the SIMD form (the generator's SimdLayers.MinimumFanIn).</summary>
        private const int MinimumFanIn = 16;

        private const string Namespace = "ReferenceNetworks";

        private const string BenchmarkNamespace = "SimdBenchmarkNetworks";

        private const double UnitRoundoff = 1.1102230246251565e-16;

        /// <summary>The benchmarks' networks (tests/DerivGen.Benchmarks/Networks.cs) and one whose shapes fill no vector evenly.</summary>
        private static readonly NetworkDescription[] BenchmarkNetworks =
        {
            new("Net16x32x1", 16, new LayerDescription[] { new(32, Activation.Tanh), new(1) }),
            new("Net64x64x10", 64, new LayerDescription[] { new(64, Activation.ReLU), new(10, Activation.Softmax) }, LossFunction.CrossEntropy),

            // Fan-ins 19 and 17 leave a tail after the vectors; 17 and 5 rows leave one after the kernels' groups of four.
            new("Net19x17x5", 19, new LayerDescription[] { new(17, Activation.Sigmoid), new(5, Activation.Softmax) }, LossFunction.CrossEntropy),

            // Two tanh layers in a row whose activations go from kernel to kernel with no per-unit statement between
            // (ActivationKernels.Tanh writes the buffer the next Affine reads); 17 units leave a tail after the vectors.
            new("Net16x17x16x2", 16, new LayerDescription[] { new(17, Activation.Tanh), new(16, Activation.Tanh), new(2) }),

            // The C++ peer's 16-32-1 (ReLU, then Sigmoid), and two ReLU layers in a row whose activations go from kernel to
            // kernel (ActivationKernels.Relu, then ReluBackward fed by the next layer's TransposedProduct).
            new("Net16x32x1Relu", 16, new LayerDescription[] { new(32, Activation.ReLU), new(1, Activation.Sigmoid) }),
            new("Net16x17x16x3", 16, new LayerDescription[] { new(17, Activation.ReLU), new(16, Activation.ReLU), new(3) }),
        };

        /// <summary>The benchmark networks in the SIMD form.</summary>
        private static readonly Lazy<CompiledNetworks> SimdBenchmarks = new(() =>
            CompiledNetworks.Build(BenchmarkNetworks.Select(WithHessianVectorProduct).ToArray(), BenchmarkNamespace, "DerivGen.SimdBenchmarkNetworks"));

        /// <summary>The reference networks with a SIMD layer in the scalar form.</summary>
        private static readonly Lazy<ScalarCompilation> ScalarReferences = new(() =>
            ScalarCompilation.Build(SimdCases.Select(name => ReferenceCases.Get(name).Network), Namespace, "DerivGen.ScalarReferenceNetworks"));

        /// <summary>The benchmark networks in the scalar form.</summary>
        private static readonly Lazy<ScalarCompilation> ScalarBenchmarks = new(() =>
            ScalarCompilation.Build(BenchmarkNetworks, BenchmarkNamespace, "DerivGen.ScalarBenchmarkNetworks"));

        private readonly ITestOutputHelper output;

        public SimdFormTests(ITestOutputHelper output) => this.output = output;

        public static TheoryData<string> SimdCaseNames => new(SimdCases);

        public static TheoryData<string> BenchmarkNames => new(BenchmarkNetworks.Select(n => n.Name));

        private static string[] SimdCases => ReferenceCases.All
            .Where(c => c.Network.LayerInputs.Any(inputs => inputs >= MinimumFanIn))
            .Select(c => c.Name)
            .ToArray();

        [Fact]
        public void SeveralReferenceNetworksHaveASimdLayer() => Assert.True(SimdCases.Length >= 10);

        /// <summary>
        /// A tanh layer in the SIMD form computes its activations in one ActivationKernels.Tanh call, not one ScalarMath.Tanh
        /// per unit (what <see cref="TheSimdFormAgreesWithTheScalarFormOnTheBenchmarkNetworks"/> then checks numerically).
        /// </summary>
        [Theory]
        [InlineData("Net16x32x1", 1)]
        [InlineData("Net16x17x16x2", 2)]
        public void TanhLayersInTheSimdFormCallTheActivationKernel(string name, int tanhLayers)
        {
            var compiled = SimdBenchmarks.Value;
            compiled.Get(name);
            string source = compiled.Run.Source($"{BenchmarkNamespace}.{name}.DerivGen.g.cs").Text;
            for (int n = 1; n <= tanhLayers; n++)
            {
                Assert.Contains($"global::DerivGen.ActivationKernels.Tanh(z{n}, a{n});", source, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("ScalarMath.Tanh(", source, StringComparison.Ordinal);
        }

        /// <summary>
        /// A ReLU layer in the SIMD form computes its activations in one ActivationKernels.Relu call and, where the next
        /// layer writes its dL/da buffer, its dL/dz in one ReluBackward call, not a Math.Max and a select per unit.
        /// </summary>
        [Theory]
        [InlineData("Net16x32x1Relu", 1, 1)]
        [InlineData("Net16x17x16x3", 2, 2)]
        public void ReluLayersInTheSimdFormCallTheActivationKernels(string name, int reluLayers, int backwardKernels)
        {
            var compiled = SimdBenchmarks.Value;
            compiled.Get(name);
            string source = compiled.Run.Source($"{BenchmarkNamespace}.{name}.DerivGen.g.cs").Text;
            for (int n = 1; n <= reluLayers; n++)
            {
                Assert.Contains($"global::DerivGen.ActivationKernels.Relu(z{n}, a{n});", source, StringComparison.Ordinal);
            }

            for (int n = 1; n <= backwardKernels; n++)
            {
                Assert.Contains($"global::DerivGen.ActivationKernels.ReluBackward(z{n}, da{n}, dz{n});", source, StringComparison.Ordinal);
            }
        }

        [Theory]
        [MemberData(nameof(SimdCaseNames))]
        public void TheSimdFormAgreesWithTheScalarForm(string name)
        {
            ReferenceCase reference = ReferenceCases.Get(name);
            var compiled = ReferenceCaseTests.Compiled.Value;
            Type simd = compiled.Assembly!.GetType($"{Namespace}.{reference.ClassName}")!;
            string source = compiled.Run.Source($"{Namespace}.{reference.ClassName}.DerivGen.g.cs").Text;
            Compare(name, simd, source, ScalarReferences.Value, reference.ClassName, reference.Parameters.ToArray(), reference.X.ToArray(), reference.Y.ToArray());
        }

        [Theory]
        [MemberData(nameof(BenchmarkNames))]
        public void TheSimdFormAgreesWithTheScalarFormOnTheBenchmarkNetworks(string name)
        {
            NetworkDescription network = BenchmarkNetworks.Single(n => n.Name == name);
            var compiled = SimdBenchmarks.Value;
            compiled.Get(name); // fails with the reason when the network did not generate or compile
            Type simd = compiled.Assembly!.GetType($"{BenchmarkNamespace}.{name}")!;
            string source = compiled.Run.Source($"{BenchmarkNamespace}.{name}.DerivGen.g.cs").Text;
            var (parameters, x, y) = Draw(network, new Random(20261202 + name.Length));
            Compare(name, simd, source, ScalarBenchmarks.Value, name, parameters, x, y);
        }

        /// <summary>
        /// HessianVectorProduct in the SIMD form allocates nothing: its buffers are stackalloc'ed and the kernels take spans
        /// (the "0 B allocated" for the H·v benchmark at 16-32-1 and 64-64-10).
        /// </summary>
        [Theory]
        [InlineData("Net16x32x1")]
        [InlineData("Net64x64x10")]
        public void TheSimdHessianVectorProductAllocatesNothing(string name)
        {
            NetworkDescription network = BenchmarkNetworks.Single(n => n.Name == name);
            var compiled = SimdBenchmarks.Value;
            compiled.Get(name);
            var hessianVectorProduct = CollectibleAssembly.StaticMethod<HessianVectorProductDelegate>(compiled.Assembly!.GetType($"{BenchmarkNamespace}.{name}")!, "HessianVectorProduct");
            var (parameters, x, y) = Draw(network, new Random(7));
            double[] v = SecondOrderReferenceTests.UnitDirection(new Random(8), parameters.Length);
            var gradient = new double[parameters.Length];
            var product = new double[parameters.Length];
            double sink = 0;
            for (int i = 0; i < 50; i++)
            {
                sink += hessianVectorProduct(parameters, x, y, v, gradient, product); // the JIT's tiers and any one-time initialisation
            }

            long bytes = AllocationMeter.LeastBytes(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    sink += hessianVectorProduct(parameters, x, y, v, gradient, product);
                }
            });
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1000 × HessianVectorProduct of {network}: {bytes} bytes (sink {sink:E3})"));
            Assert.True(double.IsFinite(sink));
            Assert.Equal(0, bytes);
        }

        /// <summary>
        /// Forward, Loss, Backward and HessianVectorProduct along three random unit directions of one network, SIMD form
        /// (<paramref name="simd"/>, generated as <paramref name="simdSource"/>) against scalar form.
        /// </summary>
        private void Compare(string name, Type simd, string simdSource, ScalarCompilation scalarCompilation, string className, double[] parameters, double[] x, double[] y)
        {
            Assert.Contains("global::DerivGen.DenseKernels.Outer(", simdSource, StringComparison.Ordinal);
            Assert.True(
                simdSource.Contains("global::DerivGen.DenseKernels.Affine(direction.Slice(", StringComparison.Ordinal)
                    || simdSource.Contains("global::DerivGen.DenseKernels.AffineTangent(", StringComparison.Ordinal),
                $"{name}: HessianVectorProduct has no R{{z}} kernel");

            Assert.DoesNotContain("DenseKernels", scalarCompilation.Source(className), StringComparison.Ordinal);
            Type scalar = scalarCompilation.Assembly.Assembly.GetType(simd.FullName!)!;
            var failures = new List<string>();
            var worst = new List<string>();
            void Check(string what, IReadOnlyList<double> actual, IReadOnlyList<double> expected, double tolerance)
            {
                double difference = ErrorMetrics.Normwise(actual, expected);
                worst.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {difference:E2} ({difference / UnitRoundoff:F1} u)"));
                if (!(difference <= tolerance))
                {
                    failures.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {difference:E2} normwise apart (tolerance {tolerance:E2})"));
                }
            }

            Methods s = Methods.Of(simd), c = Methods.Of(scalar);
            int count = parameters.Length;
            var output = new double[y.Length];
            var scalarOutput = new double[y.Length];
            s.Forward(parameters, x, output);
            c.Forward(parameters, x, scalarOutput);
            Check("output", output, scalarOutput, Tolerance);
            Check("loss", new[] { s.Loss(parameters, x, y) }, new[] { c.Loss(parameters, x, y) }, Tolerance);
            var gradient = new double[count];
            var scalarGradient = new double[count];
            Check("Backward's loss", new[] { s.Backward(parameters, x, y, gradient) }, new[] { c.Backward(parameters, x, y, scalarGradient) }, Tolerance);
            Check("gradient", gradient, scalarGradient, Tolerance);

            var random = new Random(20261202);
            for (int d = 0; d < 3; d++)
            {
                double[] v = SecondOrderReferenceTests.UnitDirection(random, count);
                // Both forms must write every entry, whatever the spans held (H·v's body writes some and adds into the rest).
                var product = new double[count];
                var scalarProduct = new double[count];
                Array.Fill(product, double.NaN);
                Array.Fill(scalarProduct, double.NaN);
                Array.Fill(gradient, double.NaN);
                Array.Fill(scalarGradient, double.NaN);
                double loss = s.HessianVectorProduct(parameters, x, y, v, gradient, product);
                double scalarLoss = c.HessianVectorProduct(parameters, x, y, v, scalarGradient, scalarProduct);
                Check($"H·v's loss {d}", new[] { loss }, new[] { scalarLoss }, Tolerance);
                Check($"H·v's gradient {d}", gradient, scalarGradient, Tolerance);
                Check($"H·v {d}", product, scalarProduct, ProductToleranceInUlps * UnitRoundoff);
            }

            this.output.WriteLine($"{name}: " + string.Join(", ", worst));
            Assert.True(failures.Count == 0, $"{name}, SIMD against scalar form:\n  " + string.Join("\n  ", failures));
        }

        /// <summary>Parameters N(0, 0.5²), inputs in [−1, 1), and a target that is a distribution (for cross-entropy) or in [0, 1).</summary>
        private static (double[] Parameters, double[] X, double[] Y) Draw(NetworkDescription network, Random random)
        {
            int parameters = network.Layers.Select((layer, l) => layer.Units * (network.LayerInputs[l] + 1)).Sum();
            double[] theta = Enumerable.Range(0, parameters).Select(_ => 0.5 * SecondOrderReferenceTests.Gaussian(random)).ToArray();
            double[] x = Enumerable.Range(0, network.Inputs).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
            double[] y = Enumerable.Range(0, network.OutputCount).Select(_ => random.NextDouble()).ToArray();
            if (network.Loss == LossFunction.CrossEntropy)
            {
                double sum = y.Sum();
                y = y.Select(e => e / sum).ToArray();
            }

            return (theta, x, y);
        }

        /// <summary>H·v and the trace (which the test harness binds by), without the input methods.</summary>
        private static NetworkDescription WithHessianVectorProduct(NetworkDescription network) => network with { Methods = NetworkMethods.Trace | NetworkMethods.SecondOrder };

        /// <summary>The four methods compared, bound to one generated class.</summary>
        private sealed record Methods(ForwardDelegate Forward, LossDelegate Loss, BackwardDelegate Backward, HessianVectorProductDelegate HessianVectorProduct)
        {
            public static Methods Of(Type type) => new(
                CollectibleAssembly.StaticMethod<ForwardDelegate>(type, "Forward"),
                CollectibleAssembly.StaticMethod<LossDelegate>(type, "Loss"),
                CollectibleAssembly.StaticMethod<BackwardDelegate>(type, "Backward"),
                CollectibleAssembly.StaticMethod<HessianVectorProductDelegate>(type, "HessianVectorProduct"));
        }

        /// <summary>
        /// Networks generated and compiled for a project whose DerivGen runtime is the netstandard2.0 build: the runtime's
        /// source compiled with no NET symbol defined (DenseKernels.cs and LaneMath.cs are all inside #if NET8_0_OR_GREATER)
        /// in place of the referenced net8.0 DerivGen.dll, so every layer gets the scalar form.
        /// </summary>
        private sealed record ScalarCompilation(CollectibleAssembly Assembly, GeneratorRun Run, string Namespace)
        {
            public static ScalarCompilation Build(IEnumerable<NetworkDescription> networks, string namespaceName, string assemblyName)
            {
                string separator = Path.DirectorySeparatorChar.ToString();
                var runtime = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "DerivGen"), "*.cs", SearchOption.AllDirectories)
                    .Where(path => !path.Contains(separator + "obj" + separator, StringComparison.Ordinal) && !path.Contains(separator + "bin" + separator, StringComparison.Ordinal))
                    .OrderBy(path => path, StringComparer.Ordinal)
                    .Select(File.ReadAllText);
                // Only H·v besides the methods always there: the four compared methods are bound by name, not through the
                // harness, which needs the trace.
                networks = networks.Select(n => n with { Methods = NetworkMethods.SecondOrder });
                var compilation = GeneratorHarness.CreateCompilation(
                    assemblyName, runtime.Append(NetworkSource.File(networks, namespaceName)), GeneratorHarness.NumericParseOptions, GeneratorHarness.CompilationOptions);
                compilation = compilation.RemoveReferences(compilation.References.Where(r => r.Display?.EndsWith(separator + "DerivGen.dll", StringComparison.Ordinal) == true));
                Assert.Null(compilation.GetTypeByMetadataName("DerivGen.DenseKernels"));
                GeneratorRun run = GeneratorHarness.Run(compilation);
                Assert.Empty(run.GeneratorDiagnostics);
                return new ScalarCompilation(CollectibleAssembly.Load(run.Output), run, namespaceName);
            }

            public string Source(string className) => Run.Source($"{Namespace}.{className}.DerivGen.g.cs").Text;
        }
    }
}
