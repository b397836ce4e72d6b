using System;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// DG0054 is retired: every looped network gets HessianVectorProduct (and its batch mean), InputGradient and
    /// InputJacobian in loop form, a Softmax layer that the loops apply themselves included, and no diagnostic.
    /// </summary>
    public sealed class DiagnosticDG0054Tests
    {
        private readonly ITestOutputHelper output;

        public DiagnosticDG0054Tests(ITestOutputHelper output) => this.output = output;

        [Theory]
        [InlineData("Tanh", "Softmax")] // the last looped layer: the unrolled part applies its activation
        [InlineData("Tanh", "ReLU")]
        [InlineData("Softmax", "Tanh")] // the loops apply layer 1's Softmax themselves
        public void DG0054_IsRetiredLoopedNetworksHaveTheMethodsInLoopFormAndNoDiagnostic(string first, string second)
        {
            // 8·2 = 16 weights fit the limit; with layer 2's 64 they do not, so layers 1 and 2 are looped. Small, so that
            // the test compiles quickly.
            GeneratorRun run = GeneratorHarness.Run($$"""
                using DerivGen;

                [Network(8, Loss = LossFunction.CrossEntropy, UnrollLimit = 16)]
                [Dense(8, Activation.{{first}})]
                [Dense(8, Activation.{{second}})]
                [Dense(2, Activation.Softmax)]
                public partial class Classifier { }
                """);

            Assert.Null(run.Exception);
            Assert.Empty(run.Information);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
            string text = Assert.Single(run.Sources).Text;
            Assert.Contains("public static double HessianVectorProduct(", text, StringComparison.Ordinal);
            Assert.Contains("public static double HessianVectorProductBatchMean(", text, StringComparison.Ordinal);
            Assert.Contains("public static double InputGradient(", text, StringComparison.Ordinal);
            Assert.Contains("public static void InputJacobian(", text, StringComparison.Ordinal);
            // The tangent pass is looped too: ż1 = Ẇ1·x + ḃ1 is one kernel call over the direction (this runtime is net8.0).
            Assert.Contains("global::DerivGen.DenseKernels.Affine(direction.Slice(0, ", text, StringComparison.Ordinal);
        }

        [Fact]
        public void DG0054_AnUnrolledNetworkHasTheMethodsAndNoDiagnostic()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(64, UnrollLimit = 4736)]
                [Dense(64, Activation.ReLU)]
                [Dense(10, Activation.Softmax)]
                public partial class Classifier { }
                """);

            Assert.Empty(run.Information);
            Assert.Equal(new[] { "DG0051" }, run.GeneratorDiagnostics.Select(d => d.Id)); // the size warning, nothing else
            string text = Assert.Single(run.Sources).Text;
            Assert.Contains("public static double HessianVectorProduct(", text, StringComparison.Ordinal);
            Assert.Contains("public static double InputGradient(", text, StringComparison.Ordinal);
            Assert.Contains("public static void InputJacobian(", text, StringComparison.Ordinal);

            // The size the three methods add (static and instance forms, documentation included), for the README.
            var added = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>()
                .Where(m => m is MethodDeclarationSyntax method && method.Identifier.ValueText is "HessianVectorProduct" or "HessianVectorProductAccumulate"
                    or "HessianVectorProductBatchMean" or "InputGradient" or "InputJacobian")
                .Sum(m => m.GetLocation().GetLineSpan().EndLinePosition.Line - m.GetFirstToken().GetPreviousToken().GetLocation().GetLineSpan().EndLinePosition.Line);
            int lines = text.Split('\n').Length;
            output.WriteLine($"64-64-10 unrolled: {lines} lines, of which {added} are HessianVectorProduct (with its accumulating body and batch mean), InputGradient and InputJacobian");
        }
    }
}
