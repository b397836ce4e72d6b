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
    /// DG0054: a network whose loops apply a Softmax layer (looped, not the last looped layer) gets no HessianVectorProduct,
    /// and is told so; every other looped network gets all the second-order and input methods, and no diagnostic.
    /// </summary>
    public sealed class DiagnosticDG0054Tests
    {
        private readonly ITestOutputHelper output;

        public DiagnosticDG0054Tests(ITestOutputHelper output) => this.output = output;

        [Fact]
        public void DG0054_IsReportedOnTheLoopedSoftmaxLayerAndOnlyTheHessianVectorProductIsMissing()
        {
            // 8·2 = 16 weights fit the limit; with layer 2's 64 they do not, so layers 1 and 2 are looped, and the loops
            // apply layer 1's Softmax themselves. 64 + 64 + 16 = 144 in all. Small, so that the test compiles quickly.
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                [Network(8, Loss = LossFunction.CrossEntropy, UnrollLimit = 16)]
                [[|Dense(8, Activation.Softmax)|]]
                [Dense(8, Activation.Tanh)]
                [Dense(2, Activation.Softmax)]
                public partial class Classifier { }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Diagnostic diagnostic = Assert.Single(run.Information);
            Assert.Equal("DG0054", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
            Assert.Equal("DerivGen", diagnostic.Descriptor.Category);
            Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
            string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            Assert.False(message.EndsWith('.'), message);
            foreach (string part in new[] { "'Classifier'", "Softmax layer 1", "UnrollLimit = 16", "HessianVectorProduct and HessianVectorProductBatchMean", "UnrollLimit to 144" })
            {
                Assert.True(message.Contains(part, StringComparison.Ordinal), $"DG0054's message does not mention \"{part}\": {message}");
            }

            string text = Assert.Single(run.Sources).Text;
            Assert.Contains(" Backward(", text, StringComparison.Ordinal);
            Assert.DoesNotContain("HessianVectorProduct", text, StringComparison.Ordinal); // nor its batch mean
            Assert.Contains("public static double InputGradient(", text, StringComparison.Ordinal);
            Assert.Contains("public static void InputJacobian(", text, StringComparison.Ordinal);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        }

        [Theory]
        [InlineData("Softmax")] // the last looped layer: the unrolled part applies its activation
        [InlineData("ReLU")]
        public void DG0054_AnElementwiseOrLastLoopedLayerHasTheMethodsInLoopFormAndNoDiagnostic(string activation)
        {
            GeneratorRun run = GeneratorHarness.Run($$"""
                using DerivGen;

                [Network(8, UnrollLimit = 16)]
                [Dense(8, Activation.Tanh)]
                [Dense(8, Activation.{{activation}})]
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
            Assert.Contains("rz1[i] = global::DerivGen.VectorMath.Dot(direction.Slice(", text, StringComparison.Ordinal); // the tangent pass is looped too
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
