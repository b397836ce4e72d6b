using System;

namespace DerivGen.Symbolic
{
    /// <summary>
    /// One scalar in the expression graph. Nodes are hash-consed by <see cref="ExpressionGraph"/>, so two structurally
    /// equal nodes are the same object and common subexpressions are shared by construction.
    /// </summary>
    internal sealed class Node
    {
        internal Node(int id, Op op, Node[] arguments, double constant, int index)
        {
            Id = id;
            Op = op;
            Arguments = arguments;
            Constant = constant;
            Index = index;
        }

        /// <summary>Creation order. Every argument has a smaller Id, so ascending Id is a topological order.</summary>
        public int Id { get; }

        public Op Op { get; }

        public Node[] Arguments { get; }

        /// <summary>The value of a <see cref="Op.Constant"/>, or the slope or δ of a piecewise function.</summary>
        public double Constant { get; }

        /// <summary>The position of a <see cref="Op.Parameter"/>, <see cref="Op.Input"/> or <see cref="Op.Target"/>.</summary>
        public int Index { get; }

        public bool IsConstant => Op == Op.Constant;

        public bool IsLeaf => Op is Op.Constant or Op.Parameter or Op.Input or Op.Target;

        public bool IsConstantValue(double value) =>
            Op == Op.Constant && BitConverter.DoubleToInt64Bits(Constant) == BitConverter.DoubleToInt64Bits(value);

        public override string ToString() => $"#{Id} {Op}";
    }
}
