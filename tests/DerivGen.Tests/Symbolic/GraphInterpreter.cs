using System;
using System.Collections.Generic;
using System.Linq;
using DerivGen.Symbolic;

namespace DerivGen.Tests.Symbolic
{
    /// <summary>
    /// Evaluates an expression graph in double precision, computing each op the way its generated C# form does (the same
    /// Math and ScalarMath calls in the same order), so the symbolic core is tested without compiling any C#. A bool is
    /// held as 1 or 0.
    /// </summary>
    internal sealed class GraphInterpreter
    {
        private readonly Dictionary<Node, double> _values = new();
        private readonly Func<Node, double> _leaf;
        private readonly IReadOnlyDictionary<string, Func<double[], double>> _methods;
        private readonly IReadOnlyDictionary<string, Func<double[], double[]>> _gradients;

        /// <param name="leaf">The value of each parameter, input and target leaf.</param>
        /// <param name="methods">User methods (and derivative methods) by fully qualified name.</param>
        /// <param name="gradients">User gradient methods by name: the partials, one per argument.</param>
        public GraphInterpreter(
            Func<Node, double> leaf,
            IReadOnlyDictionary<string, Func<double[], double>>? methods = null,
            IReadOnlyDictionary<string, Func<double[], double[]>>? gradients = null)
        {
            _leaf = leaf;
            _methods = methods ?? new Dictionary<string, Func<double[], double>>();
            _gradients = gradients ?? new Dictionary<string, Func<double[], double[]>>();
        }

        /// <summary>An interpreter whose parameter leaves take <paramref name="parameters"/>.</summary>
        public static GraphInterpreter WithParameters(params double[] parameters) =>
            new(leaf => leaf.Op == Op.Parameter ? parameters[leaf.Index] : throw new ArgumentException($"No value for {leaf}."));

        public double this[Node node] => Evaluate(node);

        public double Evaluate(Node node)
        {
            if (_values.TryGetValue(node, out var known))
            {
                return known;
            }

            var value = Compute(node);
            _values[node] = value;
            return value;
        }

        private double Compute(Node n)
        {
            double A(int i) => Evaluate(n.Arguments[i]);
            bool B(int i) => Evaluate(n.Arguments[i]) != 0;
            double Bool(bool b) => b ? 1 : 0;
            return n.Op switch
            {
                Op.Constant => n.Constant,
                Op.Parameter or Op.Input or Op.Target or Op.Direction => _leaf(n),
                Op.Add => n.Arguments.Skip(1).Aggregate(A(0), (sum, term) => sum + Evaluate(term)),
                Op.Subtract => A(0) - A(1),
                Op.Multiply => A(0) * A(1),
                Op.Divide => A(0) / A(1),
                Op.Negate => -A(0),
                Op.Square => A(0) * A(0),
                Op.Pow => Math.Pow(A(0), A(1)),
                Op.Exp => Math.Exp(A(0)),
                Op.ExpNonPositive => ScalarMath.ExpNonPositive(A(0)),
                Op.Log => Math.Log(A(0)),
                Op.Log10 => Math.Log10(A(0)),
                Op.Log1p => ScalarMath.Log1p(A(0)),
                Op.Expm1 => ScalarMath.Expm1(A(0)),
                Op.Sqrt => Math.Sqrt(A(0)),
                Op.Cbrt => Math.Cbrt(A(0)),
                Op.Abs => Math.Abs(A(0)),
                Op.Sin => Math.Sin(A(0)),
                Op.Cos => Math.Cos(A(0)),
                Op.Tan => Math.Tan(A(0)),
                Op.Asin => Math.Asin(A(0)),
                Op.Acos => Math.Acos(A(0)),
                Op.Atan => Math.Atan(A(0)),
                Op.Atan2 => Math.Atan2(A(0), A(1)),
                Op.Sinh => Math.Sinh(A(0)),
                Op.Cosh => Math.Cosh(A(0)),
                Op.Tanh => ScalarMath.Tanh(A(0)),
                Op.LibraryTanh => Math.Tanh(A(0)),
                Op.Sigmoid => 1.0 / (1.0 + Math.Exp(-A(0))),
                Op.Softplus => Math.Max(A(0), 0.0) + ScalarMath.Log1p(Math.Exp(-Math.Abs(A(0)))),
                Op.SechSquared => ScalarMath.SechSquared(A(0)),
                Op.Relu => Math.Max(A(0), 0.0),
                Op.LeakyRelu => A(0) > 0 ? A(0) : n.Constant * A(0),
                Op.Elu => A(0) > 0 ? A(0) : ScalarMath.Expm1(A(0)),
                Op.Huber => Math.Abs(A(0)) <= n.Constant ? 0.5 * A(0) * A(0) : n.Constant * (Math.Abs(A(0)) - (0.5 * n.Constant)),
                Op.ClampSymmetric => Math.Max(-n.Constant, Math.Min(A(0), n.Constant)),
                Op.Clamp => Math.Clamp(A(0), A(1), A(2)),
                Op.Max => Math.Max(A(0), A(1)),
                Op.Min => Math.Min(A(0), A(1)),
                Op.Less => Bool(A(0) < A(1)),
                Op.LessOrEqual => Bool(A(0) <= A(1)),
                Op.Greater => Bool(A(0) > A(1)),
                Op.GreaterOrEqual => Bool(A(0) >= A(1)),
                Op.Equal => Bool(A(0) == A(1)),
                Op.NotEqual => Bool(A(0) != A(1)),
                Op.And => Bool(B(0) && B(1)),
                Op.Or => Bool(B(0) || B(1)),
                Op.Not => Bool(!B(0)),
                Op.Select => B(0) ? A(1) : A(2),
                Op.IfPositive => A(0) > 0 ? A(1) : A(2),
                Op.StopGradient => A(0),
                Op.KnownDerivative => A(1),
                Op.Call => _methods[n.Call!.Method](n.Arguments.Select(Evaluate).ToArray()),
                Op.GradientCall => _methods[n.Call!.Method](n.Arguments.Select(Evaluate).ToArray()),
                Op.GradientPartial => _gradients[n.Arguments[0].Call!.RuleMethod!](n.Arguments[0].Arguments.Select(Evaluate).ToArray())[n.Index],
                _ => throw new ArgumentOutOfRangeException(nameof(n), n.Op, "The interpreter has no case for this op."),
            };
        }
    }
}
