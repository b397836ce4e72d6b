using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// The second-order and input derivatives of an unrolled network, built on its differentiated graph: H·v (the tangent
    /// of the gradient along a direction v), dL/dx and the input Jacobian ∂a_out/∂x.
    /// </summary>
    internal sealed class NetworkSensitivities
    {
        private NetworkSensitivities(Node[]? hessianVectorProduct, string? hessianUnavailable, Node[]? inputGradient, Node[][]? inputJacobian)
        {
            HessianVectorProduct = hessianVectorProduct;
            HessianUnavailable = hessianUnavailable;
            InputGradient = inputGradient;
            InputJacobian = inputJacobian;
        }

        /// <summary>
        /// (H·v)[k] = R{dL/dθ_k}, for every parameter; null when the graph has no second derivative or the network leaves
        /// out <see cref="Model.MethodGroups.SecondOrder"/>.
        /// </summary>
        public Node[]? HessianVectorProduct { get; }

        /// <summary>Why <see cref="HessianVectorProduct"/> is null (the method whose second derivative is unknown).</summary>
        public string? HessianUnavailable { get; }

        /// <summary>dL/dx_j for every input j; null when the network leaves out <see cref="Model.MethodGroups.InputSensitivities"/>.</summary>
        public Node[]? InputGradient { get; }

        /// <summary>∂a_out[i]/∂x[j], by output i and input j; null when <see cref="InputGradient"/> is.</summary>
        public Node[][]? InputJacobian { get; }

        /// <param name="adjoints">The reverse pass, taken with respect to the inputs as well as the parameters.</param>
        /// <param name="gradient">dL/dθ_k for every parameter.</param>
        public static NetworkSensitivities Differentiate(LoweredNetwork lowered, IReadOnlyDictionary<Node, Node> adjoints, Node[] gradient, CancellationToken cancellationToken)
        {
            var g = lowered.Graph;
            var spec = lowered.Spec;
            var zero = g.Constant(0);
            bool inputs = spec.Generates(Model.MethodGroups.InputSensitivities);
            var inputGradient = inputs
                ? Enumerable.Range(0, spec.Inputs).Select(j => adjoints.TryGetValue(g.Input(j), out var adjoint) ? adjoint : zero).ToArray()
                : null;

            // H·v by forward over reverse (Pearlmutter's R-operator): seed θ_k with v[k] and push tangents through the forward
            // and backward passes; the tangent of dL/dθ_k is (H·v)[k]. Each op's rule serves both modes, so H·v keeps the
            // careful forms of the first-order code and costs a small constant times one Backward.
            Node[]? product = null;
            var blocker = spec.Generates(Model.MethodGroups.SecondOrder) ? WithoutSecondDerivative(gradient) : null;
            if (blocker is null && spec.Generates(Model.MethodGroups.SecondOrder))
            {
                cancellationToken.ThrowIfCancellationRequested();
                g.BeginTangentPass("Tangent along v");
                var seeds = Enumerable.Range(0, spec.ParameterCount).ToDictionary(k => g.Parameter(k), k => g.Direction(k));
                var tangents = ForwardMode.Differentiate(g, gradient, seeds, ForwardMode.RNames);
                product = gradient.Select(d => tangents.TryGetValue(d, out var tangent) ? tangent : zero).ToArray();
            }

            var jacobian = inputs ? JacobianOf(g, spec, lowered.A[spec.Layers.Count - 1], cancellationToken) : null;
            return new NetworkSensitivities(product, blocker, inputGradient, jacobian);
        }

        /// <summary>
        /// ∂a_out/∂x by whichever mode prints fewer statements. Each pass names one value per unit it goes through: forward
        /// mode (one pass per input, seeded ẋ_j = 1) a tangent per input and unit, InputCount·Σ units; reverse mode (one
        /// pass per output, seeded 1 on a_out[i]) an adjoint per output and unit and then one per input,
        /// OutputCount·(Σ units + InputCount). A classifier (many inputs, few outputs) is far smaller in reverse mode
        /// (64-64-10: 2,100 against 4,700), a network with fewer inputs than outputs in forward mode.
        /// </summary>
        private static Node[][] JacobianOf(ExpressionGraph g, Model.NetworkSpec spec, Node[] outputs, CancellationToken cancellationToken)
        {
            long units = spec.Layers.Sum(l => (long)l.Units);
            return (long)spec.Inputs * units <= (long)spec.OutputCount * (units + spec.Inputs)
                ? ForwardJacobian(g, spec, outputs, cancellationToken)
                : ReverseJacobian(g, spec, outputs, cancellationToken);
        }

        private static Node[][] ReverseJacobian(ExpressionGraph g, Model.NetworkSpec spec, Node[] outputs, CancellationToken cancellationToken)
        {
            var zero = g.Constant(0);
            var jacobian = new Node[outputs.Length][];
            string last = Numbers.Int(spec.Layers.Count);
            for (int i = 0; i < outputs.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string output = $"a{last}[{Numbers.Int(i)}]";
                g.BeginTangentPass("Backward from " + output);
                var adjoints = ReverseMode.Differentiate(g, outputs[i], output, withRespectToInputs: true, adjointPrefix: $"da{last}_{Numbers.Int(i)}_d");
                jacobian[i] = Enumerable.Range(0, spec.Inputs).Select(j => adjoints.TryGetValue(g.Input(j), out var adjoint) ? adjoint : zero).ToArray();
            }

            return jacobian;
        }

        private static Node[][] ForwardJacobian(ExpressionGraph g, Model.NetworkSpec spec, Node[] outputs, CancellationToken cancellationToken)
        {
            var zero = g.Constant(0);
            var jacobian = new Node[outputs.Length][];
            for (int i = 0; i < outputs.Length; i++)
            {
                jacobian[i] = new Node[spec.Inputs];
            }

            var one = g.Constant(1);
            for (int j = 0; j < spec.Inputs; j++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int input = j;
                g.BeginTangentPass($"Tangent along x[{Numbers.Int(input)}]");
                var tangents = ForwardMode.Differentiate(
                    g, outputs, new Dictionary<Node, Node> { [g.Input(input)] = one },
                    name => new NodeName($"{name.CSharp}_dx{Numbers.Int(input)}", $"∂{name.Math}/∂x[{Numbers.Int(input)}]"));
                for (int i = 0; i < outputs.Length; i++)
                {
                    jacobian[i][input] = tangents.TryGetValue(outputs[i], out var tangent) ? tangent : zero;
                }
            }

            return jacobian;
        }

        /// <summary>
        /// The first user method the gradient calls whose derivative is not known (a [Derivative] rule's method, or the
        /// partials of a gradient method): tangents through it would need a second-order rule the user did not give.
        /// </summary>
        private static string? WithoutSecondDerivative(Node[] gradient)
        {
            var seen = new HashSet<Node>();
            var stack = new Stack<Node>(gradient);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!seen.Add(node))
                {
                    continue;
                }

                if (node.Op == Op.GradientPartial)
                {
                    return node.Arguments[0].Call!.RuleMethod;
                }

                if (node.Op == Op.Call && node.Call!.Rule == CallRuleKind.None)
                {
                    return node.Call.Method;
                }

                foreach (var argument in node.Arguments)
                {
                    stack.Push(argument);
                }
            }

            return null;
        }
    }
}
