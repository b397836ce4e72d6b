using System;
using DerivGen.Symbolic;
using Xunit;

namespace DerivGen.Tests.Symbolic
{
    public sealed class OpTableTests
    {
        [Fact]
        public void EveryOpHasItsOwnDescriptor()
        {
            foreach (var op in Enum.GetValues<Op>())
            {
                var descriptor = OpTable.Of(op);
                Assert.Equal(op, descriptor.Op);
                Assert.NotNull(descriptor.CSharp);
                Assert.NotNull(descriptor.Math);
                Assert.NotNull(descriptor.Derivative);
            }
        }

        [Fact]
        public void ArityIsCheckedWhenANodeIsBuilt()
        {
            var g = new ExpressionGraph();
            Assert.Throws<ArgumentException>(() => g.Apply(Op.Atan2, g.Parameter(0)));
            Assert.Throws<ArgumentException>(() => g.Compare(Op.Add, g.Parameter(0), g.Parameter(1)));
        }

        [Fact]
        public void OnlyComparisonsAndLogicAreBoolean()
        {
            foreach (var op in Enum.GetValues<Op>())
            {
                bool expected = op is Op.Less or Op.LessOrEqual or Op.Greater or Op.GreaterOrEqual or Op.Equal or Op.NotEqual or Op.And or Op.Or or Op.Not;
                Assert.Equal(expected, OpTable.Of(op).IsBoolean);
            }
        }
    }
}
