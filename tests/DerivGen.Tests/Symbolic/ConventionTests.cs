using System;
using System.Linq;
using DerivGen.Symbolic;
using Xunit;

namespace DerivGen.Tests.Symbolic
{
    /// <summary>
    /// The documented conventions at kinks and branches, and the accuracy of rules where the textbook form cancels,
    /// each against a value derived by hand.
    /// </summary>
    public sealed class ConventionTests
    {
        private static (ExpressionGraph G, Node[] P) NewGraph()
        {
            var g = new ExpressionGraph();
            return (g, Enumerable.Range(0, 3).Select(g.Parameter).ToArray());
        }

        private static double[] GradientAt(Func<ExpressionGraph, Node[], Node> build, params double[] point)
        {
            var (g, p) = NewGraph();
            var f = build(g, p);
            var full = point.Concat(new double[3]).Take(3).ToArray();
            return DerivativeRuleTests.Gradient(g, f, p).Select(d => DerivativeRuleTests.Evaluate(d, full)).ToArray();
        }

        [Fact]
        public void AbsHasDerivativeZeroAtZero()
        {
            Assert.Equal(0.0, GradientAt((g, p) => g.Apply(Op.Abs, p[0]), 0.0)[0]);
            Assert.Equal(0.0, GradientAt((g, p) => g.Apply(Op.Abs, p[0]), -0.0)[0]);
        }

        [Fact]
        public void MaxAndMinGiveATieToTheFirstArgument()
        {
            Assert.Equal(new[] { 1.0, 0.0, 0.0 }, GradientAt((g, p) => g.Max(p[0], p[1]), 2.0, 2.0));
            Assert.Equal(new[] { 1.0, 0.0, 0.0 }, GradientAt((g, p) => g.Min(p[0], p[1]), 2.0, 2.0));
            Assert.Equal(new[] { 0.0, 1.0, 0.0 }, GradientAt((g, p) => g.Max(p[0], p[1]), 1.0, 2.0));
            Assert.Equal(new[] { 0.0, 1.0, 0.0 }, GradientAt((g, p) => g.Min(p[0], p[1]), 3.0, 2.0));
        }

        [Fact]
        public void ClampFollowsTheBranchCSharpTakes()
        {
            // Math.Clamp(x, lo, hi) returns x when x == lo or x == hi (it tests x < lo, then x > hi).
            Assert.Equal(new[] { 1.0, 0.0, 0.0 }, GradientAt((g, p) => g.Clamp(p[0], p[1], p[2]), 1.0, 1.0, 2.0));
            Assert.Equal(new[] { 1.0, 0.0, 0.0 }, GradientAt((g, p) => g.Clamp(p[0], p[1], p[2]), 2.0, 1.0, 2.0));
            Assert.Equal(new[] { 0.0, 1.0, 0.0 }, GradientAt((g, p) => g.Clamp(p[0], p[1], p[2]), 0.5, 1.0, 2.0));
            Assert.Equal(new[] { 0.0, 0.0, 1.0 }, GradientAt((g, p) => g.Clamp(p[0], p[1], p[2]), 2.5, 1.0, 2.0));
        }

        [Fact]
        public void AComparisonsBranchIsTheOneCSharpTakes()
        {
            // x <= y ? x² : 3y at x = y = 2: C# takes x², so the gradient is (2x, 0).
            Assert.Equal(new[] { 4.0, 0.0, 0.0 },
                GradientAt((g, p) => g.Select(g.Compare(Op.LessOrEqual, p[0], p[1]), g.Square(p[0]), g.Multiply(g.Constant(3), p[1])), 2.0, 2.0));
            Assert.Equal(new[] { 0.0, 3.0, 0.0 },
                GradientAt((g, p) => g.Select(g.Compare(Op.Less, p[0], p[1]), g.Square(p[0]), g.Multiply(g.Constant(3), p[1])), 2.0, 2.0));
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(-3.0)]
        public void ReluDerivativeIsTheBranchSoAnInfiniteAdjointWhereTheUnitIsOffGivesZero(double x)
        {
            Assert.Equal(0.0, GradientAt((g, p) => g.Multiply(g.Constant(double.PositiveInfinity), g.Apply(Op.Relu, p[0])), -0.0)[0]);
            // f = ∞·ReLU(x): dL/da = ∞, and the unit is off, so dL/dx = 0 (∞·0 would be NaN).
            Assert.Equal(0.0, GradientAt((g, p) => g.Multiply(g.Constant(double.PositiveInfinity), g.Apply(Op.Relu, p[0])), x)[0]);
            Assert.Equal(0.0, GradientAt((g, p) => g.Multiply(g.Constant(double.PositiveInfinity), g.Apply(Op.Abs, p[0])), 0.0)[0]);
        }

        [Fact]
        public void ReluDerivativeOfANaNIsNaN() =>
            Assert.True(double.IsNaN(GradientAt((g, p) => g.Square(g.Apply(Op.Relu, p[0])), double.NaN)[0]));

        [Fact]
        public void LeakyReluDerivativeIsTheBranch()
        {
            Assert.Equal(double.PositiveInfinity * 0.01,
                GradientAt((g, p) => g.Multiply(g.Constant(double.PositiveInfinity), g.Apply(Op.LeakyRelu, p[0], 0.01)), -1.0)[0]);
            Assert.Equal(0.01, GradientAt((g, p) => g.Apply(Op.LeakyRelu, p[0], 0.01), 0.0)[0]);
        }

        [Theory]
        [InlineData(-2.0, -1.0)]
        [InlineData(0.0, -1.0)]
        public void NothingLeaksInFromTheBranchNotTaken(double x, double expected)
        {
            // x > 0 ? √x·log x : −x. At x ≤ 0 the untaken arm's factors are 1/(2√x) = NaN or ∞ and 1/x = ∞; multiplied by
            // the 0 adjoint they would give NaN.
            Assert.Equal(expected, GradientAt((g, p) =>
                g.Select(g.Compare(Op.Greater, p[0], g.Constant(0)),
                    g.Multiply(g.Apply(Op.Sqrt, p[0]), g.Apply(Op.Log, p[0])),
                    g.Negate(p[0])), x)[0]);
        }

        [Fact]
        public void ANodeUsedTwiceUnderOneConditionStaysGuarded()
        {
            // y = √x; x > 0 ? y·y + y : 2x at x = −4: the two uses of y are gathered under one condition.
            Assert.Equal(2.0, GradientAt((g, p) =>
            {
                var y = g.Apply(Op.Sqrt, p[0]);
                return g.Select(g.Compare(Op.Greater, p[0], g.Constant(0)), g.Add(g.Multiply(y, y), y), g.Multiply(g.Constant(2), p[0]));
            }, -4.0)[0]);
        }

        [Fact]
        public void NestedBranchesKeepEveryUntakenArmOut()
        {
            // x > 1 ? log(x − 1) : (x > −1 ? √(x + 1) : 5x) at x = −3 and at x = −1 (where √′ is ∞).
            Node Build(ExpressionGraph g, Node[] p) =>
                g.Select(g.Compare(Op.Greater, p[0], g.Constant(1)),
                    g.Apply(Op.Log, g.Subtract(p[0], g.Constant(1))),
                    g.Select(g.Compare(Op.Greater, p[0], g.Constant(-1)),
                        g.Apply(Op.Sqrt, g.Add(g.Constant(1), p[0])),
                        g.Multiply(g.Constant(5), p[0])));
            Assert.Equal(5.0, GradientAt(Build, -3.0)[0]);
            Assert.Equal(5.0, GradientAt(Build, -1.0)[0]);
            Assert.Equal(0.5, GradientAt(Build, 3.0)[0]);
        }

        [Fact]
        public void PowWithAnIntegralExponentWorksForNegativeAndZeroBases()
        {
            Assert.Equal(3 * 2.25, GradientAt((g, p) => g.Pow(p[0], g.Constant(3)), -1.5)[0]);
            Assert.Equal(0.0, GradientAt((g, p) => g.Pow(p[0], g.Constant(3)), 0.0)[0]);
            Assert.Equal(0.0, GradientAt((g, p) => g.Pow(p[0], g.Constant(0)), -2.0)[0]);
            // ∂(0^b)/∂b at b = 2 is 0, not 0·log 0 = NaN.
            Assert.Equal(0.0, GradientAt((g, p) => g.Pow(p[0], p[1]), 0.0, 2.0)[1]);
        }

        [Fact]
        public void TanhDerivativeKeepsItsRelativeAccuracyWhenSaturated()
        {
            // tanh′(20) = sech²(20) = 4e^−40/(1 + e^−40)², about 1.7e-17; 1 − tanh²(20) is exactly 0 in double.
            var e = Math.Exp(-40);
            var expected = 4 * e / ((1 + e) * (1 + e));
            var actual = GradientAt((g, p) => g.Apply(Op.Tanh, p[0]), 20.0)[0];
            Assert.True(Math.Abs(actual - expected) <= 1e-14 * expected, $"{actual:R} vs {expected:R}");
        }

        [Fact]
        public void AtanDerivativeIsAccurateForLargeArguments()
        {
            // 1/(1 + 1e8), with the sum exact in double.
            var actual = GradientAt((g, p) => g.Apply(Op.Atan, p[0]), 1e4)[0];
            Assert.Equal(1 / 100000001.0, actual, 1e-24);
        }

        [Fact]
        public void AsinDerivativeKeepsDigitsNearOne()
        {
            // x = 1 − 2⁻³⁰: 1 − x and 1 + x are exact, so 1/√((1 − x)(1 + x)) has only rounding error.
            var x = 1 - Math.Pow(2, -30);
            var expected = 1 / Math.Sqrt(Math.Pow(2, -30) * (2 - Math.Pow(2, -30)));
            var actual = GradientAt((g, p) => g.Apply(Op.Asin, p[0]), x)[0];
            Assert.True(Math.Abs(actual - expected) <= 1e-15 * expected, $"{actual:R} vs {expected:R}");
        }
    }
}
