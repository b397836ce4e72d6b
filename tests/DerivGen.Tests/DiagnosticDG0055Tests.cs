using System;
using System.Globalization;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>DG0055: past looped layers, an input Jacobian whose unrolled part would exceed DG0052's bound is not generated, and the network is told so.</summary>
    public sealed class DiagnosticDG0055Tests
    {
        [Fact]
        public void DG0055_IsReportedOnTheLastLoopedLayerAndOnlyInputJacobianIsMissing()
        {
            // UnrollLimit = 0 loops the only layer, so ∂a_out/∂z1 has 257 × 257 = 66,049 entries, one past 65,536 = 2¹⁶.
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                [Network(2, UnrollLimit = 0)]
                [[|Dense(257, Activation.Identity)|]]
                public partial class Wide { }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Diagnostic diagnostic = Assert.Single(run.Information);
            Assert.Equal("DG0055", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
            Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
            string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            foreach (string part in new[] { "'Wide'", "layers 1 to 1", "257 outputs", "257 units", "66049 entries", "65536", "InputJacobian is not generated" })
            {
                Assert.True(message.Contains(part, StringComparison.Ordinal), $"DG0055's message does not mention \"{part}\": {message}");
            }

            string text = Assert.Single(run.Sources).Text;
            Assert.DoesNotContain("InputJacobian(", text, StringComparison.Ordinal);
            Assert.Contains("public static double InputGradient(", text, StringComparison.Ordinal);
            Assert.Contains("public static double HessianVectorProduct(", text, StringComparison.Ordinal);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        }
    }
}
