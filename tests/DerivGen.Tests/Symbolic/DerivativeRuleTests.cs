using System;
using System.Collections.Generic;
using System.Linq;
using DerivGen.Symbolic;
using Xunit;

namespace DerivGen.Tests.Symbolic
{
    /// <summary>
    /// Every op's derivative rule, first and second order, against central finite differences of the interpreted graph.
    /// </summary>
    /// <remarks>
    /// Tolerance: with step h = 1e-5·max(1, |p|), a central difference errs by about h²·|f‴|/6 (truncation, ~1e-11 for the
    /// O(1)–O(100) third derivatives at these points) plus ε·|f|/h (rounding, ~1e-11), so a correct rule agrees to well
    /// under 1e-7 of max(1, |f′|); 1e-6 leaves a margin and still fails any wrong rule, whose error is O(1).
    /// </remarks>
    public sealed class DerivativeRuleTests
    {
        private const double Tolerance = 1e-6;

        public static TheoryData<string> CaseNames { get; } = new(OpCases.All.Select(c => c.Name));

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void FirstAndSecondDerivativesMatchCentralDifferences(string name)
        {
            var c = OpCases.All.Single(x => x.Name == name);
            foreach (var point in c.Points)
            {
                var g = new ExpressionGraph();
                var p = Enumerable.Range(0, 3).Select(g.Parameter).ToArray();
                var f = c.Build(g, p);
                var gradient = Gradient(g, f, p);
                AssertMatchesDifferences(g, f, gradient, point, $"{name} at ({string.Join(", ", point)})");

                if (c.SecondOrder)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        AssertMatchesDifferences(g, gradient[i], Gradient(g, gradient[i], p), point, $"∂{name}/∂p{i} at ({string.Join(", ", point)})");
                    }
                }
            }
        }

        [Fact]
        public void EveryOpIsExercisedByADerivativeCase()
        {
            var seen = new HashSet<Op>();
            foreach (var c in OpCases.All)
            {
                var g = new ExpressionGraph();
                var p = Enumerable.Range(0, 3).Select(g.Parameter).ToArray();
                var f = c.Build(g, p);
                var gradient = Gradient(g, f, p);
                if (c.SecondOrder)
                {
                    foreach (var d in gradient)
                    {
                        Gradient(g, d, p);
                    }
                }

                seen.UnionWith(g.Nodes.Select(n => n.Op));
            }

            var missing = Enum.GetValues<Op>().Where(op => op is not (Op.Input or Op.Target or Op.Direction) && !seen.Contains(op)).ToList();
            Assert.True(missing.Count == 0, "No derivative case uses " + string.Join(", ", missing));
        }

        internal static Node[] Gradient(ExpressionGraph g, Node f, Node[] parameters)
        {
            var adjoints = ReverseMode.Differentiate(g, f, "f");
            return parameters.Select(p => adjoints.TryGetValue(p, out var d) ? d : g.Constant(0)).ToArray();
        }

        internal static double Evaluate(Node node, double[] point) =>
            new GraphInterpreter(
                leaf => point[leaf.Index],
                OpCases.Methods,
                OpCases.Gradients).Evaluate(node);

        private static void AssertMatchesDifferences(ExpressionGraph g, Node f, Node[] gradient, double[] point, string where)
        {
            for (int i = 0; i < point.Length; i++)
            {
                var h = 1e-5 * Math.Max(1, Math.Abs(point[i]));
                var up = (double[])point.Clone();
                var down = (double[])point.Clone();
                up[i] += h;
                down[i] -= h;
                var difference = (Evaluate(f, up) - Evaluate(f, down)) / (up[i] - down[i]);
                var analytic = Evaluate(gradient[i], point);
                Assert.True(
                    Math.Abs(analytic - difference) <= Tolerance * Math.Max(1, Math.Abs(analytic)),
                    $"{where}: ∂/∂p{i} is {analytic:R}, central difference {difference:R}");
            }
        }
    }
}
