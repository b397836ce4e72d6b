using System;
using System.Collections.Generic;
using System.Linq;
using DerivGen.Symbolic;
using Xunit;

namespace DerivGen.Tests.Symbolic
{
    /// <summary>
    /// Forward mode against reverse mode on every op case: the tangent of f along v is ∇f·v, and the tangent of the
    /// gradient along v (forward-over-reverse) is H·v with H built row by row by reverse-over-reverse. The two sides are
    /// different graphs of the same exact quantity, so they agree to rounding.
    /// </summary>
    /// <remarks>
    /// Tolerance: both sides sum at most a few dozen terms of O(1)–O(100) values at these points, each rounded to
    /// ~1e-16 relative; 1e-12 of max(1, |terms|) leaves a margin of several hundred ulps and fails any wrong rule,
    /// whose error is O(1).
    /// </remarks>
    public sealed class ForwardModeTests
    {
        private const double Tolerance = 1e-12;

        private static readonly double[] Direction = { 0.7, -1.3, 0.45 };

        public static TheoryData<string> CaseNames { get; } = new(OpCases.All.Where(c => c.SecondOrder).Select(c => c.Name));

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void TangentOfTheGradientIsTheHessianTimesTheDirection(string name)
        {
            var c = OpCases.All.Single(x => x.Name == name);
            foreach (var point in c.Points)
            {
                var g = new ExpressionGraph();
                var p = Enumerable.Range(0, 3).Select(g.Parameter).ToArray();
                var f = c.Build(g, p);
                var gradient = DerivativeRuleTests.Gradient(g, f, p);
                var seeds = Enumerable.Range(0, 3).ToDictionary(k => p[k], k => g.Input(k));
                var tangents = ForwardMode.Differentiate(g, gradient.Append(f).ToList(), seeds, ForwardMode.RNames);
                var interpreter = new GraphInterpreter(
                    leaf => leaf.Op == Op.Parameter ? point[leaf.Index] : Direction[leaf.Index], OpCases.Methods, OpCases.Gradients);
                double Tangent(Node node) => tangents.TryGetValue(node, out var t) ? interpreter[t] : 0;
                var where = $"{name} at ({string.Join(", ", point)})";

                var directional = Enumerable.Range(0, 3).Select(k => interpreter[gradient[k]] * Direction[k]).ToArray();
                AssertClose(directional.Sum(), Tangent(f), directional, $"{where}: ∇f·v");

                for (int i = 0; i < 3; i++)
                {
                    var row = DerivativeRuleTests.Gradient(g, gradient[i], p);
                    var products = Enumerable.Range(0, 3).Select(k => interpreter[row[k]] * Direction[k]).ToArray();
                    AssertClose(products.Sum(), Tangent(gradient[i]), products, $"{where}: (H·v)[{i}]");
                }
            }
        }

        [Fact]
        public void TangentsAreNamedWithTheROperator()
        {
            var g = new ExpressionGraph();
            var w = g.Parameter(0);
            var z = g.Multiply(w, g.Input(0));
            g.Name(z, "z", "z");
            var loss = g.Apply(Op.Exp, z);
            var tangents = ForwardMode.Differentiate(g, new[] { loss }, new Dictionary<Node, Node> { [w] = g.Target(0) }, ForwardMode.RNames);

            Assert.Equal(new NodeName("rz", "R{z}"), g.NameOf(tangents[z]));
            Assert.False(tangents.ContainsKey(g.Input(0)), "An unseeded leaf has tangent 0 and no entry.");
        }

        private static void AssertClose(double expected, double actual, double[] terms, string where)
        {
            var scale = Math.Max(1, terms.Select(Math.Abs).DefaultIfEmpty(0).Max());
            Assert.True(Math.Abs(expected - actual) <= Tolerance * scale, $"{where}: forward mode {actual:R}, reverse mode {expected:R}");
        }
    }
}
