using System;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// A runtime kernel of ActivationKernels that computes a whole SIMD-form layer's activations, and its dL/dz from dL/da,
    /// in vectors with the bits of the graph's per-unit statements: tanh (ScalarMath's tanh) and ReLU (Math.Max(z, 0)), in
    /// double only; every other activation, and float, keep the graph's statements. One instance per activation: what
    /// SimdLayers prints for a layer, and the graph shape its backward kernel must match.
    /// </summary>
    internal sealed class ActivationKernel
    {
        private static readonly ActivationKernel Tanh = new(Op.Tanh, "Tanh", "tanh",
            (z, da, index) => $"{da}{index}·tanh'({z}{index})",
            (z, a, da, dz) => $"{RuntimeClasses.ActivationKernels}.TanhBackward({z}, {a}, {da}, {dz});",
            IsTanhBackward);

        private static readonly ActivationKernel Relu = new(Op.Relu, "Relu", "ReLU",
            (z, da, index) => $"{z}{index} ≤ 0 ? 0 : {da}{index}",
            (z, a, da, dz) => $"{RuntimeClasses.ActivationKernels}.ReluBackward({z}, {da}, {dz});",
            IsReluBackward);

        private readonly Func<string, string, string, string> _backwardMath;
        private readonly Func<string, string, string, string, string> _backwardCall;
        private readonly Func<DifferentiatedNetwork, int, bool> _matchesBackward;

        private ActivationKernel(
            Op op, string kernel, string math, Func<string, string, string, string> backwardMath,
            Func<string, string, string, string, string> backwardCall, Func<DifferentiatedNetwork, int, bool> matchesBackward)
        {
            Op = op;
            Kernel = kernel;
            Math = math;
            _backwardMath = backwardMath;
            _backwardCall = backwardCall;
            _matchesBackward = matchesBackward;
        }

        public Op Op { get; }

        /// <summary>The forward kernel's name in ActivationKernels.</summary>
        public string Kernel { get; }

        /// <summary>The activation's name in the comments' notation.</summary>
        public string Math { get; }

        /// <summary>The kernel for layer l's activation, or null when the layer keeps per-unit statements.</summary>
        public static ActivationKernel? Of(DifferentiatedNetwork network, ScalarType s, int l)
        {
            var a = network.A[l];
            if (s != ScalarType.Double || a.Length == 0)
            {
                return null;
            }

            var kernel = ExpressionGraph.ValueOf(a[0]).Op switch
            {
                Op.Tanh => Tanh,
                Op.Relu => Relu,
                _ => null,
            };
            return kernel is not null && a.Select(ExpressionGraph.ValueOf).Zip(network.Z[l], (unit, z) => (unit, z))
                .All(p => p.unit.Op == kernel.Op && !p.unit.IsLeaf && ExpressionGraph.ValueOf(p.unit.Arguments[0]) == ExpressionGraph.ValueOf(p.z))
                ? kernel
                : null;
        }

        /// <summary>Whether every dL/dz of layer l is the graph shape the backward kernel computes.</summary>
        public bool MatchesBackward(DifferentiatedNetwork network, int l) => _matchesBackward(network, l);

        /// <summary>
        /// dL/dz in the comments' notation, from the names of z and dL/da: of one unit with <paramref name="index"/> "[i]",
        /// of the whole layer with "".
        /// </summary>
        public string BackwardMath(string z, string da, string index) => _backwardMath(z, da, index);

        /// <summary>The comment and the call that compute the layer's dL/dz from its dL/da.</summary>
        public string[] BackwardLines(string z, string a, string da, string dz) => new[]
        {
            $"// dL/d{z} = {_backwardMath(z, "dL/" + da, string.Empty)}, unit by unit in SIMD vectors",
            _backwardCall(z, a, da, dz),
        };

        /// <summary>
        /// Every dL/dz of tanh layer l is dL/da·tanh′(z) with the graph's tanh′ (the choice between sech²(z) and (1 − a)(1 + a)
        /// at |z| = 1), which ActivationKernels.TanhBackward computes.
        /// </summary>
        private static bool IsTanhBackward(DifferentiatedNetwork network, int l)
        {
            for (int i = 0; i < network.Z[l].Length; i++)
            {
                var adjoint = Resolve(network.AdjointOfZ[l][i]);
                if (adjoint.Op != Op.Multiply || adjoint.Arguments.Length != 2)
                {
                    return false;
                }

                var da = Resolve(network.AdjointOfA[l][i]);
                var left = Resolve(adjoint.Arguments[0]);
                var right = Resolve(adjoint.Arguments[1]);
                var derivative = left == da ? right : right == da ? left : null;
                if (derivative is null || derivative.Op != Op.IfPositive || Resolve(derivative.Arguments[1]).Op != Op.SechSquared
                    || Resolve(Resolve(derivative.Arguments[1]).Arguments[0]) != Resolve(network.Z[l][i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Every dL/dz of ReLU layer l is the select z ≤ 0 ? 0 : dL/da, which ActivationKernels.ReluBackward computes.</summary>
        private static bool IsReluBackward(DifferentiatedNetwork network, int l)
        {
            for (int i = 0; i < network.Z[l].Length; i++)
            {
                var adjoint = Resolve(network.AdjointOfZ[l][i]);
                if (adjoint.Op != Op.Select || adjoint.Constant != ExpressionGraph.RuleBranch)
                {
                    return false;
                }

                var condition = Resolve(adjoint.Arguments[0]);
                if (condition.Op != Op.LessOrEqual || Resolve(condition.Arguments[0]) != Resolve(network.Z[l][i])
                    || !IsZero(condition.Arguments[1]) || !IsZero(adjoint.Arguments[1])
                    || Resolve(adjoint.Arguments[2]) != Resolve(network.AdjointOfA[l][i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsZero(Node node) => Resolve(node) is { Op: Op.Constant, Constant: 0 };

        private static Node Resolve(Node node) => ExpressionGraph.ValueOf(node);
    }
}
