using System;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// DG0050 (a network deriving from a network) and DG0051/DG0052 (an UnrollLimit that unrolls too much): the exact ID,
    /// severity, location (marked [|...|]) and message parts, what is still generated, and the cases that stay quiet.
    /// </summary>
    public sealed class DiagnosticDG0050ToDG0052Tests
    {
        // ---- DG0050: network derives from a network ----------------------------------------------------------------

        [Fact]
        public void DG0050_NetworkDerivingFromANetworkIsReportedOnTheBaseTypeAndTheBaseStillGenerates()
        {
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                [Network(2)]
                [Dense(1)]
                public partial class BaseNet { }

                [Network(3)]
                [Dense(2, Activation.Tanh)]
                public partial class DerivedNet : [|BaseNet|] { }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            AssertSingle(run, source, "DG0050", DiagnosticSeverity.Error, "'DerivedNet'", "'BaseNet'");
            // Only the base network's file: the derived one would hide its members (CS0108 × 30 before DG0050 existed).
            Assert.Equal(new[] { "BaseNet.DerivGen.g.cs" }, run.HintNames);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        }

        [Fact]
        public void DG0050_AnIndirectBaseNetworkIsNamedAndTheDirectBaseIsTheLocation()
        {
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                namespace Indirect
                {
                    [Network(2)]
                    [Dense(1)]
                    public partial class BaseNet { }

                    public class Middle : BaseNet { }

                    [Network(2)]
                    [Dense(1)]
                    public sealed partial class DerivedNet : [|Middle|], System.IDisposable
                    {
                        public void Dispose() { }
                    }
                }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            AssertSingle(run, source, "DG0050", DiagnosticSeverity.Error, "'DerivedNet' derives from 'Middle'", "[Network] on 'BaseNet'");
        }

        [Fact]
        public void DG0050_ABaseNetworkFromAnotherAssemblyIsOneDiagnosticNotOnePerHiddenMember()
        {
            // The base's generated members are real symbols here; without DG0050 each one was a DG0013.
            CSharpCompilation library = GeneratorHarness.CreateCompilation("DerivGen.BaseLibrary", new[]
            {
                """
                using DerivGen;

                namespace Library
                {
                    [Network(2)]
                    [Dense(3, Activation.ReLU)]
                    [Dense(1)]
                    public partial class BaseNet { }
                }
                """,
            });
            GeneratorRun libraryRun = GeneratorHarness.Run(library);
            Assert.True(libraryRun.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(libraryRun.OutputDiagnostics));
            Assert.Contains(libraryRun.Output.GetTypeByMetadataName("Library.BaseNet")!.GetMembers(), m => m.Name == "Forward");

            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                [Network(2)]
                [Dense(1)]
                public partial class DerivedNet : [|Library.BaseNet|] { }
                """);
            CSharpCompilation consumer = GeneratorHarness.CreateCompilation(source.Text)
                .AddReferences(libraryRun.Output.ToMetadataReference());
            GeneratorRun run = GeneratorHarness.Run(consumer);

            AssertSingle(run, source, "DG0050", DiagnosticSeverity.Error, "'DerivedNet'", "'BaseNet'");
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void DG0050_NeitherANetworkOverAPlainBaseNorAPlainClassOverANetworkIsReported()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                public abstract class Model
                {
                    public abstract string Describe();
                }

                [Network(2)]
                [Dense(1)]
                public partial class Net : Model
                {
                    public override string Describe() => "net";
                }

                public class Trainer : Net { }
                """);

            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.Equal(new[] { "Net.DerivGen.g.cs" }, run.HintNames);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
        }

        // ---- DG0051 / DG0052: UnrollLimit unrolls too much ---------------------------------------------------------

        [Fact]
        public void DG0051_AnUnrollLimitThatUnrollsMoreThan4096WeightsWarnsWithTheSizeAndStillGenerates()
        {
            // 64 inputs → 65 units: 4,160 weights, all unrolled. Expected size: 12 × 4,160 + 35 × 65 + 800 = 52,995 lines
            // → "about 53,000 lines"; 70 B × 52,995 = 3.54 MiB → "3.5 MB".
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                [Network(64, [|UnrollLimit = 5000|])]
                [Dense(65)]
                public partial class Wide { }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            AssertSingle(run, source, "DG0051", DiagnosticSeverity.Warning,
                "'Wide' unrolls 4,160 weights (UnrollLimit = 5000)", "about 53,000 lines (3.5 MB)");
            Assert.Equal(new[] { "Wide.DerivGen.g.cs" }, run.HintNames);
            int lines = run.Sources[0].Text.Count(c => c == '\n');
            // The estimate is the scalar form's size (what netstandard and .NET Framework targets get), within a quarter of
            // it; on net8 targets (this test's) layers of fan-in 16 or more take the SIMD form, whose products, and H·v's
            // tangents of them, are kernel calls instead of one statement per weight, so the file is about a quarter of it
            // (13,200 lines here). It is meant to give the order of magnitude, and errs on the large side.
            Assert.InRange(lines, 52_995 / 5, 52_995 * 5 / 4);
        }

        [Fact]
        public void DG0051_ExactlyTheThresholdAndAnyLimitOnASmallNetworkStayQuiet()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(64, UnrollLimit = 5000)]
                [Dense(64)]
                public partial class AtThreshold { }

                [Network(3, UnrollLimit = int.MaxValue)]
                [Dense(3, Activation.ReLU)]
                [Dense(1, Activation.Sigmoid)]
                public partial class Small { }
                """);

            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.Equal(2, run.Sources.Length);
        }

        [Fact]
        public void DG0051_IsNotAddedBesideAnErrorSinceNothingIsGenerated()
        {
            // 4,160 weights unrolled, but the loss needs a Sigmoid output (DG0011): only the error is reported.
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(64, UnrollLimit = 5000, Loss = LossFunction.BinaryCrossEntropy)]
                [Dense(65)]
                public partial class Wide { }
                """);

            Assert.Equal(new[] { "DG0011" }, run.GeneratorDiagnostics.Select(d => d.Id));
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void DG0052_AnUnrollLimitThatUnrollsMoreThan65536WeightsIsAnErrorAndNothingIsGenerated()
        {
            // 256 → 256 → 1: 65,536 + 256 = 65,792 weights and 257 units unrolled; 12 × 65,792 + 35 × 257 + 800 = 799,299
            // lines → "about 800,000 lines"; 70 B × 799,299 = 53.4 MiB.
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                [Network(256, [|UnrollLimit = int.MaxValue|])]
                [Dense(256, Activation.Tanh)]
                [Dense(1)]
                public partial class Huge { }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            AssertSingle(run, source, "DG0052", DiagnosticSeverity.Error,
                "'Huge' would unroll 65,792 weights (UnrollLimit = 2147483647)", "about 800,000 lines (53.4 MB)", "past the 65,536 weights DerivGen unrolls at most");
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void DG0052_TheDefaultLimitLoopsTheSameNetworkWithoutAWord()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(256)]
                [Dense(256, Activation.Tanh)]
                [Dense(1)]
                public partial class Huge { }
                """);

            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.Single(run.Sources);
        }

        private static void AssertSingle(GeneratorRun run, MarkedSource source, string id, DiagnosticSeverity severity, params string[] messageParts)
        {
            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.Length == 1, $"Expected exactly one {id}, got:\n" + GeneratorRun.Describe(run.GeneratorDiagnostics));
            Diagnostic diagnostic = run.GeneratorDiagnostics[0];
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(severity, diagnostic.Severity);
            Assert.Equal("DerivGen", diagnostic.Descriptor.Category);
            Assert.Equal("Source0.cs", diagnostic.Location.SourceTree!.FilePath);
            Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
            Assert.Equal(source.MarkedText, diagnostic.Location.SourceTree.GetText().ToString(diagnostic.Location.SourceSpan));

            string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            Assert.False(message.EndsWith('.'), $"{id}'s message ends with a period: {message}");
            foreach (string part in messageParts)
            {
                Assert.True(message.Contains(part, StringComparison.Ordinal), $"{id}'s message does not mention \"{part}\": {message}");
            }
        }
    }
}
