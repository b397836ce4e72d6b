using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// A Sigmoid, SiLU or GELU unit computes one exponential, e^−|z| (e^−|w| for GELU), and takes σ, σ′ and, for SiLU,
    /// σ(−z) from it (the values are checked against 50-digit references and finite differences elsewhere; this checks the
    /// cost): two would double the transcendental work of such a layer.
    /// </summary>
    public sealed class SigmoidExponentialTests
    {
        private static readonly string[] Units = { "z1_0", "z1_1", "z1_2", "z1_3", "z2_0", "z2_1" };

        [Theory]
        [InlineData("Sigmoid")]
        [InlineData("Silu")]
        [InlineData("Gelu")]
        public void EveryMethodComputesOneExpPerUnit(string activation)
        {
            GeneratorRun run = GeneratorHarness.Run($$"""
                using DerivGen;

                [Network(3)]
                [Dense(4, Activation.{{activation}})]
                [Dense(2, Activation.{{activation}})]
                public partial class TwoLayers { }
                """);
            Assert.Null(run.Exception);
            string text = Assert.Single(run.Sources).Text;

            var methods = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Select(m => (Name: $"{m.Identifier.ValueText}({m.ParameterList.Parameters.Count})", Exps: ExpCalls(m).ToList()))
                .Where(m => m.Exps.Count > 0)
                .ToList();

            // Backward and Backward with a trace (4 and 5 arguments), and the methods that print the same graph.
            Assert.Contains("Backward(4)", methods.Select(m => m.Name));
            Assert.Contains("Backward(5)", methods.Select(m => m.Name));
            Assert.Contains("HessianVectorProductAccumulate(6)", methods.Select(m => m.Name));
            foreach (var (name, exps) in methods)
            {
                Assert.True(exps.Count == Units.Length, $"{name}: {exps.Count} Exp calls for {Units.Length} {activation} units: {string.Join("; ", exps)}");
                foreach (string unit in Units)
                {
                    // GELU's exponential is of its unit's w = 2c(z + k·z³), named w_z1_0 and so on.
                    var pattern = new Regex($@"\b(w_)?{unit}\b");
                    Assert.True(exps.Count(e => pattern.IsMatch(e)) == 1, $"{name}: unit {unit} does not have exactly one Exp: {string.Join("; ", exps)}");
                }
            }
        }

        /// <summary>The argument lists of the <c>….Exp(…)</c> and <c>….ExpNonPositive(…)</c> calls in a method's body.</summary>
        private static IEnumerable<string> ExpCalls(MethodDeclarationSyntax method) =>
            method.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Exp" or "ExpNonPositive" })
                .Select(i => i.ArgumentList.ToString());
    }
}
