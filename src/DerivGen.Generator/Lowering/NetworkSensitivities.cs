using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// The second-order and input derivatives of a network, built on its differentiated graph: H·v (the tangent of the
    /// gradient along a direction v), dL/dx and the input Jacobian ∂a_out/∂x. When the first layers are looped, the graph's
    /// inputs are the last looped layer's z: these are then the unrolled part's share, which the loops carry on to θ and x
    /// (H·v also gets the tangent of dL/dz there, from the tangents ż of those inputs).
    /// </summary>
    internal sealed class NetworkSensitivities
    {
        private NetworkSensitivities(
            Node[]? hessianVectorProduct, IReadOnlyDictionary<Node, Node>? tangents, Node[]? boundaryTangents, string? hessianUnavailable, Node[]? inputGradient, Node[][]? inputJacobian)
        {
            HessianVectorProduct = hessianVectorProduct;
            Tangents = tangents;
            BoundaryTangents = boundaryTangents;
            HessianUnavailable = hessianUnavailable;
            InputGradient = inputGradient;
            InputJacobian = inputJacobian;
        }

        /// <summary>
        /// (H·v)[k] = R{dL/dθ_k}, for every parameter of the unrolled layers; null when the graph has no second derivative or
        /// the network leaves out <see cref="Model.MethodGroups.SecondOrder"/>.
        /// </summary>
        public Node[]? HessianVectorProduct { get; }

        /// <summary>
        /// The tangent along v of every node H·v depends on (a node missing from it has tangent 0); null when
        /// <see cref="HessianVectorProduct"/> is. The SIMD form reads ż, R{dL/dz} and their neighbours from it.
        /// </summary>
        public IReadOnlyDictionary<Node, Node>? Tangents { get; }

        /// <summary>R{dL/dz} of the last looped layer, where the looped tangent pass backward starts; empty when nothing is looped.</summary>
        public Node[]? BoundaryTangents { get; }

        /// <summary>Why <see cref="HessianVectorProduct"/> is null (the method whose second derivative is unknown).</summary>
        public string? HessianUnavailable { get; }

        /// <summary>
        /// dL/dx_j for every input j (looped: dL/dz of the last looped layer); null when the network leaves out
        /// <see cref="Model.MethodGroups.InputSensitivities"/>.
        /// </summary>
        public Node[]? InputGradient { get; }

        /// <summary>
        /// ∂a_out[i]/∂x[j] (looped: ∂a_out[i]/∂z[j] of the last looped layer), by output i and input j; null when too large
        /// (DG0055) or when <see cref="InputGradient"/> is null.
        /// </summary>
        public Node[][]? InputJacobian { get; }

        /// <summary>The leaf that carries ż[j] of the last looped layer into the unrolled part: an input past its z.</summary>
        public static Node BoundaryTangentLeaf(ExpressionGraph g, Model.NetworkSpec spec, int j) => g.Input(BoundaryUnits(spec) + j);

        /// <param name="adjoints">The reverse pass, taken with respect to the inputs as well as the parameters.</param>
        /// <param name="gradient">dL/dθ_k for every parameter of the unrolled layers.</param>
        /// <param name="inputAdjoints">dL/dz of the last looped layer; empty when nothing is looped.</param>
        public static NetworkSensitivities Differentiate(
            LoweredNetwork lowered, IReadOnlyDictionary<Node, Node> adjoints, Node[] gradient, Node[] inputAdjoints, CancellationToken cancellationToken)
        {
            var g = lowered.Graph;
            var spec = lowered.Spec;
            var zero = g.Constant(0);
            bool wantsInputs = spec.Generates(Model.MethodGroups.InputSensitivities);
            int inputs = BoundaryUnits(spec);
            var inputGradient = wantsInputs
                ? Enumerable.Range(0, inputs).Select(j => adjoints.TryGetValue(g.Input(j), out var adjoint) ? adjoint : zero).ToArray()
                : null;

            // H·v by forward over reverse (Pearlmutter's R-operator): seed θ_k with v[k] and push tangents through the forward
            // and backward passes; the tangent of dL/dθ_k is (H·v)[k]. Each op's rule serves both modes, so H·v keeps the
            // careful forms of the first-order code and costs a small constant times one Backward. Past looped layers the
            // inputs z carry their tangents ż in, and R{dL/dz} goes out to the loops' tangent pass.
            Node[]? product = null;
            IReadOnlyDictionary<Node, Node>? tangents = null;
            Node[]? boundaryTangents = null;
            bool wantsSecondOrder = spec.Generates(Model.MethodGroups.SecondOrder);
            var blocker = wantsSecondOrder
                ? WithoutSecondDerivative(gradient.Concat(inputAdjoints).Concat(lowered.LoopedUnits.Where(u => u is not null).Select(u => u!.Adjoint!)))
                : null;
            if (wantsSecondOrder && blocker is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var unit in lowered.LoopedUnits)
                {
                    unit?.Tangent();
                }

                g.BeginTangentPass("Tangent along v");
                var seeds = Enumerable.Range(spec.ParameterCount - gradient.Length, gradient.Length).ToDictionary(k => g.Parameter(k), k => g.Direction(k));
                for (int j = 0; j < inputAdjoints.Length; j++)
                {
                    seeds[g.Input(j)] = BoundaryTangentLeaf(g, spec, j);
                }

                tangents = ForwardMode.Differentiate(g, gradient.Concat(inputAdjoints).ToList(), seeds, ForwardMode.RNames);
                product = gradient.Select(d => tangents.TryGetValue(d, out var tangent) ? tangent : zero).ToArray();
                boundaryTangents = inputAdjoints.Select(d => tangents.TryGetValue(d, out var tangent) ? tangent : zero).ToArray();
            }

            var jacobian = wantsInputs && spec.HasInputJacobian ? JacobianOf(g, spec, lowered.A[spec.Layers.Count - 1], cancellationToken) : null;
            return new NetworkSensitivities(product, tangents, boundaryTangents, blocker, inputGradient, jacobian);
        }

        /// <summary>The number of the graph's inputs: x, or past looped layers the last looped layer's z.</summary>
        private static int BoundaryUnits(Model.NetworkSpec spec) => spec.LoopedLayerCount == 0 ? spec.Inputs : spec.Layers[spec.LoopedLayerCount - 1].Units;

        /// <summary>How the graph's inputs read in names and comments: x, or the last looped layer's z.</summary>
        private static string InputMath(Model.NetworkSpec spec) => spec.LoopedLayerCount == 0 ? "x" : "z" + Numbers.Int(spec.LoopedLayerCount);

        /// <summary>
        /// ∂a_out/∂x by whichever mode prints fewer statements. Each pass names one value per unit it goes through: forward
        /// mode (one pass per input, seeded ẋ_j = 1) a tangent per input and unit, InputCount·Σ units; reverse mode (one
        /// pass per output, seeded 1 on a_out[i]) an adjoint per output and unit and then one per input,
        /// OutputCount·(Σ units + InputCount). A classifier (many inputs, few outputs) is far smaller in reverse mode
        /// (64-64-10: 2,100 against 4,700), a network with fewer inputs than outputs in forward mode.
        /// </summary>
        private static Node[][] JacobianOf(ExpressionGraph g, Model.NetworkSpec spec, Node[] outputs, CancellationToken cancellationToken)
        {
            long units = spec.Layers.Skip(System.Math.Max(spec.LoopedLayerCount - 1, 0)).Sum(l => (long)l.Units);
            long inputs = BoundaryUnits(spec);
            return inputs * units <= spec.OutputCount * (units + inputs)
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
                jacobian[i] = Enumerable.Range(0, BoundaryUnits(spec)).Select(j => adjoints.TryGetValue(g.Input(j), out var adjoint) ? adjoint : zero).ToArray();
            }

            return jacobian;
        }

        private static Node[][] ForwardJacobian(ExpressionGraph g, Model.NetworkSpec spec, Node[] outputs, CancellationToken cancellationToken)
        {
            var zero = g.Constant(0);
            var jacobian = new Node[outputs.Length][];
            for (int i = 0; i < outputs.Length; i++)
            {
                jacobian[i] = new Node[BoundaryUnits(spec)];
            }

            var one = g.Constant(1);
            string x = InputMath(spec);
            string suffix = spec.LoopedLayerCount == 0 ? "_dx" : $"_d{x}_";
            for (int j = 0; j < BoundaryUnits(spec); j++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int input = j;
                g.BeginTangentPass($"Tangent along {x}[{Numbers.Int(input)}]");
                var tangents = ForwardMode.Differentiate(
                    g, outputs, new Dictionary<Node, Node> { [g.Input(input)] = one },
                    name => new NodeName($"{name.CSharp}{suffix}{Numbers.Int(input)}", $"∂{name.Math}/∂{x}[{Numbers.Int(input)}]"));
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
        private static string? WithoutSecondDerivative(IEnumerable<Node> gradient)
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
