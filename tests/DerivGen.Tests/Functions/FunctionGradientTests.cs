using System;
using System.Linq;
using System.Reflection;
using System.Text;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// The generated <c>{Name}Gradient</c> of single constructs, each checked against a derivative worked out by hand: user
    /// names that generated code would use, branches whose untaken arm is outside its domain, [NoDerivative], calls
    /// through rules and generated gradients, float, nested types and C# 7.3.
    /// </summary>
    public sealed class FunctionGradientTests
    {
        [Fact]
        public void UserNamesLikeGeneratedOnesDoNotClash()
        {
            using var compiled = Compile("""
                using System;
                using DerivGen;

                public static partial class Names
                {
                    [Differentiable]
                    public static double F(double x, double t0)
                    {
                        var loss = Math.Sin(x) * t0;
                        double dx = loss * loss + t0;
                        double dx0 = dx / (1.0 + x * x);
                        var dt0 = dx0 * t0;
                        return dt0 + loss;
                    }
                }
                """);
            foreach (var (x, t0) in new[] { (0.3, -1.7), (2.5, 0.25), (-1.1, 3.0) })
            {
                var (value, gradient) = compiled.Gradient("Names", "F", x, t0);
                double loss = Math.Sin(x) * t0, q = loss * loss + t0, r = 1.0 + x * x, p = q / r;
                double dLoss = Math.Cos(x) * t0, dqdx = 2 * loss * dLoss, dpdx = dqdx / r - q * 2 * x / (r * r);
                double dqdt = 2 * loss * Math.Sin(x) + 1, dpdt = dqdt / r;
                AssertClose(p * t0 + loss, value);
                AssertClose(dpdx * t0 + dLoss, gradient[0]);
                AssertClose(dpdt * t0 + p + Math.Sin(x), gradient[1]);
            }
        }

        [Fact]
        public void TheUntakenArmOfABranchContributesNothingNotNaN()
        {
            using var compiled = Compile("""
                using System;
                using DerivGen;

                public static partial class Branches
                {
                    [Differentiable]
                    public static double IfElse(double x)
                    {
                        double y = 0.0;
                        if (x > 0) { y = Math.Log(x) + Math.Sqrt(x); } else { y = 3.0 * x * x; }
                        return y;
                    }

                    [Differentiable]
                    public static double Ternary(double x) => x > 0 ? Math.Sqrt(x) * Math.Log(x) : -3.0 * x;

                    [Differentiable]
                    public static double EarlyReturn(double x)
                    {
                        if (x <= 0.0)
                        {
                            return x * x;
                        }

                        return Math.Log(x);
                    }
                }
                """);
            foreach (var x in new[] { 0.0, -2.0, -0.0 })
            {
                Assert.Equal(6.0 * x, compiled.Gradient("Branches", "IfElse", x).Gradient[0]);
                Assert.Equal(-3.0, compiled.Gradient("Branches", "Ternary", x).Gradient[0]);
                Assert.Equal(2.0 * x, compiled.Gradient("Branches", "EarlyReturn", x).Gradient[0]);
            }

            AssertClose(1 / 2.0 + 0.5 / Math.Sqrt(2.0), compiled.Gradient("Branches", "IfElse", 2.0).Gradient[0]);
            AssertClose(0.5, compiled.Gradient("Branches", "EarlyReturn", 2.0).Gradient[0]);
        }

        [Fact]
        public void NoDerivativeParametersGetNoOutAndAreHeldConstant()
        {
            using var compiled = Compile("""
                using System;
                using DerivGen;

                public static partial class Held
                {
                    [Differentiable]
                    public static double F([NoDerivative] double k, double x) => k * x * x + Math.Exp(k);
                }
                """);
            var method = compiled.Method("Held", "FGradient");
            Assert.Equal(new[] { "k", "x", "dx" }, method.GetParameters().Select(p => p.Name));
            var (value, gradient) = compiled.Gradient("Held", "F", 1.5, -2.0);
            AssertClose(1.5 * 4 + Math.Exp(1.5), value);
            AssertClose(2 * 1.5 * -2.0, Assert.Single(gradient));
        }

        [Fact]
        public void CallsGoThroughRulesAndGeneratedGradients()
        {
            using var compiled = Compile("""
                using System;
                using DerivGen;

                public static partial class Calls
                {
                    public static double Smooth(double z) => z * z;

                    [Derivative(nameof(Smooth))]
                    public static double SmoothDerivative(double z) => 2 * z;

                    public static double Pair(double a, double b) => a * b;

                    [Derivative(nameof(Pair))]
                    public static double PairGradient(double a, double b, out double da, out double db) { da = b; db = a; return a * b; }

                    [Differentiable]
                    public static double G(double x, [NoDerivative] double c) => Math.Sin(x) * c;

                    [Differentiable]
                    public static double F(double x, double y) => Smooth(y) + Pair(x, y) + G(x * y, 3.0);
                }
                """);
            foreach (var (x, y) in new[] { (0.7, -1.3), (-2.0, 0.4) })
            {
                var (value, gradient) = compiled.Gradient("Calls", "F", x, y);
                AssertClose(y * y + x * y + 3.0 * Math.Sin(x * y), value);
                AssertClose(y + 3.0 * Math.Cos(x * y) * y, gradient[0]);
                AssertClose(2 * y + x + 3.0 * Math.Cos(x * y) * x, gradient[1]);
            }
        }

        [Fact]
        public void FloatMethodsGetFloatGradients()
        {
            using var compiled = Compile("""
                using System;
                using DerivGen;

                namespace Outer
                {
                    public static partial class Holder
                    {
                        public partial struct Inner
                        {
                            [Differentiable]
                            public static float F(float x, float y) => MathF.Sin(x) * y + MathF.Sqrt(1f + y * y);
                        }
                    }
                }
                """);
            var method = compiled.Method("Outer.Holder+Inner", "FGradient");
            Assert.Equal(typeof(float), method.ReturnType);
            object[] arguments = { 0.5f, 2f, 0f, 0f };
            float value = (float)method.Invoke(null, arguments)!;
            Assert.Equal(MathF.Sin(0.5f) * 2f + MathF.Sqrt(5f), value, 5e-7f);
            Assert.Equal(MathF.Cos(0.5f) * 2f, (float)arguments[2], 5e-7f);
            Assert.Equal(MathF.Sin(0.5f) + 2f / MathF.Sqrt(5f), (float)arguments[3], 5e-7f);
        }

        [Theory]
        [InlineData(LanguageVersion.CSharp7_3, NullableContextOptions.Disable)]
        [InlineData(LanguageVersion.Latest, NullableContextOptions.Enable)]
        public void GeneratedGradientsCompileWithoutWarningsUnderEachLanguageVersion(LanguageVersion version, NullableContextOptions nullable)
        {
            var options = new CSharpParseOptions(version, DocumentationMode.Diagnose);
            SyntaxTree tree = CSharpSyntaxTree.ParseText(SourceText.From("""
                using System;
                using DerivGen;

                namespace Versions
                {
                    public static partial class Physics
                    {
                        [Differentiable]
                        public static double Energy(double x, double v) => 0.5 * v * v + 9.81 * (1 - Math.Cos(x));

                        [Differentiable]
                        public static float Clamped(float x, [NoDerivative] float k) => Math.Max(x * k, Math.Abs(x)) + MathF.Floor(k);

                        [Differentiable]
                        public static double Rooted(double x, double y) => Math.Cbrt(x) * Math.Clamp(y, -1.0, x);
                    }
                }
                """, Encoding.UTF8), options, path: "Source0.cs");
            CSharpCompilation compilation = CSharpCompilation.Create("DerivGen.FunctionVersionInput", new[] { tree }, GeneratorHarness.References,
                GeneratorHarness.CompilationOptions.WithNullableContextOptions(nullable));
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DerivGenerator().AsSourceGenerator() }, parseOptions: options);
            GeneratorRun run = GeneratorHarness.Run(driver, compilation);

            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            string text = run.Source("Versions.Physics.Gradients.DerivGen.g.cs").Text;
            Assert.Equal(version != LanguageVersion.CSharp7_3, text.Contains("#nullable enable annotations", StringComparison.Ordinal));
            Assert.DoesNotContain("MathF", text, StringComparison.Ordinal);
            // Nor are System.Math.Cbrt and Clamp; the runtime's ScalarMath has them on every target.
            Assert.DoesNotContain("System.Math.Cbrt", text, StringComparison.Ordinal);
            Assert.DoesNotContain("System.Math.Clamp", text, StringComparison.Ordinal);
            Assert.Contains("global::DerivGen.ScalarMath.Cbrt(", text, StringComparison.Ordinal);
            Assert.Contains("global::DerivGen.ScalarMath.Clamp(", text, StringComparison.Ordinal);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        }

        private static void AssertClose(double expected, double actual) =>
            Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Max(1.0, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

        private static Compiled Compile(string source)
        {
            FunctionRun run = FunctionRun.Of(source);
            Assert.Null(run.Run.Exception);
            Assert.True(run.Diagnostics.IsEmpty(), GeneratorRun.Describe(run.Diagnostics));
            Assert.True(run.Run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.Run.OutputDiagnostics));
            return new Compiled(CollectibleAssembly.Load(run.Run.Output));
        }

        private sealed class Compiled : IDisposable
        {
            private readonly CollectibleAssembly _assembly;

            public Compiled(CollectibleAssembly assembly) => _assembly = assembly;

            public MethodInfo Method(string type, string name) =>
                _assembly.GetType(type).GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new Xunit.Sdk.XunitException($"{type} has no {name}.");

            /// <summary>Calls <c>{name}Gradient</c>: the value and the out partials.</summary>
            public (double Value, double[] Gradient) Gradient(string type, string name, params double[] arguments)
            {
                var method = Method(type, name + "Gradient");
                int outs = method.GetParameters().Length - arguments.Length;
                object[] all = arguments.Cast<object>().Concat(Enumerable.Repeat<object>(0.0, outs)).ToArray();
                double value = (double)method.Invoke(null, all)!;
                return (value, all.Skip(arguments.Length).Select(a => (double)a).ToArray());
            }

            public void Dispose() => _assembly.Dispose();
        }
    }
}
