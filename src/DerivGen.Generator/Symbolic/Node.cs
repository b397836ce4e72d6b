using System;

namespace DerivGen.Symbolic
{
    /// <summary>
    /// One scalar (or, for comparisons and logic, one bool) in the expression graph. Nodes are hash-consed by
    /// <see cref="ExpressionGraph"/>, so two structurally equal nodes are the same object and common subexpressions are
    /// shared by construction.
    /// </summary>
    internal sealed class Node
    {
        internal Node(int id, Op op, Node[] arguments, double constant, int index, CallTarget? call)
        {
            Id = id;
            Op = op;
            Arguments = arguments;
            Constant = constant;
            Index = index;
            Call = call;
        }

        /// <summary>Creation order. Every argument has a smaller Id, so ascending Id is a topological order.</summary>
        public int Id { get; }

        public Op Op { get; }

        public Node[] Arguments { get; }

        /// <summary>The value of a <see cref="Op.Constant"/>, or the slope or δ of a piecewise function.</summary>
        public double Constant { get; }

        /// <summary>
        /// The position of a <see cref="Op.Parameter"/>, <see cref="Op.Input"/>, <see cref="Op.Target"/> or <see cref="Op.Direction"/>, or the argument
        /// a <see cref="Op.GradientPartial"/> is the partial for.
        /// </summary>
        public int Index { get; }

        /// <summary>The method of a <see cref="Op.Call"/> or <see cref="Op.GradientCall"/>; null for every other op.</summary>
        public CallTarget? Call { get; }

        public OpDescriptor Descriptor => OpTable.Of(Op);

        public bool IsConstant => Op == Op.Constant;

        public bool IsLeaf => Op is Op.Constant or Op.Parameter or Op.Input or Op.Target or Op.Direction;

        /// <summary>Whether the node's value is a bool (a comparison or logic) rather than a number.</summary>
        public bool IsBoolean => Descriptor.IsBoolean;

        public bool IsConstantValue(double value) =>
            Op == Op.Constant && BitConverter.DoubleToInt64Bits(Constant) == BitConverter.DoubleToInt64Bits(value);

        public override string ToString() => $"#{Id} {Op}";
    }
}
