using System;
using System.Collections.Generic;

namespace DerivGen.Symbolic
{
    /// <summary>
    /// Builds the scalar expression graph: hash-consing (so common subexpressions are shared), algebraic
    /// simplification at construction time, and the names, section headings and notes the emitter prints.
    /// </summary>
    /// <remarks>
    /// Simplifications are only those that are exact in IEEE arithmetic for every operand, NaN and ∞ included:
    /// x·1 = x, x + 0 = x, x − 0 = x, x/1 = x, −(−x) = x, (−u)·v = −(u·v), (−u)/v = −(u/v) and folding of constant arithmetic. x·0 folds to 0 only when
    /// x is a finite constant, since ∞·0 and NaN·0 are NaN. One exception is kept on purpose: x + 0 and x − 0 fold to
    /// x although IEEE gives −0 + 0 = +0, so where a value is zero its sign may differ from C#'s. A value equal to zero
    /// compares equal either way; keeping every "0 + " that a user's <c>s = 0; s += …</c> loop starts with would cost
    /// readability for that sign alone. Derivatives are not affected.
    /// </remarks>
    internal sealed class ExpressionGraph
    {
        private readonly List<Node> _nodes = new();
        private readonly Dictionary<NodeKey, Node> _interned = new();
        private readonly Dictionary<Node, NodeName> _names = new();
        private readonly Dictionary<Node, string> _labels = new();
        private readonly Dictionary<Node, bool> _inBackwardPass = new();
        private readonly Dictionary<Node, string> _notes = new();
        private readonly Dictionary<Node, string> _tangentPasses = new();
        private string _currentLabel = string.Empty;
        private string? _tangentPass;
        private bool _backwardPass;

        public IReadOnlyList<Node> Nodes => _nodes;

        /// <summary>Nodes created from now on belong to this part of the model (a comment heading in the emitted code).</summary>
        public void BeginSection(string label) => _currentLabel = label;

        /// <summary>Nodes created from now on belong to the backward pass (a later reverse pass keeps the first one's start).</summary>
        public void BeginBackwardPass()
        {
            _backwardPass = true;
            BackwardPassStart = Math.Min(BackwardPassStart, _nodes.Count);
        }

        /// <summary>
        /// Nodes created from now on belong to a tangent pass (forward mode after the reverse pass), headed
        /// <paramref name="heading"/> instead of "Backward": they are printed after the backward code, as it is.
        /// </summary>
        public void BeginTangentPass(string heading)
        {
            _backwardPass = true;
            _tangentPass = heading;
        }

        /// <summary>The Id of the first node the reverse pass created; derivatives made earlier have smaller Ids.</summary>
        public int BackwardPassStart { get; private set; } = int.MaxValue;

        /// <summary>
        /// Builds a derivative during the forward lowering (a known derivative) as part of the backward pass, so that it
        /// is printed with the backward code that uses it.
        /// </summary>
        public T InBackwardPass<T>(Func<T> build)
        {
            var wasBackward = _backwardPass;
            _backwardPass = true;
            try
            {
                return build();
            }
            finally
            {
                _backwardPass = wasBackward;
            }
        }

        /// <summary>Whether a node was created for the backward pass; forward nodes never depend on such nodes.</summary>
        public bool IsBackward(Node node) => _inBackwardPass.TryGetValue(node, out var backward) && backward;

        /// <summary>The part of the model a node was created for, such as <c>Layer 2: Dense 3 -> 1, Sigmoid</c>.</summary>
        public string LabelOf(Node node) => _labels.TryGetValue(node, out var label) ? label : string.Empty;

        /// <summary>The heading of the node's section: its label, prefixed by the pass it belongs to.</summary>
        public string SectionOf(Node node) =>
            _labels.TryGetValue(node, out var label) && label.Length > 0 ? PassOf(node) + " · " + label : string.Empty;

        private string PassOf(Node node) =>
            _tangentPasses.TryGetValue(node, out var tangentPass) ? tangentPass : _inBackwardPass[node] ? "Backward" : "Forward";

        /// <summary>Gives a node a local-variable name and a name in mathematical notation. The first name given wins.</summary>
        public void Name(Node node, string csharpName, string mathName)
        {
            node = ValueOf(node);
            if (!node.IsLeaf && !_names.ContainsKey(node))
            {
                _names.Add(node, new NodeName(csharpName, mathName));
            }
        }

        /// <summary>Gives a node a name, replacing any it had.</summary>
        public void Rename(Node node, string csharpName, string mathName)
        {
            node = ValueOf(node);
            if (!node.IsLeaf)
            {
                _names[node] = new NodeName(csharpName, mathName);
            }
        }

        public NodeName? NameOf(Node node) => _names.TryGetValue(ValueOf(node), out var name) ? name : null;

        /// <summary>
        /// The node that computes <paramref name="node"/>'s value: itself, or for a stop-gradient or known-derivative
        /// wrapper the node it wraps. Names and locals belong to that node.
        /// </summary>
        public static Node ValueOf(Node node) => node.Op switch
        {
            Op.StopGradient => ValueOf(node.Arguments[0]),
            Op.KnownDerivative => ValueOf(node.Arguments[1]),
            _ => node,
        };

        /// <summary>Attaches an explanation that the emitter prints above the node's statement.</summary>
        public void Annotate(Node node, string note)
        {
            if (!_notes.ContainsKey(node))
            {
                _notes.Add(node, note);
            }
        }

        public string? NoteOf(Node node) => _notes.TryGetValue(node, out var note) ? note : null;

        public Node Constant(double value) => Intern(Op.Constant, Array.Empty<Node>(), value, 0, null);

        public Node Parameter(int index) => Intern(Op.Parameter, Array.Empty<Node>(), 0, index, null);

        public Node Input(int index) => Intern(Op.Input, Array.Empty<Node>(), 0, index, null);

        public Node Target(int index) => Intern(Op.Target, Array.Empty<Node>(), 0, index, null);

        /// <summary>v[k], the direction of a Hessian-vector product: the tangent seeded on parameter k.</summary>
        public Node Direction(int index) => Intern(Op.Direction, Array.Empty<Node>(), 0, index, null);

        public Node Sum(IReadOnlyList<Node> terms)
        {
            var kept = new List<Node>(terms.Count);
            int constantPosition = -1;
            double constantSum = 0;
            foreach (var term in terms)
            {
                if (!term.IsConstant)
                {
                    kept.Add(term);
                }
                else if (constantPosition < 0)
                {
                    constantPosition = kept.Count;
                    constantSum = term.Constant;
                }
                else
                {
                    constantSum += term.Constant;
                }
            }

            // Constants are folded into one, kept where the first stood (1 + t reads as written); lowering never
            // passes more than one, so folding does not change a rounding.
            if (constantPosition >= 0 && !(constantSum == 0 && kept.Count > 0))
            {
                kept.Insert(constantPosition, Constant(constantSum));
            }

            return kept.Count switch
            {
                0 => Constant(0),
                1 => kept[0],
                _ => Intern(Op.Add, kept.ToArray(), 0, 0, null),
            };
        }

        public Node Add(Node left, Node right) => Sum(new[] { left, right });

        public Node Subtract(Node left, Node right)
        {
            if (left.IsConstant && right.IsConstant)
            {
                return Constant(left.Constant - right.Constant);
            }

            if (right.IsConstantValue(0))
            {
                return left;
            }

            if (left.IsConstantValue(0))
            {
                return Negate(right);
            }

            return Intern(Op.Subtract, new[] { left, right }, 0, 0, null);
        }

        public Node Multiply(Node left, Node right)
        {
            if (left.IsConstant && right.IsConstant)
            {
                return Constant(left.Constant * right.Constant);
            }

            if (left.IsConstantValue(1))
            {
                return right;
            }

            if (right.IsConstantValue(1))
            {
                return left;
            }

            if (left.IsConstantValue(-1))
            {
                return Negate(right);
            }

            if (right.IsConstantValue(-1))
            {
                return Negate(left);
            }

            // (−u)·v = u·(−v) = −(u·v) exactly (rounding is symmetric in sign), so a sign is carried outward, where two
            // meet and cancel: a derivative then never reads −(−a·b).
            if (left.Op == Op.Negate || right.Op == Op.Negate)
            {
                var product = Multiply(Unsigned(left), Unsigned(right));
                return left.Op == right.Op ? product : Negate(product);
            }

            return Intern(Op.Multiply, new[] { left, right }, 0, 0, null);
        }

        public Node Divide(Node numerator, Node denominator)
        {
            if (numerator.IsConstant && denominator.IsConstant)
            {
                return Constant(numerator.Constant / denominator.Constant);
            }

            if (denominator.IsConstantValue(1))
            {
                return numerator;
            }

            if (numerator.Op == Op.Negate || denominator.Op == Op.Negate)
            {
                var quotient = Divide(Unsigned(numerator), Unsigned(denominator));
                return numerator.Op == denominator.Op ? quotient : Negate(quotient);
            }

            return Intern(Op.Divide, new[] { numerator, denominator }, 0, 0, null);
        }

        public Node Negate(Node operand)
        {
            if (operand.IsConstant)
            {
                return Constant(-operand.Constant);
            }

            if (operand.Op == Op.Negate)
            {
                return operand.Arguments[0];
            }

            return Intern(Op.Negate, new[] { operand }, 0, 0, null);
        }

        /// <summary>u for −u, else the node itself.</summary>
        private static Node Unsigned(Node node) => node.Op == Op.Negate ? node.Arguments[0] : node;

        public Node Square(Node operand) =>
            operand.IsConstant ? Constant(operand.Constant * operand.Constant) : Intern(Op.Square, new[] { operand }, 0, 0, null);

        /// <summary>A function of one argument (Exp, Sqrt, Tanh, Relu, ...); <paramref name="constant"/> is its slope or δ.</summary>
        public Node Apply(Op function, Node argument, double constant = 0) =>
            Intern(function, new[] { argument }, constant, 0, null);

        public Node Max(Node left, Node right) =>
            left == right ? left : Intern(Op.Max, new[] { left, right }, 0, 0, null);

        public Node Min(Node left, Node right) =>
            left == right ? left : Intern(Op.Min, new[] { left, right }, 0, 0, null);

        /// <summary>Math.Clamp(x, lo, hi).</summary>
        public Node Clamp(Node x, Node low, Node high) => Intern(Op.Clamp, new[] { x, low, high }, 0, 0, null);

        /// <summary>Math.Pow(a, b). A constant exponent 0 gives 1 and 1 gives a, as Math.Pow does for every a, NaN included.</summary>
        public Node Pow(Node @base, Node exponent)
        {
            if (exponent.IsConstantValue(0))
            {
                return Constant(1);
            }

            return exponent.IsConstantValue(1) ? @base : Intern(Op.Pow, new[] { @base, exponent }, 0, 0, null);
        }

        /// <summary>Math.Atan2(y, x).</summary>
        public Node Atan2(Node y, Node x) => Intern(Op.Atan2, new[] { y, x }, 0, 0, null);

        /// <summary>A comparison (Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual) of two numbers; its value is a bool.</summary>
        public Node Compare(Op comparison, Node left, Node right)
        {
            if (comparison is not (Op.Less or Op.LessOrEqual or Op.Greater or Op.GreaterOrEqual or Op.Equal or Op.NotEqual))
            {
                throw new ArgumentException($"{comparison} is not a comparison.", nameof(comparison));
            }

            return Intern(comparison, new[] { left, right }, 0, 0, null);
        }

        /// <summary>a &amp;&amp; b of two bools (C# evaluates b only when a holds; both are plain values here, so that is the same).</summary>
        public Node And(Node left, Node right) => left == right ? left : Intern(Op.And, new[] { left, right }, 0, 0, null);

        /// <summary>a || b of two bools.</summary>
        public Node Or(Node left, Node right) => left == right ? left : Intern(Op.Or, new[] { left, right }, 0, 0, null);

        /// <summary>!a of a bool.</summary>
        public Node Not(Node operand) => operand.Op == Op.Not ? operand.Arguments[0] : Intern(Op.Not, new[] { operand }, 0, 0, null);

        /// <summary>
        /// c ? a : b for a bool <paramref name="condition"/>: the branch of a user's conditional. Its derivative is the
        /// branch's derivative: reverse mode passes a node used only under c the adjoint c ? ā·f′(x) : 0, so nothing from the
        /// branch not taken (log or √ of a value outside its domain, an ∞) leaks in as NaN.
        /// </summary>
        public Node Select(Node condition, Node whenTrue, Node whenFalse) => Select(condition, whenTrue, whenFalse, UserBranch);

        /// <summary>
        /// c ? a : b as the branch of a built-in piecewise derivative (ReLU′ = z ≤ 0 ? 0 : ā): printed and differentiated as
        /// <see cref="Select(Node, Node, Node)"/>, but reverse mode does not push its condition into the factors of later
        /// rules, since the forward value it depends on is computed on every path anyway.
        /// </summary>
        public Node RuleSelect(Node condition, Node whenTrue, Node whenFalse) => Select(condition, whenTrue, whenFalse, RuleBranch);

        /// <summary>The <see cref="Node.Constant"/> of a user's select (<see cref="Select(Node, Node, Node)"/>).</summary>
        internal const double UserBranch = 0;

        /// <summary>The <see cref="Node.Constant"/> of a built-in rule's select (<see cref="RuleSelect"/>).</summary>
        internal const double RuleBranch = 1;

        /// <summary>A select of the given kind (<see cref="UserBranch"/> or <see cref="RuleBranch"/>).</summary>
        internal Node Select(Node condition, Node whenTrue, Node whenFalse, double kind)
        {
            if (whenTrue == whenFalse)
            {
                return whenTrue;
            }

            return condition.Op == Op.Not
                ? Select(condition.Arguments[0], whenFalse, whenTrue, kind)
                : Intern(Op.Select, new[] { condition, whenTrue, whenFalse }, kind, 0, null);
        }

        /// <summary>c &gt; 0 ? a : b: the branch of a built-in piecewise derivative (ReLU′, max′, tanh′).</summary>
        public Node IfPositive(Node condition, Node whenPositive, Node otherwise) =>
            whenPositive == otherwise ? whenPositive : Intern(Op.IfPositive, new[] { condition, whenPositive, otherwise }, 0, 0, null);

        /// <summary>f(x) whose derivative with respect to x is <paramref name="derivative"/> (see <see cref="Op.KnownDerivative"/>).</summary>
        public Node KnownDerivative(Node x, Node value, Node derivative) =>
            Intern(Op.KnownDerivative, new[] { x, value, derivative }, 0, 0, null);

        /// <summary>
        /// The operand held constant under differentiation. A parameter leaf is wrapped too (an argument passed to a
        /// callee's [NoDerivative] parameter); every other leaf is constant already.
        /// </summary>
        public Node StopGradient(Node operand) =>
            (operand.IsLeaf && operand.Op != Op.Parameter) || operand.Op == Op.StopGradient ? operand : Intern(Op.StopGradient, new[] { operand }, 0, 0, null);

        /// <summary>
        /// A call of a user method, printed <c>Method(args)</c>, whose derivative comes from <paramref name="target"/>'s rule:
        /// <c>FDerivative(x)</c> for one argument, or the partials of one <c>FGradient(args, out …)</c> statement.
        /// </summary>
        public Node Call(CallTarget target, params Node[] arguments)
        {
            if (target.Rule == CallRuleKind.DerivativeMethod && arguments.Length != 1)
            {
                throw new ArgumentException("A derivative method serves a function of one argument.", nameof(target));
            }

            return Intern(Op.Call, (Node[])arguments.Clone(), 0, 0, target);
        }

        /// <summary>The statement <c>FGradient(args, out d0, …)</c>; its value is F(args). Equal calls are one statement.</summary>
        internal Node GradientCall(CallTarget target, Node[] arguments) => Intern(Op.GradientCall, (Node[])arguments.Clone(), 0, 0, target);

        /// <summary>The partial of a <see cref="GradientCall"/> with respect to argument <paramref name="argument"/>, read from its out local.</summary>
        internal Node GradientPartial(Node gradientCall, int argument) => Intern(Op.GradientPartial, new[] { gradientCall }, 0, argument, null);

        private Node Intern(Op op, Node[] arguments, double constant, int index, CallTarget? call)
        {
            var descriptor = OpTable.Of(op);
            if (descriptor.Arity >= 0 && descriptor.Arity != arguments.Length)
            {
                throw new ArgumentException($"{op} takes {descriptor.Arity} arguments, not {arguments.Length}.", nameof(arguments));
            }

            var key = new NodeKey(op, arguments, constant, index, call);
            if (_interned.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var node = new Node(_nodes.Count, op, arguments, constant, index, call);
            _nodes.Add(node);
            _interned.Add(key, node);
            if (!node.IsLeaf)
            {
                _labels.Add(node, _currentLabel);
                _inBackwardPass.Add(node, _backwardPass);
                if (_tangentPass is not null)
                {
                    _tangentPasses.Add(node, _tangentPass);
                }
            }

            return node;
        }

        /// <summary>Structural identity: the operation, the argument nodes (by Id), the constant's bits and the index.</summary>
        private readonly struct NodeKey : IEquatable<NodeKey>
        {
            private readonly Op _op;
            private readonly Node[] _arguments;
            private readonly long _constantBits;
            private readonly int _index;
            private readonly CallTarget? _call;

            public NodeKey(Op op, Node[] arguments, double constant, int index, CallTarget? call)
            {
                _call = call;
                _op = op;
                _arguments = arguments;
                _constantBits = BitConverter.DoubleToInt64Bits(constant);
                _index = index;
            }

            public bool Equals(NodeKey other)
            {
                if (_op != other._op || _constantBits != other._constantBits || _index != other._index
                    || _arguments.Length != other._arguments.Length || !Equals(_call, other._call))
                {
                    return false;
                }

                for (int i = 0; i < _arguments.Length; i++)
                {
                    if (_arguments[i] != other._arguments[i])
                    {
                        return false;
                    }
                }

                return true;
            }

            public override bool Equals(object? obj) => obj is NodeKey other && Equals(other);

            public override int GetHashCode()
            {
                int hash = ((int)_op * 397) ^ _constantBits.GetHashCode() ^ (_index * 7919) ^ (_call?.GetHashCode() ?? 0);
                foreach (var argument in _arguments)
                {
                    hash = (hash * 31) + argument.Id;
                }

                return hash;
            }
        }
    }
}
