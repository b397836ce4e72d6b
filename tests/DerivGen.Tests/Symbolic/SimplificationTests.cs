using System;
using DerivGen.Symbolic;
using Xunit;

namespace DerivGen.Tests.Symbolic
{
    /// <summary>The graph's construction-time rules: only those exact in IEEE arithmetic for every operand.</summary>
    public sealed class SimplificationTests
    {
        private readonly ExpressionGraph _g = new();

        private Node X => _g.Parameter(0);

        private Node Y => _g.Parameter(1);

        [Fact]
        public void IdentitiesThatAreExactFold()
        {
            Assert.Same(X, _g.Multiply(X, _g.Constant(1)));
            Assert.Same(X, _g.Multiply(_g.Constant(1), X));
            Assert.Same(X, _g.Add(X, _g.Constant(0)));
            Assert.Same(X, _g.Subtract(X, _g.Constant(0)));
            Assert.Same(X, _g.Divide(X, _g.Constant(1)));
            Assert.Same(X, _g.Negate(_g.Negate(X)));
            Assert.Same(_g.Negate(X), _g.Multiply(X, _g.Constant(-1)));
            Assert.Same(_g.Constant(6), _g.Multiply(_g.Constant(2), _g.Constant(3)));
            Assert.Same(_g.Constant(1), _g.Pow(X, _g.Constant(0)));
            Assert.Same(X, _g.Pow(X, _g.Constant(1)));
            Assert.Same(X, _g.Max(X, X));
        }

        [Fact]
        public void SignsMoveOutwardSoThatTwoCancel()
        {
            var product = _g.Multiply(X, Y);
            Assert.Same(_g.Negate(product), _g.Multiply(_g.Negate(X), Y));
            Assert.Same(_g.Negate(product), _g.Multiply(X, _g.Negate(Y)));
            Assert.Same(product, _g.Multiply(_g.Negate(X), _g.Negate(Y)));
            Assert.Same(product, _g.Negate(_g.Multiply(_g.Negate(X), Y)));
            Assert.Same(_g.Negate(_g.Divide(X, Y)), _g.Divide(_g.Negate(X), Y));
            Assert.Same(_g.Divide(X, Y), _g.Divide(_g.Negate(X), _g.Negate(Y)));

            // The rewrite is exact: −(u·v) and (−u)·v are the same double for every sign and magnitude.
            foreach (var (u, v) in new[] { (0.1, 3.0), (-1e308, 10.0), (5e-324, 0.5), (-0.0, 2.0), (7.0, double.PositiveInfinity) })
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(-(u * v)), BitConverter.DoubleToInt64Bits(-u * v));
                Assert.Equal(BitConverter.DoubleToInt64Bits(-(u / v)), BitConverter.DoubleToInt64Bits(-u / v));
            }
        }

        [Fact]
        public void ZeroTimesAVariableDoesNotFold()
        {
            // 0·x is NaN for x = ∞ or NaN.
            Assert.Equal(Op.Multiply, _g.Multiply(_g.Constant(0), X).Op);
        }

        [Fact]
        public void SelectsFoldEqualArmsAndNegatedConditions()
        {
            var c = _g.Compare(Op.Less, X, Y);
            Assert.Same(X, _g.Select(c, X, X));
            Assert.Same(_g.Select(c, Y, X), _g.Select(_g.Not(c), X, Y));
            Assert.Same(c, _g.Not(_g.Not(c)));
            Assert.NotSame(_g.Select(c, X, Y), _g.RuleSelect(c, X, Y));
        }

        [Fact]
        public void EqualExpressionsAreOneNode()
        {
            Assert.Same(_g.Add(X, Y), _g.Add(X, Y));
            Assert.NotSame(_g.Add(X, Y), _g.Add(Y, X));
            Assert.Same(_g.Call(OpCases.Cube, X), _g.Call(OpCases.Cube, X));
            Assert.NotSame(_g.Call(OpCases.Cube, X), _g.Call(OpCases.Product, X, Y, Y));
        }

        [Fact]
        public void ConstantsInASumFoldIntoOneWhereTheFirstStood()
        {
            var sum = _g.Sum(new[] { _g.Constant(1), X, _g.Constant(2) });
            Assert.Equal(Op.Add, sum.Op);
            Assert.Same(_g.Constant(3), sum.Arguments[0]);
            Assert.Same(X, sum.Arguments[1]);
        }
    }
}
