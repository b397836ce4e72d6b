using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The diagnostics beyond the contract's five (DG0006-DG0015, README's second table): for each, the exact set of DG
    /// IDs, the severity (DG0012 is a Warning, the rest Errors), the exact location (marked [|...|] in the source), the
    /// names in the message, the compiler's own diagnostics (none, or the CS error the C# itself deserves), no generator
    /// exception, and no generated source for a type with an error. Negative cases sit beside the rule they bound.
    /// </summary>
    public sealed class DiagnosticDG0006ToDG0015Tests
    {
        private static readonly string[] NoCompilerDiagnostics = Array.Empty<string>();

        // ---- DG0006: containing type not partial -------------------------------------------------------------------

        [Fact]
        public void DG0006_NetworkNestedInANonPartialClassIsReportedOnTheNetworkAttribute()
        {
            AssertReported("DG0006", "Inner", NoCompilerDiagnostics, """
                using DerivGen;

                public class Outer
                {
                    [[|Network(2)|]]
                    [Dense(1)]
                    public partial class Inner { }
                }
                """,
                "'Outer'", "'Inner'");
        }

        [Fact]
        public void DG0006_OnlyTheNonPartialLinkOfAContainingChainIsNamed()
        {
            // A is partial, B is not: one DG0006, naming B.
            AssertReported("DG0006", "C", NoCompilerDiagnostics, """
                using DerivGen;

                namespace Chain;

                public partial class A
                {
                    internal struct B
                    {
                        [[|Network(2, Loss = LossFunction.Huber)|]]
                        [Dense(2, Activation.Tanh)]
                        internal partial class C { }
                    }
                }
                """,
                "'B'", "'C'");
        }

        [Fact]
        public void DG0006_EveryNonPartialContainingTypeIsReportedOnceBesideDG0001()
        {
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                public class A
                {
                    public class B
                    {
                        [[|Network(2)|]]
                        [Dense(1)]
                        public class C { }
                    }
                }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            Assert.Null(run.Exception);
            Assert.Equal(
                new[] { "DG0001", "DG0006", "DG0006" },
                run.GeneratorDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
            Assert.All(run.GeneratorDiagnostics, d =>
            {
                Assert.Equal(DiagnosticSeverity.Error, d.Severity);
                Assert.Equal(source.Span, d.Location.SourceSpan);
            });
            string[] containing = run.GeneratorDiagnostics.Where(d => d.Id == "DG0006")
                .Select(d => d.GetMessage(CultureInfo.InvariantCulture))
                .Select(m => m.Contains("'A'", StringComparison.Ordinal) ? "A" : m.Contains("'B'", StringComparison.Ordinal) ? "B" : m)
                .Order(StringComparer.Ordinal)
                .ToArray();
            Assert.Equal(new[] { "A", "B" }, containing);
            Assert.Empty(run.Sources);
            Assert.Empty(run.OutputDiagnostics);
        }

        // ---- DG0007: unsupported type kind -------------------------------------------------------------------------

        [Fact]
        public void DG0007_NetworkOnAnInterfaceIsReportedOnTheNetworkAttributeBesideTheCompilersCS0592()
        {
            // AttributeUsage allows classes and structs only, so the compiler reports CS0592 on both attributes; DerivGen
            // must still say why it generated nothing rather than stay silent or generate members an interface rejects.
            AssertReported("DG0007", "INet", new[] { "CS0592", "CS0592" }, """
                using DerivGen;

                [[|Network(2)|]]
                [Dense(1)]
                public partial interface INet { }
                """,
                "interface", "'INet'");
        }

        [Fact]
        public void DG0007_NetworkOnAFileLocalTypeIsReportedOnTheNetworkAttribute()
        {
            // A file-local type's parts must all be in one file, and the generated members live in a file of their own.
            AssertReported("DG0007", "FileLocalNet", NoCompilerDiagnostics, """
                using DerivGen;

                [[|Network(2)|]]
                [Dense(1)]
                file partial class FileLocalNet { }
                """,
                "'FileLocalNet'");
        }

        // ---- DG0008: [Dense] without [Network] ---------------------------------------------------------------------

        [Fact]
        public void DG0008_DenseWithoutNetworkIsReportedOnceOnTheFirstDenseAttribute()
        {
            AssertReported("DG0008", "Orphan", NoCompilerDiagnostics, """
                using DerivGen;

                [[|Dense(4, Activation.ReLU)|]]
                [Dense(1)]
                public partial class Orphan { }
                """,
                "'Orphan'");
        }

        [Fact]
        public void DG0008_DenseOnTwoPartialDeclarationsWithoutNetworkIsReportedOnceOnTheFirstDeclaration()
        {
            AssertReported("DG0008", "SplitOrphan", NoCompilerDiagnostics, """
                using DerivGen;

                [[|Dense(4)|]]
                [Dense(2)]
                public partial class SplitOrphan { }
                """,
                new[]
                {
                    """
                    using DerivGen;

                    [Dense(1)]
                    public partial class SplitOrphan { }
                    """,
                },
                "'SplitOrphan'");
        }

        [Fact]
        public void DG0008_DenseOnANonPartialClassWithoutNetworkIsReportedAlone()
        {
            // Without [Network] there is no network to be partial: DG0001 does not apply.
            AssertReported("DG0008", "PlainOrphan", NoCompilerDiagnostics, """
                using DerivGen;

                [[|Dense(1, Activation.Sigmoid)|]]
                public class PlainOrphan { }
                """,
                "'PlainOrphan'");
        }

        // ---- DG0009: layers split over partial declarations -----------------------------------------------------------

        [Fact]
        public void DG0009_DenseLayersOnTwoPartialDeclarationsAreReportedOnTheNetworkAttribute()
        {
            AssertReported("DG0009", "SplitNet", NoCompilerDiagnostics, """
                using DerivGen;

                [[|Network(2)|]]
                [Dense(3, Activation.Tanh)]
                public partial class SplitNet { }

                [Dense(1)]
                public partial class SplitNet { }
                """,
                "'SplitNet'");
        }

        [Fact]
        public void DG0009_DenseLayersOnPartialDeclarationsInTwoFilesAreReportedOnTheNetworkAttribute()
        {
            AssertReported("DG0009", "TwoFileNet", NoCompilerDiagnostics, """
                using DerivGen;

                namespace Files
                {
                    [[|Network(2, Loss = LossFunction.MeanSquaredError)|]]
                    [Dense(3, Activation.Elu)]
                    public partial class TwoFileNet { }
                }
                """,
                new[]
                {
                    """
                    using DerivGen;

                    namespace Files
                    {
                        [Dense(1)]
                        public partial class TwoFileNet { }
                    }
                    """,
                },
                "'TwoFileNet'");
        }

        [Fact]
        public void NetworkAndAllItsLayersOnDifferentPartialDeclarationsIsNotSplit()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(2)]
                public partial class NetworkHere { }

                [Dense(3, Activation.Tanh)]
                [Dense(1)]
                public partial class NetworkHere { }
                """);

            AssertCleanlyGenerated(run, "NetworkHere.DerivGen.g.cs");
        }

        // ---- DG0010: undefined enum value -------------------------------------------------------------------------

        [Fact]
        public void DG0010_UndefinedActivationIsReportedOnThatArgument()
        {
            AssertReported("DG0010", "UndefinedActivationNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2)]
                [Dense(3, Activation.ReLU)]
                [Dense(1, [|(Activation)42|])]
                public partial class UndefinedActivationNet { }
                """,
                "(Activation)42", "Activation");
        }

        [Fact]
        public void DG0010_NegativeActivationIsReportedOnThatArgument()
        {
            AssertReported("DG0010", "NegativeActivationNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2)]
                [Dense(2, [|(Activation)(-1)|])]
                public partial class NegativeActivationNet { }
                """,
                "(Activation)-1", "Activation");
        }

        [Fact]
        public void DG0010_UndefinedActivationPassedByParameterNameIsReportedOnThatArgument()
        {
            // Named with a colon, the argument is still that argument; the attribute as a whole is less precise.
            AssertReported("DG0010", "ColonActivationNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2)]
                [Dense(2, [|activation: (Activation)42|])]
                public partial class ColonActivationNet { }
                """,
                "(Activation)42", "Activation");
        }

        [Fact]
        public void DG0010_UndefinedLossIsReportedOnTheLossNamedArgument()
        {
            AssertReported("DG0010", "UndefinedLossNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2, [|Loss = (LossFunction)9|])]
                [Dense(1, Activation.Sigmoid)]
                public partial class UndefinedLossNet { }
                """,
                "(LossFunction)9", "LossFunction");
        }

        // ---- DG0011: loss needs a particular output activation ----------------------------------------------------

        [Fact]
        public void DG0011_BinaryCrossEntropyWithoutASigmoidLastLayerIsReportedOnTheLossArgument()
        {
            AssertReported("DG0011", "BceTanhNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2, [|Loss = LossFunction.BinaryCrossEntropy|])]
                [Dense(1, Activation.Tanh)]
                public partial class BceTanhNet { }
                """,
                "BinaryCrossEntropy", "'BceTanhNet'", "Sigmoid", "Tanh");
        }

        [Fact]
        public void DG0011_BinaryCrossEntropyWithSigmoidOnlyOnAHiddenLayerIsReported()
        {
            AssertReported("DG0011", "BceHiddenSigmoidNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2, HuberDelta = 2, [|Loss = LossFunction.BinaryCrossEntropy|])]
                [Dense(3, Activation.Sigmoid)]
                [Dense(1)]
                public partial class BceHiddenSigmoidNet { }
                """,
                "BinaryCrossEntropy", "Sigmoid", "Identity");
        }

        [Fact]
        public void DG0011_CrossEntropyWithoutASoftmaxLastLayerIsReportedOnTheLossArgument()
        {
            AssertReported("DG0011", "CeSigmoidNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2, [|Loss = LossFunction.CrossEntropy|])]
                [Dense(3, Activation.Sigmoid)]
                public partial class CeSigmoidNet { }
                """,
                "CrossEntropy", "'CeSigmoidNet'", "Softmax", "Sigmoid");
        }

        [Fact]
        public void DG0011_CrossEntropyWithSoftmaxOnlyOnAHiddenLayerIsReported()
        {
            AssertReported("DG0011", "CeHiddenSoftmaxNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2, [|Loss = LossFunction.CrossEntropy|])]
                [Dense(3, Activation.Softmax)]
                [Dense(2, Activation.ReLU)]
                public partial class CeHiddenSoftmaxNet { }
                """,
                "CrossEntropy", "Softmax", "ReLU");
        }

        // ---- DG0012: Softmax on one unit (a warning: the code is still generated) -----------------------------------

        [Fact]
        public void DG0012_SoftmaxOnAOneUnitLayerWarnsOnThatDenseAttributeAndStillGeneratesCompilingCode()
        {
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                [Network(2)]
                [[|Dense(1, Activation.Softmax)|]]
                [Dense(2, Activation.Tanh)]
                public partial class OneUnitSoftmaxNet { }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            Diagnostic diagnostic = AssertSingleDiagnostic(run, source, "DG0012", DiagnosticSeverity.Warning, "layer 1", "'OneUnitSoftmaxNet'");
            Assert.Equal(new[] { "OneUnitSoftmaxNet.DerivGen.g.cs" }, run.HintNames);
            Assert.True(run.OutputDiagnostics.IsEmpty, "Unexpected compiler diagnostics:\n" + GeneratorRun.Describe(run.OutputDiagnostics));

            // The warning's claim, run: the one-unit Softmax outputs exactly 1 whatever its z, so its W and b get gradient 0.
            using CollectibleAssembly assembly = CollectibleAssembly.Load(run.Output);
            NetworkFunctions f = assembly.Network("OneUnitSoftmaxNet");
            double[] parameters = { 0.7, -1.3, 0.4, 0.5, -0.25, 0.125, 2.0 }, x = { 3.0, -2.0 }, y = { 0.3, -0.4 };
            Assert.Equal(7, f.ParameterCount);
            var gradient = new double[f.ParameterCount];
            var trace = new double[f.TraceLength];
            f.BackwardWithTrace(parameters, x, y, gradient, trace);
            Assert.Equal(1.0, trace[1]);    // a1[0], after z1[0]
            Assert.Equal(new[] { 0.0, 0.0, 0.0 }, gradient.Take(3).Select(Math.Abs));
            Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        }

        [Fact]
        public void DG0012_OneUnitSoftmaxOutputWithCrossEntropyWarnsOnlyOnce()
        {
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                [Network(3, Loss = LossFunction.CrossEntropy)]
                [Dense(4, Activation.ReLU)]
                [[|Dense(1, Activation.Softmax)|]]
                public partial class OneUnitSoftmaxOutputNet { }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            AssertSingleDiagnostic(run, source, "DG0012", DiagnosticSeverity.Warning, "layer 2", "'OneUnitSoftmaxOutputNet'");
            Assert.Equal(new[] { "OneUnitSoftmaxOutputNet.DerivGen.g.cs" }, run.HintNames);
            Assert.True(run.OutputDiagnostics.IsEmpty, "Unexpected compiler diagnostics:\n" + GeneratorRun.Describe(run.OutputDiagnostics));
        }

        [Fact]
        public void SoftmaxOnTwoUnitsDoesNotWarn()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(2, Loss = LossFunction.CrossEntropy)]
                [Dense(2, Activation.Softmax)]
                public partial class TwoUnitSoftmaxNet { }
                """);

            AssertCleanlyGenerated(run, "TwoUnitSoftmaxNet.DerivGen.g.cs");
        }

        // ---- DG0013: member name collides with a generated member ---------------------------------------------------

        [Fact]
        public void DG0013_UserMethodNamedForwardIsReportedOnItsIdentifier()
        {
            AssertReported("DG0013", "ForwardNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2)]
                [Dense(1)]
                public partial class ForwardNet
                {
                    public double [|Forward|](double x) => x;
                }
                """,
                "'ForwardNet'", "'Forward'");
        }

        [Fact]
        public void DG0013_UserFieldNamedW1IsReportedOnItsIdentifier()
        {
            AssertReported("DG0013", "FieldNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2)]
                [Dense(1)]
                public partial class FieldNet
                {
                    public double[] [|W1|] = new double[2];
                }
                """,
                "'FieldNet'", "'W1'");
        }

        [Fact]
        public void DG0013_UserPropertyNamedAfterTheLastLayersBiasIsReportedOnItsIdentifier()
        {
            AssertReported("DG0013", "BiasPropertyNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2)]
                [Dense(3, Activation.Tanh)]
                [Dense(1)]
                public partial struct BiasPropertyNet
                {
                    public int [|b2|] => 0;
                }
                """,
                "'BiasPropertyNet'", "'b2'");
        }

        [Fact]
        public void DG0013_UserNestedTypeNamedLayoutIsReportedOnItsIdentifier()
        {
            AssertReported("DG0013", "LayoutNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2)]
                [Dense(1)]
                public partial class LayoutNet
                {
                    public static class [|Layout|] { }
                }
                """,
                "'LayoutNet'", "'Layout'");
        }

        [Fact]
        public void DG0013_MemberOnAnotherPartialDeclarationIsReportedOnItsIdentifier()
        {
            AssertReported("DG0013", "OtherPartNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2)]
                [Dense(1)]
                public partial class OtherPartNet { }

                public partial class OtherPartNet
                {
                    public const int [|ParameterCount|] = 3;
                }
                """,
                "'OtherPartNet'", "'ParameterCount'");
        }

        [Fact]
        public void DG0013_PositionalRecordParameterNamedW1IsReportedOnThatParameter()
        {
            AssertReported("DG0013", "PositionalNet", NoCompilerDiagnostics, """
                using DerivGen;

                [Network(2)]
                [Dense(1)]
                public partial record PositionalNet(double [|W1|]);
                """,
                "'PositionalNet'", "'W1'");
        }

        [Fact]
        public void DG0013_NetworkTypeNamedLikeAGeneratedMemberIsReportedOnTheNetworkAttribute()
        {
            // A member may not have its type's name (CS0542), so a type named Loss cannot receive the generated Loss.
            AssertReported("DG0013", "Loss", NoCompilerDiagnostics, """
                using DerivGen;

                [[|Network(2)|]]
                [Dense(1)]
                public partial class Loss { }
                """,
                "'Loss'");
        }

        [Fact]
        public void DG0013_TypeParameterNamedLikeALayerIsReportedOnTheNetworkAttribute()
        {
            AssertReported("DG0013", "TypeParameterNet", NoCompilerDiagnostics, """
                using DerivGen;

                [[|Network(2)|]]
                [Dense(1)]
                public partial class TypeParameterNet<W1> { }
                """,
                "'TypeParameterNet'", "'W1'");
        }

        [Fact]
        public void MembersNamedLikeALayerTheNetworkDoesNotHaveOrLikeAPrefixDoNotCollide()
        {
            // Two layers: W3 and b3 are not generated; Forwarded and W12 are not generated names either.
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(2)]
                [Dense(3, Activation.Tanh)]
                [Dense(1)]
                public partial class NoCollisionNet
                {
                    public double[] W3 = new double[1];
                    public double b3 => 0;
                    public void Forwarded() { }
                    public int W12 { get; set; }
                }
                """);

            AssertCleanlyGenerated(run, "NoCollisionNet.DerivGen.g.cs");
        }

        [Fact]
        public void DG0013_MembersInheritedUnderGeneratedNamesAreEachReportedOnTheNetworkAttribute()
        {
            // The generated InputCount and W1 would hide the base class's members (CS0108 in code the user did not write).
            // The members are not in the network's own declaration, so [Network] carries the diagnostics.
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                public class NetBase
                {
                    public static int InputCount => 1;
                    public double[] W1 = new double[1];
                    public void Train() { }
                }

                [[|Network(2)|]]
                [Dense(1)]
                public partial class DerivedNet : NetBase { }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            Assert.Null(run.Exception);
            Assert.Equal(new[] { "DG0013", "DG0013" }, run.GeneratorDiagnostics.Select(d => d.Id));
            string[] messages = run.GeneratorDiagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToArray();
            Assert.All(run.GeneratorDiagnostics, d =>
            {
                Assert.Equal(DiagnosticSeverity.Error, d.Severity);
                Assert.Equal(source.Span, d.Location.SourceSpan);
            });
            Assert.Contains("'InputCount'", messages[0], StringComparison.Ordinal);
            Assert.Contains("'W1'", messages[1], StringComparison.Ordinal);
            Assert.All(messages, message =>
            {
                Assert.Contains("'DerivedNet'", message, StringComparison.Ordinal);
                Assert.Contains("'NetBase'", message, StringComparison.Ordinal);
                Assert.True(
                    message.Count(c => c == '(') == message.Count(c => c == ')') && message.Count(c => c == '\'') % 2 == 0,
                    "Unbalanced parentheses or quotes in: " + message);
            });
            Assert.Empty(run.Sources);
            Assert.True(run.OutputDiagnostics.IsEmpty, "Unexpected compiler diagnostics:\n" + GeneratorRun.Describe(run.OutputDiagnostics));
        }

        // ---- DG0014: attribute argument that does not bind or is not constant -----------------------------------------

        [Fact]
        public void DG0014_NetworkArgumentThatDoesNotBindIsReportedOnTheNetworkAttributeBesideCS0103()
        {
            AssertReported("DG0014", "UnboundInputsNet", new[] { "CS0103" }, """
                using DerivGen;

                [[|Network(SomeUndefinedName)|]]
                [Dense(1)]
                public partial class UnboundInputsNet { }
                """,
                "[Network]", "'UnboundInputsNet'");
        }

        [Fact]
        public void DG0014_DenseArgumentThatIsNotConstantIsReportedOnThatDenseAttributeBesideCS0182()
        {
            AssertReported("DG0014", "ParsedUnitsNet", new[] { "CS0182" }, """
                using DerivGen;

                [Network(2)]
                [[|Dense(int.Parse("3"))|]]
                public partial class ParsedUnitsNet { }
                """,
                "[Dense]", "'ParsedUnitsNet'");
        }

        [Fact]
        public void DG0014_NamedNetworkArgumentThatDoesNotBindIsReportedOnTheNetworkAttribute()
        {
            AssertReported("DG0014", "UnboundDeltaNet", new[] { "CS0103" }, """
                using DerivGen;

                [[|Network(2, Loss = LossFunction.Huber, HuberDelta = Undefined)|]]
                [Dense(1)]
                public partial class UnboundDeltaNet { }
                """,
                "[Network]", "'UnboundDeltaNet'");
        }

        [Fact]
        public void DG0014_NamedDenseArgumentThatIsNotConstantIsReportedOnThatDenseAttribute()
        {
            AssertReported("DG0014", "ParsedSlopeNet", new[] { "CS0182" }, """
                using DerivGen;

                [Network(2)]
                [Dense(3, Activation.ReLU)]
                [[|Dense(1, Activation.LeakyReLU, Slope = double.Parse("0.1"))|]]
                public partial class ParsedSlopeNet { }
                """,
                "[Dense]", "'ParsedSlopeNet'");
        }

        [Fact]
        public void DG0014_UnknownActivationMemberIsReportedOnThatDenseAttributeBesideCS0117()
        {
            AssertReported("DG0014", "BogusActivationNet", new[] { "CS0117" }, """
                using DerivGen;

                [Network(2)]
                [[|Dense(2, Activation.Bogus)|]]
                public partial class BogusActivationNet { }
                """,
                "[Dense]", "'BogusActivationNet'");
        }

        [Fact]
        public void DG0014_NonConstantSigmoidOutputLayerIsTheOnlyDiagnosticNotAlsoALossMismatch()
        {
            // The last layer IS Sigmoid; only its units argument is broken. Skipping the broken layer must not make
            // DerivGen claim the last layer is Tanh (a DG0011 about a layer the user did not make last).
            AssertReported("DG0014", "BrokenSigmoidOutputNet", new[] { "CS0182" }, """
                using DerivGen;

                [Network(2, Loss = LossFunction.BinaryCrossEntropy)]
                [Dense(3, Activation.Tanh)]
                [[|Dense(int.Parse("1"), Activation.Sigmoid)|]]
                public partial class BrokenSigmoidOutputNet { }
                """,
                "[Dense]", "'BrokenSigmoidOutputNet'");
        }

        [Fact]
        public void DG0014_NonConstantNarrowLayerIsTheOnlyDiagnosticNotAlsoATooLargeNextLayer()
        {
            // Layer 2 has the units of layer 1 as inputs, which nobody knows; measuring it against the 65,536 network
            // inputs instead (300 x 65,536 weights, more than DG0005's 2^24) would report a DG0005 that the intended
            // network (one unit, then 300 x 1 weights) does not deserve.
            AssertReported("DG0014", "BrokenNarrowLayerNet", new[] { "CS0182" }, """
                using DerivGen;

                [Network(65536)]
                [[|Dense(int.Parse("1"))|]]
                [Dense(300)]
                public partial class BrokenNarrowLayerNet { }
                """,
                "[Dense]", "'BrokenNarrowLayerNet'");
        }

        // ---- DG0015: invalid numeric setting -----------------------------------------------------------------------

        [Theory]
        [InlineData("0", "0")]
        [InlineData("-1.5", "-1.5")]
        [InlineData("double.NaN", "NaN")]
        [InlineData("double.PositiveInfinity", "Infinity")]
        [InlineData("-0.0", "-0")]
        public void DG0015_HuberDeltaThatIsNotPositiveAndFiniteIsReportedOnTheHuberDeltaArgument(string literal, string printed)
        {
            AssertReported("DG0015", "BadDeltaNet", NoCompilerDiagnostics, $$"""
                using DerivGen;

                [Network(2, Loss = LossFunction.Huber, [|HuberDelta = {{literal}}|])]
                [Dense(1)]
                public partial class BadDeltaNet { }
                """,
                "HuberDelta", "'BadDeltaNet'", " is " + printed + ";");
        }

        [Theory]
        [InlineData("double.NaN", "NaN")]
        [InlineData("double.NegativeInfinity", "-Infinity")]
        public void DG0015_SlopeThatIsNotFiniteIsReportedOnTheSlopeArgument(string literal, string printed)
        {
            AssertReported("DG0015", "BadSlopeNet", NoCompilerDiagnostics, $$"""
                using DerivGen;

                [Network(2)]
                [Dense(3, Activation.Tanh)]
                [Dense(1, Activation.LeakyReLU, [|Slope = {{literal}}|])]
                public partial class BadSlopeNet { }
                """,
                "layer 2", "'BadSlopeNet'", " is " + printed + ";");
        }

        [Fact]
        public void NegativeOrZeroSlopesAndATinyPositiveDeltaAreValid()
        {
            GeneratorRun run = GeneratorHarness.Run("""
                using DerivGen;

                [Network(2, Loss = LossFunction.Huber, HuberDelta = 1e-3)]
                [Dense(3, Activation.LeakyReLU, Slope = -0.5)]
                [Dense(2, Activation.LeakyReLU, Slope = 0)]
                public partial class OddButValidNet { }
                """);

            AssertCleanlyGenerated(run, "OddButValidNet.DerivGen.g.cs");
        }

        // ---- helpers ------------------------------------------------------------------------------------------------

        private static void AssertReported(string id, string typeName, string[] compilerIds, string markup, params string[] messageParts) =>
            AssertReported(id, typeName, compilerIds, markup, Array.Empty<string>(), messageParts);

        /// <summary>
        /// Runs the generator over <paramref name="markup"/> (and <paramref name="otherSources"/>) and asserts exactly one
        /// DG diagnostic: <paramref name="id"/>, an Error, at the marked span, whose message contains every one of
        /// <paramref name="messageParts"/>; no source for <paramref name="typeName"/>; no generator exception; and the
        /// compiler's diagnostics are exactly <paramref name="compilerIds"/> (as a multiset).
        /// </summary>
        private static void AssertReported(
            string id, string typeName, string[] compilerIds, string markup, string[] otherSources, params string[] messageParts)
        {
            MarkedSource source = MarkedSource.Parse(markup);
            GeneratorRun run = GeneratorHarness.Run(new[] { source.Text }.Concat(otherSources).ToArray());

            AssertSingleDiagnostic(run, source, id, DiagnosticSeverity.Error, messageParts);
            Assert.DoesNotContain(run.Sources, s => s.HintName.Split('.').Contains(typeName, StringComparer.Ordinal));
            Assert.Empty(run.Sources);
            Assert.True(
                compilerIds.Order(StringComparer.Ordinal).SequenceEqual(run.OutputDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal)),
                $"Expected compiler diagnostics [{string.Join(", ", compilerIds)}], got:\n" + GeneratorRun.Describe(run.OutputDiagnostics));
        }

        private static Diagnostic AssertSingleDiagnostic(
            GeneratorRun run, MarkedSource source, string id, DiagnosticSeverity severity, params string[] messageParts)
        {
            Assert.Null(run.Exception);
            Assert.True(
                run.GeneratorDiagnostics.Length == 1,
                $"Expected exactly one {id}, got:\n" + GeneratorRun.Describe(run.GeneratorDiagnostics));
            Diagnostic diagnostic = run.GeneratorDiagnostics[0];
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(severity, diagnostic.Severity);
            Assert.Equal("DerivGen", diagnostic.Descriptor.Category);

            Assert.True(diagnostic.Location.IsInSource, $"{id} has no source location: {diagnostic.Location}");
            Assert.Equal("Source0.cs", diagnostic.Location.SourceTree!.FilePath);
            string located = diagnostic.Location.SourceTree.GetText().ToString(diagnostic.Location.SourceSpan);
            Assert.Equal(source.MarkedText, located);
            Assert.Equal(source.Span, diagnostic.Location.SourceSpan);

            string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            Assert.DoesNotContain("{0}", message, StringComparison.Ordinal);
            Assert.False(message.EndsWith('.'), $"{id}'s message ends with a period: {message}");
            foreach (string part in messageParts)
            {
                Assert.True(message.Contains(part, StringComparison.Ordinal), $"{id}'s message does not mention \"{part}\": {message}");
            }

            return diagnostic;
        }

        private static void AssertCleanlyGenerated(GeneratorRun run, params string[] hintNames)
        {
            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, "Unexpected DG diagnostics:\n" + GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.Equal(hintNames, run.HintNames);
            IReadOnlyList<Diagnostic> output = run.OutputDiagnostics;
            Assert.True(output.Count == 0, "Unexpected compiler diagnostics:\n" + GeneratorRun.Describe(output));
        }
    }
}
