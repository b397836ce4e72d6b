using System;
using System.Collections.Generic;
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
    /// <c>[Network(Methods = …)]</c>: each optional group adds exactly its methods (static and instance forms), leaving a
    /// group out removes exactly those and nothing else, every combination compiles without a warning, and an undefined
    /// value is a located error.
    /// </summary>
    public sealed class NetworkMethodsTests
    {
        /// <summary>The public methods of each optional group, by name and parameter count.</summary>
        private static readonly Dictionary<NetworkMethods, string[]> GroupMethods = new()
        {
            [NetworkMethods.Trace] = new[] { "Backward(5)" },
            [NetworkMethods.SecondOrder] = new[] { "HessianVectorProduct(6)", "HessianVectorProductBatchMean(7)" },
            [NetworkMethods.InputSensitivities] = new[] { "InputGradient(4)", "InputJacobian(4)" },
            [NetworkMethods.Batches] = new[] { "ForwardBatch(4)", "LossBatch(4)", "LossBatchMean(4)", "BackwardBatch(5)", "BackwardBatchMean(5)" },
        };

        private readonly ITestOutputHelper output;

        public NetworkMethodsTests(ITestOutputHelper output) => this.output = output;

        public static TheoryData<NetworkMethods> Combinations()
        {
            var data = new TheoryData<NetworkMethods>();
            for (int bits = 0; bits <= (int)NetworkMethods.All; bits++)
            {
                data.Add((NetworkMethods)bits);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Combinations))]
        public void EachGroupAddsExactlyItsMethodsAndEveryCombinationCompilesCleanly(NetworkMethods methods)
        {
            GeneratorRun all = Generate(NetworkMethods.All);
            GeneratorRun run = Generate(methods);
            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));

            string[] left = GroupMethods.Where(g => !methods.HasFlag(g.Key)).SelectMany(g => g.Value).ToArray();
            Assert.NotEmpty(PublicMethods(all, isStatic: true).Intersect(GroupMethods.Values.SelectMany(m => m)));
            foreach (bool isStatic in new[] { true, false })
            {
                // Everything the default has, but the groups left out: nothing more, nothing less. An instance method takes
                // the parameters from the instance, so it has one parameter fewer.
                var leftHere = isStatic ? left : left.Select(OneParameterFewer);
                string[] expected = PublicMethods(all, isStatic).Except(leftHere).OrderBy(m => m, StringComparer.Ordinal).ToArray();
                Assert.Equal(expected, PublicMethods(run, isStatic).OrderBy(m => m, StringComparer.Ordinal).ToArray());
            }

            string text = Assert.Single(run.Sources).Text;
            bool trace = methods.HasFlag(NetworkMethods.Trace);
            Assert.Equal(trace, text.Contains("public const int TraceLength", StringComparison.Ordinal));
            Assert.Equal(trace, text.Contains("public readonly ref struct Trace", StringComparison.Ordinal));
        }

        [Fact]
        public void CoreLeavesOutMostOfTheGeneratedFile()
        {
            int all = Lines(Generate(NetworkMethods.All));
            int allButBatches = Lines(Generate(NetworkMethods.All & ~NetworkMethods.Batches));
            int traceAndSecondOrder = Lines(Generate(NetworkMethods.Trace | NetworkMethods.SecondOrder));
            int batches = Lines(Generate(NetworkMethods.Batches));
            int core = Lines(Generate(NetworkMethods.Core));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"3-3-1 generated file: {all} lines with every method, {allButBatches} without Batches, {traceAndSecondOrder} with Trace | SecondOrder, {batches} with Batches, {core} with Core."));
            Assert.True(core < all * 0.7, string.Create(CultureInfo.InvariantCulture, $"Core: {core} lines against {all}"));
        }

        [Fact]
        public void AnUndefinedValueIsAnErrorOnTheArgument()
        {
            MarkedSource source = MarkedSource.Parse("""
                using DerivGen;

                [Network(3, [|Methods = (NetworkMethods)16|])]
                [Dense(1, Activation.Sigmoid)]
                public partial class Net { }
                """);
            GeneratorRun run = GeneratorHarness.Run(source.Text);

            Assert.Null(run.Exception);
            Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("DG0010", diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
            Assert.Contains("(NetworkMethods)16", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.Empty(run.Sources);
        }

        [Theory]
        [InlineData("NetworkMethods.All", true)]
        [InlineData("NetworkMethods.Trace | NetworkMethods.SecondOrder", false)]
        public void ANetworkWithoutInputSensitivitiesIsNotToldItsJacobianIsTooLarge(string methods, bool reported)
        {
            // As in DiagnosticDG0055Tests: 257 × 257 = 66,049 Jacobian entries past the looped layer, one past 2¹⁶.
            GeneratorRun run = GeneratorHarness.Run($$"""
                using DerivGen;

                [Network(2, UnrollLimit = 0, Methods = {{methods}})]
                [Dense(257, Activation.Identity)]
                public partial class Wide { }
                """);

            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.Equal(reported ? new[] { "DG0055" } : Array.Empty<string>(), run.Information.Select(d => d.Id).ToArray());
            Assert.Contains("public static double HessianVectorProduct(", Assert.Single(run.Sources).Text, StringComparison.Ordinal);
        }

        private static GeneratorRun Generate(NetworkMethods methods)
        {
            var network = new NetworkDescription(
                "Net", 3, new[] { new LayerDescription(3, Activation.ReLU), new LayerDescription(1, Activation.Sigmoid) }, Methods: methods);
            return GeneratorHarness.Run(NetworkSource.File(new[] { network }, "Methods"));
        }

        /// <summary>"Name(parameter count)" of the generated public methods, static or instance.</summary>
        private static string[] PublicMethods(GeneratorRun run, bool isStatic) =>
            CSharpSyntaxTree.ParseText(Assert.Single(run.Sources).Text).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword) && m.Modifiers.Any(SyntaxKind.StaticKeyword) == isStatic)
                .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Identifier.ValueText}({m.ParameterList.Parameters.Count})"))
                .ToArray();

        private static string OneParameterFewer(string method)
        {
            int open = method.IndexOf('(', StringComparison.Ordinal);
            int count = int.Parse(method[(open + 1)..^1], CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture, $"{method[..open]}({count - 1})");
        }

        private static int Lines(GeneratorRun run) => Assert.Single(run.Sources).Text.Split('\n').Length;
    }
}
