using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests.Symbolic
{
    /// <summary>The order and wording of the generated backward code, on the generator's text (nothing is compiled).</summary>
    public sealed class GeneratedLayoutTests
    {
        private const string Networks = """
            using DerivGen;

            [Network(3, Loss = LossFunction.CrossEntropy)]
            [Dense(4, Activation.Tanh)]
            [Dense(5, Activation.Softmax)]
            public partial class SectionNet { }

            [Network(2)]
            [Dense(3, Activation.Silu)]
            [Dense(1)]
            public partial class SiluNet { }
            """;

        [Fact]
        public void BackwardSectionsComeOnceEachFromTheLossToTheFirstLayer()
        {
            string text = GeneratorHarness.Run(Networks).Source("SectionNet.DerivGen.g.cs").Text;
            foreach (string body in Regex.Split(text, @"public static double Backward(?:Accumulate)?\(").Skip(1))
            {
                List<string> headings = Regex.Matches(body.Split("public static")[0], @"// Backward · (Loss|Layer \d)").Select(m => m.Groups[1].Value).ToList();
                Assert.Equal(new[] { "Loss", "Layer 2", "Layer 1" }, headings);
            }
        }

        [Fact]
        public void CrossEntropyBackwardSaysWhyItIsWrittenSo()
        {
            string text = GeneratorHarness.Run(Networks).Source("SectionNet.DerivGen.g.cs").Text;
            Assert.Contains("// dL/dz is the chain rule through -log a[i] = (m - z[i]) + log1p(ρ)", text);
        }

        [Fact]
        public void SiluDerivativePrintsNoDoubleNegation()
        {
            string text = GeneratorHarness.Run(Networks).Source("SiluNet.DerivGen.g.cs").Text;
            Assert.DoesNotContain("-(-", text);
            // σ(−z) is the mirror half of σ's one exponential e^−|z|, not a second Exp of −(−z) (SigmoidParts).
            Assert.Contains("ExpNonPositive(-global::System.Math.Abs(z1_0))", text);
        }
    }
}
