using System;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Model;
using DerivGen.Symbolic;
using Xunit;

namespace DerivGen.Tests.Symbolic
{
    /// <summary>
    /// The softmax's derivative where it saturates, against values derived by hand: with logits (30, 0, 0) and the loss
    /// L = Σ g_i a_i, dL/dz_k = a_k Σ_{j≠k} a_j (g_k − g_j), and a_0 = 1/(1 + 2e), a_1 = a_2 = e/(1 + 2e) with e = e^−30,
    /// each accurate to a few ulps in double.
    /// </summary>
    public sealed class SoftmaxAccuracyTests
    {
        [Fact]
        public void TheTextbookFormWouldMissTheBoundAtThisPoint()
        {
            // a_0(g_0 − Σ a_j g_j) with g = (1, 0, 0) is a_0(1 − a_0): 1 − a_0 ≈ 1.9e-13 keeps only about three digits,
            // so the 1e-14 bound below can tell the two forms apart.
            var e = Math.Exp(-30);
            var a0 = 1 / (1 + (2 * e));
            var exact = 2 * e / ((1 + (2 * e)) * (1 + (2 * e)));
            Assert.True(Math.Abs((a0 * (1 - a0)) - exact) > 1e-6 * exact);
        }

        [Theory]
        [InlineData(1.0, 0.0, 0.0)]
        [InlineData(1.0, 0.5, -0.25)]
        [InlineData(-2.0, 3.0, 1.0)]
        public void SaturatedSoftmaxGradientKeepsItsDigits(double g0, double g1, double g2)
        {
            var weights = new[] { g0, g1, g2 };
            var graph = new ExpressionGraph();
            var z = Enumerable.Range(0, 3).Select(graph.Parameter).ToArray();
            var a = ActivationLowering.Apply(graph, new LayerSpec(3, ActivationKind.Softmax, 0), z, 1);
            var loss = graph.Sum(a.Select((ai, i) => graph.Multiply(graph.Constant(weights[i]), ai)).ToList());
            var gradient = DerivativeRuleTests.Gradient(graph, loss, z);

            var point = new[] { 30.0, 0.0, 0.0 };
            var e = Math.Exp(-30);
            var probabilities = new[] { 1 / (1 + (2 * e)), e / (1 + (2 * e)), e / (1 + (2 * e)) };
            for (int k = 0; k < 3; k++)
            {
                double expected = 0;
                for (int j = 0; j < 3; j++)
                {
                    if (j != k)
                    {
                        expected += probabilities[j] * (weights[k] - weights[j]);
                    }
                }

                expected *= probabilities[k];
                var actual = DerivativeRuleTests.Evaluate(gradient[k], point);
                Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Abs(expected), $"dL/dz{k} = {actual:R}, expected {expected:R}");
                Assert.Equal(probabilities[k], DerivativeRuleTests.Evaluate(a[k], point), 1e-15);
            }
        }
    }
}
