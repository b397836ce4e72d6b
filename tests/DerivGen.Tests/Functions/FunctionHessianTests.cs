using System;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// <c>{Name}Hessian</c> of [Differentiable(Order = 2)] methods against Hessians derived by hand: a branching energy, the
    /// Rosenbrock function, a spring through a call with a [NoDerivative] stiffness, and a float function, all in one
    /// compilation; and a softplus through a [Derivative] rule that is [Differentiable] itself, in one more. The generated text is locked by a snapshot, proved right by these values.
    /// </summary>
    /// <remarks>
    /// Tolerance 1e-13 relative to max(1, |entry|): each hand-derived entry and each generated one is a handful of roundings
    /// of O(1)–O(1000) values (the float case 1e-6, a few float roundings); a wrong rule or a lost branch is off by O(1).
    /// </remarks>
    public sealed class FunctionHessianTests
    {
        internal const string EnergySource = """
            using System;
            using DerivGen;

            namespace Demo
            {
                public static partial class Physics
                {
                    [Differentiable(Order = 2)]
                    public static double Energy(double x, double v)
                    {
                        var kinetic = 0.5 * v * v;
                        var potential = 9.81 * (1 - Math.Cos(x));
                        return x > 0 ? kinetic + potential : kinetic + Math.Log(1 + x * x);
                    }
                }
            }
            """;

        private const string OthersSource = """
            using System;
            using DerivGen;

            namespace Demo
            {
                public static partial class Shapes
                {
                    [Differentiable(Order = 2)]
                    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

                    [Differentiable]
                    public static double Cube(double d) => d * d * d;

                    [Differentiable(Order = 2)]
                    public static double Spring(double x, double y, [NoDerivative] double k) => k * Cube(x - y);

                    [Differentiable(Order = 2)]
                    public static float Bilinear(float x, float y) => x * x * y;
                }
            }
            """;

        /// <summary>A softplus whose derivative is a [Derivative] rule that is [Differentiable] itself, applied to x·y.</summary>
        private const string RuleSource = """
            using System;
            using DerivGen;

            namespace Demo
            {
                public static partial class Smooth
                {
                    public static double SoftPlus(double z) => Math.Log(1 + Math.Exp(z));

                    [Derivative(nameof(SoftPlus))]
                    [Differentiable]
                    public static double SoftPlusDerivative(double z) => 1 / (1 + Math.Exp(-z));

                    [Differentiable(Order = 2)]
                    public static double Coupled(double x, double y) => SoftPlus(x * y) + x;
                }

                [Network(2)]
                [Dense(2, ActivationMethod = nameof(Soft))]
                [Dense(1)]
                public partial class RuleNet
                {
                    [Differentiable] public static double Soft(double z) => Smooth.SoftPlus(z);
                }

                [Network(2)]
                [Dense(2, Activation.Softplus)]
                [Dense(1)]
                public partial class BuiltInNet
                {
                }
            }
            """;

        private delegate double HessianVectorProduct(
            ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target, ReadOnlySpan<double> direction, Span<double> gradient, Span<double> product);

        private delegate double Hessian2(double a, double b, Span<double> gradient, Span<double> hessian);

        private delegate double Hessian3(double a, double b, double c, Span<double> gradient, Span<double> hessian);

        private delegate float SingleHessian2(float a, float b, Span<float> gradient, Span<float> hessian);

        [Fact]
        public void EnergyHessian()
        {
            GeneratorRun run = GeneratorHarness.Run(EnergySource);
            Assert.Null(run.Exception);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
            const string hintName = "Demo.Physics.Gradients.DerivGen.g.cs";
            SnapshotAssert.MatchesGeneratedSource(hintName, run.Source(hintName).Text);
        }

        [Fact]
        public void HessiansAreTheHandDerivedOnes()
        {
            GeneratorRun run = GeneratorHarness.Run(EnergySource, OthersSource);
            Assert.Null(run.Exception);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
            using CollectibleAssembly assembly = CollectibleAssembly.Load(run.Output);
            var energy = assembly.GetType("Demo.Physics").GetMethod("EnergyHessian")!.CreateDelegate<Hessian2>();
            var shapes = assembly.GetType("Demo.Shapes");
            var rosenbrock = shapes.GetMethod("RosenbrockHessian")!.CreateDelegate<Hessian2>();
            var spring = shapes.GetMethod("SpringHessian")!.CreateDelegate<Hessian3>();
            var bilinear = shapes.GetMethod("BilinearHessian")!.CreateDelegate<SingleHessian2>();
            var g = new double[2];
            var h = new double[4];

            foreach (var (x, v) in new[] { (0.8, -1.5), (-0.6, 2.0) })
            {
                double value = energy(x, v, g, h);
                Assert.Equal(x > 0 ? 0.5 * v * v + 9.81 * (1 - Math.Cos(x)) : 0.5 * v * v + Math.Log(1 + x * x), value, 1e-14);
                Close(new[] { x > 0 ? 9.81 * Math.Sin(x) : 2 * x / (1 + x * x), v }, g);
                // d²/dx² of 9.81(1 − cos x) is 9.81 cos x; of log(1 + x²) it is 2(1 − x²)/(1 + x²)².
                double hxx = x > 0 ? 9.81 * Math.Cos(x) : 2 * (1 - x * x) / ((1 + x * x) * (1 + x * x));
                Close(new[] { hxx, 0, 0, 1 }, h);
            }

            foreach (var (x, y) in new[] { (-1.2, 1.0), (1.0, 1.0), (0.3, -0.7) })
            {
                double value = rosenbrock(x, y, g, h);
                Assert.Equal(((1 - x) * (1 - x)) + (100 * (y - (x * x)) * (y - (x * x))), value, 1e-12);
                Close(new[] { (-2 * (1 - x)) - (400 * x * (y - (x * x))), 200 * (y - (x * x)) }, g);
                Close(new[] { 2 - (400 * y) + (1200 * x * x), -400 * x, -400 * x, 200 }, h);
            }

            // k·(x − y)³ with k constant: ∇ = 3k(x − y)²·(1, −1), H = 6k(x − y)·[[1, −1], [−1, 1]]; no row for k.
            foreach (var (x, y, k) in new[] { (0.7, -0.4, 2.5), (-1.1, 0.3, -0.5) })
            {
                double d = x - y;
                double value = spring(x, y, k, g, h);
                Assert.Equal(k * d * d * d, value, 1e-13);
                Close(new[] { 3 * k * d * d, -3 * k * d * d }, g);
                Close(new[] { 6 * k * d, -6 * k * d, -6 * k * d, 6 * k * d }, h);
            }

            var gf = new float[2];
            var hf = new float[4];
            Assert.Equal(0.5f * 0.5f * -2f, bilinear(0.5f, -2f, gf, hf));
            Assert.Equal(new[] { 2 * 0.5f * -2f, 0.5f * 0.5f }, gf);
            Assert.Equal(new[] { 2 * -2f, 2 * 0.5f, 2 * 0.5f, 0f }, hf);
        }

        [Fact]
        public void HessianThroughADifferentiableRuleIsTheHandDerivedOne()
        {
            GeneratorRun run = GeneratorHarness.Run(RuleSource);
            Assert.Null(run.Exception);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
            const string hintName = "Demo.Smooth.Gradients.DerivGen.g.cs";
            string text = run.Source(hintName).Text;
            SnapshotAssert.MatchesGeneratedSource(hintName, text);

            // The first derivative is the rule's own value, called; the second comes from the rule's generated gradient.
            string hessian = text.Substring(text.IndexOf("public static double CoupledHessian(", StringComparison.Ordinal));
            Assert.Contains("global::Demo.Smooth.SoftPlusDerivative(", hessian, StringComparison.Ordinal);
            Assert.Contains("global::Demo.Smooth.SoftPlusDerivativeGradient(", hessian, StringComparison.Ordinal);

            using CollectibleAssembly assembly = CollectibleAssembly.Load(run.Output);
            var coupled = assembly.GetType("Demo.Smooth").GetMethod("CoupledHessian")!.CreateDelegate<Hessian2>();
            var g = new double[2];
            var h = new double[4];

            // f = softplus(xy) + x with s = σ(xy), σ′ = s(1 − s): ∇f = (ys + 1, xs);
            // ∂²f/∂x² = y²σ′, ∂²f/∂x∂y = s + xyσ′ (the product rule on xs), ∂²f/∂y² = x²σ′.
            foreach (var (x, y) in new[] { (0.8, -1.5), (-0.6, 2.0), (1.3, 0.4) })
            {
                double s = 1 / (1 + Math.Exp(-x * y));
                double ds = s * (1 - s);
                double value = coupled(x, y, g, h);
                Assert.Equal(Math.Log(1 + Math.Exp(x * y)) + x, value, 1e-14);
                Close(new[] { (y * s) + 1, x * s }, g);
                Close(new[] { y * y * ds, s + (x * y * ds), s + (x * y * ds), x * x * ds }, h);
                Assert.Equal(h[1], h[2]);
            }

            // A network's H·v goes through the rule too: it matches the same network with the built-in softplus, whose
            // second derivative is DerivGen's own (σ′ from e^−|z|), to rounding.
            var ruleNet = assembly.GetType("Demo.RuleNet").GetMethod("HessianVectorProduct", new[] { typeof(ReadOnlySpan<double>), typeof(ReadOnlySpan<double>), typeof(ReadOnlySpan<double>), typeof(ReadOnlySpan<double>), typeof(Span<double>), typeof(Span<double>) })!.CreateDelegate<HessianVectorProduct>();
            var builtIn = assembly.GetType("Demo.BuiltInNet").GetMethod("HessianVectorProduct", new[] { typeof(ReadOnlySpan<double>), typeof(ReadOnlySpan<double>), typeof(ReadOnlySpan<double>), typeof(ReadOnlySpan<double>), typeof(Span<double>), typeof(Span<double>) })!.CreateDelegate<HessianVectorProduct>();
            double[] theta = { 0.3, -0.8, 0.5, 1.1, 0.2, -0.4, 0.9, -0.6, 0.1 };
            double[] direction = { -0.5, 0.7, 0.2, -0.3, 0.6, 0.4, -0.9, 0.8, 0.35 };
            double[] input = { 0.7, -1.2 };
            double[] target = { 0.25 };
            var (ruleGradient, ruleProduct, builtInGradient, builtInProduct) = (new double[9], new double[9], new double[9], new double[9]);
            Assert.Equal(builtIn(theta, input, target, direction, builtInGradient, builtInProduct), ruleNet(theta, input, target, direction, ruleGradient, ruleProduct), 1e-14);
            Close(builtInGradient, ruleGradient);
            Close(builtInProduct, ruleProduct);
            Assert.Contains(ruleProduct, p => Math.Abs(p) > 1e-3);
        }

        [Fact]
        public void SpansOfTheWrongLengthThrowNamingTheArgument()
        {
            GeneratorRun run = GeneratorHarness.Run(EnergySource);
            using CollectibleAssembly assembly = CollectibleAssembly.Load(run.Output);
            var energy = assembly.GetType("Demo.Physics").GetMethod("EnergyHessian")!.CreateDelegate<Hessian2>();
            Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => energy(1, 1, new double[3], new double[4])).ParamName);
            Assert.Equal("hessian", Assert.Throws<ArgumentException>(() => energy(1, 1, new double[2], new double[2])).ParamName);
        }

        [Fact]
        public void HessiansCompileWithoutWarningsAsCSharp73()
        {
            // netstandard2.0 and .NET Framework projects default to C# 7.3; Span<T> comes from the runtime package there.
            var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3, Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
            var compilation = GeneratorHarness.CreateCompilation("DerivGen.HessianCSharp73", new[] { EnergySource, OthersSource }, options,
                GeneratorHarness.CompilationOptions.WithNullableContextOptions(Microsoft.CodeAnalysis.NullableContextOptions.Disable));
            var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { Microsoft.CodeAnalysis.GeneratorExtensions.AsSourceGenerator(new global::DerivGen.DerivGenerator()) }, parseOptions: options);
            GeneratorRun run = GeneratorHarness.Run(driver, compilation);
            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.Contains("public static float BilinearHessian(float x, float y, global::System.Span<float> gradient, global::System.Span<float> hessian)",
                run.Source("Demo.Shapes.Gradients.DerivGen.g.cs").Text, StringComparison.Ordinal);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        }

        private static void Close(double[] expected, double[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-13 * Math.Max(1, Math.Abs(expected[i])), $"entry {i}: expected {expected[i]:R}, got {actual[i]:R}");
            }
        }
    }
}
