using System;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// Networks that use the user's [Differentiable] methods (ActivationMethod, LossMethod) against the same networks
    /// written with the built-in equivalent: SiLU as <c>z / (1 + Math.Exp(-z))</c> and the squared error as
    /// <c>(output - target) * (output - target)</c>, unrolled and looped; and the generated text names the method.
    /// </summary>
    public sealed class FunctionNetworkTests
    {
        /// <summary>
        /// Loss relative, gradient normwise. Both sides compute the same function by different formulas: z/(1 + e^(−z))
        /// against z·σ(z), and for the derivative 1/(1 + e^(−z)) + z·e^(−z)/(1 + e^(−z))² (reverse mode on the user's body)
        /// against σ(z)·(1 + z·σ(−z)); each is a few roundings, so for these |z| ≲ 3 they agree to a few ulps, and the
        /// layers after carry that with a gain of order one. A wrong derivative would be off by O(1).
        /// </summary>
        private const double Tolerance = 1e-14;

        private const string Source = """
            using System;
            using DerivGen;

            namespace CustomNets
            {
                [Network(3)]
                [Dense(4, Activation.Silu)]
                [Dense(3, Activation.Silu)]
                [Dense(2)]
                public static partial class BuiltInSilu { }

                [Network(3)]
                [Dense(4, ActivationMethod = nameof(Swish))]
                [Dense(3, ActivationMethod = nameof(Swish))]
                [Dense(2)]
                public static partial class CustomSilu
                {
                    [Differentiable]
                    public static double Swish(double z) => z / (1 + Math.Exp(-z));
                }

                [Network(3, UnrollLimit = 0)]
                [Dense(4, ActivationMethod = nameof(Swish))]
                [Dense(3, ActivationMethod = nameof(Swish))]
                [Dense(2)]
                public static partial class LoopedCustomSilu
                {
                    [Differentiable]
                    public static double Swish(double z) => z / (1 + Math.Exp(-z));
                }

                [Network(3)]
                [Dense(4, Activation.Tanh)]
                [Dense(2)]
                public static partial class BuiltInSquare { }

                [Network(3, LossMethod = nameof(Square))]
                [Dense(4, Activation.Tanh)]
                [Dense(2)]
                public static partial class CustomSquare
                {
                    [Differentiable]
                    public static double Square(double output, double target) => (output - target) * (output - target);
                }
            }
            """;

        private static readonly Lazy<(GeneratorRun Run, CollectibleAssembly Assembly)> Compiled = new(() =>
        {
            GeneratorRun run = GeneratorHarness.Run(Source);
            Assert.DoesNotContain(run.GeneratorDiagnostics.Concat(run.OutputDiagnostics), d => d.Severity == DiagnosticSeverity.Error);
            return (run, CollectibleAssembly.Load(run.Output));
        });

        [Fact]
        public void CustomActivationMatchesBuiltInSilu() => AssertSame("CustomNets.CustomSilu", "CustomNets.BuiltInSilu");

        [Fact]
        public void CustomLossMatchesBuiltInSquaredError() => AssertSame("CustomNets.CustomSquare", "CustomNets.BuiltInSquare");

        [Fact]
        public void CustomActivationInLoopedLayersMatchesTheUnrolledForm() => AssertSame("CustomNets.LoopedCustomSilu", "CustomNets.CustomSilu");

        [Fact]
        public void LoopedFormIsReallyLooped()
        {
            string text = NetworkText(Compiled.Value.Run, "LoopedCustomSilu");
            Assert.Contains("for (int i = 0; i < 4; i++)", text, StringComparison.Ordinal);
        }

        [Fact]
        public void SectionHeadingsNameTheMethods()
        {
            string activation = NetworkText(Compiled.Value.Run, "CustomSilu");
            Assert.Contains("// Forward · Layer 1: Dense 3 -> 4, Swish", activation, StringComparison.Ordinal);
            string loss = NetworkText(Compiled.Value.Run, "CustomSquare");
            Assert.Contains("Loss: Square, L = Σ Square(a2[i], y[i])", loss, StringComparison.Ordinal);
        }

        [Fact]
        public void EditingTheActivationMethodReemitsTheNetworkAndAnUnrelatedEditDoesNot()
        {
            const string Network = """
                using System;
                using DerivGen;

                [Network(2)]
                [Dense(2, ActivationMethod = nameof(Act))]
                [Dense(1)]
                public static partial class Net
                {
                    [Differentiable]
                    public static double Act(double z) => z / (1 + Math.Exp(-z));
                }
                """;
            const string Other = "using DerivGen; public static partial class Other { [Differentiable] public static double F(double x) => x * x; }";
            Compilation compilation = GeneratorHarness.CreateCompilation(Network, Other);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);

            GeneratorRun unrelated = GeneratorHarness.Run(first.Driver, Replace(compilation, 1, Other.Replace("x * x", "x * x * x", StringComparison.Ordinal)));
            Assert.All(Reasons(unrelated, global::DerivGen.TrackingNames.NetworkWithFunctions), r => Assert.True(
                r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"The network was {r} after editing an unrelated function"));
            Assert.All(Reasons(unrelated, global::DerivGen.TrackingNames.GeneratedSource), r => Assert.True(
                r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"The network's source was {r} after editing an unrelated function"));

            GeneratorRun edited = GeneratorHarness.Run(first.Driver, Replace(compilation, 0, Network.Replace("1 + Math.Exp(-z)", "1 + Math.Exp(-2 * z)", StringComparison.Ordinal)));
            Assert.Contains(IncrementalStepRunReason.Modified, Reasons(edited, global::DerivGen.TrackingNames.NetworkWithFunctions));
            Assert.Contains(IncrementalStepRunReason.Modified, Reasons(edited, global::DerivGen.TrackingNames.GeneratedSource));
            Assert.NotEqual(NetworkText(first, "Net"), NetworkText(edited, "Net"));
        }

        private static Compilation Replace(Compilation compilation, int index, string source)
        {
            SyntaxTree old = compilation.SyntaxTrees.ElementAt(index);
            return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, (CSharpParseOptions)old.Options, old.FilePath));
        }

        private static IncrementalStepRunReason[] Reasons(GeneratorRun run, string step) =>
            run.Result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

        /// <summary>The network file of <paramref name="typeName"/> (not its {Name}Gradient file).</summary>
        private static string NetworkText(GeneratorRun run, string typeName) =>
            run.Sources.Single(s => s.Text.Contains($"partial class {typeName}", StringComparison.Ordinal) && s.Text.Contains("// Forward", StringComparison.Ordinal)).Text;

        private static void AssertSame(string actualType, string expectedType)
        {
            var assembly = Compiled.Value.Assembly;
            NetworkFunctions actual = assembly.Network(actualType);
            NetworkFunctions expected = assembly.Network(expectedType);
            Assert.Equal(expected.ParameterCount, actual.ParameterCount);
            var random = new Random(20261201);
            for (int sample = 0; sample < 5; sample++)
            {
                double[] parameters = Enumerable.Range(0, actual.ParameterCount).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
                double[] input = Enumerable.Range(0, actual.InputCount).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
                double[] target = Enumerable.Range(0, actual.OutputCount).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
                var actualGradient = new double[actual.ParameterCount];
                var expectedGradient = new double[expected.ParameterCount];
                double actualLoss = actual.Backward(parameters, input, target, actualGradient);
                double expectedLoss = expected.Backward(parameters, input, target, expectedGradient);

                Assert.True(ErrorMetrics.Relative(actual.Loss(parameters, input, target), expectedLoss) <= Tolerance, $"{actualType} Loss, sample {sample}");
                Assert.True(ErrorMetrics.Relative(actualLoss, expectedLoss) <= Tolerance, $"{actualType} Backward's loss, sample {sample}");
                double gradientError = ErrorMetrics.Normwise(actualGradient, expectedGradient);
                Assert.True(gradientError <= Tolerance, $"{actualType} gradient, sample {sample}: {gradientError:e3}");
                Assert.Contains(expectedGradient, g => g != 0);
            }
        }
    }
}
