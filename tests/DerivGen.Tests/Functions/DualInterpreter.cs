using System;
using System.Collections.Generic;
using System.Linq;
using DerivGen.Model;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// Differentiates the IR of a double [Differentiable] method by forward-mode dual numbers: each value carries its
    /// partials with respect to every argument, and each operation applies the textbook rule written here, by hand. It
    /// shares nothing with the generator's op table, reverse mode or emitter, so agreement with the generated
    /// <c>{Name}Gradient</c> checks all of them. Kinks follow the documented conventions (Abs′(0) = 0, Min/Max ties to
    /// the first argument, a comparison's derivative is that of the branch C# takes).
    /// </summary>
    internal sealed class DualInterpreter
    {
        private readonly IReadOnlyDictionary<string, FunctionModel> _functions;

        public DualInterpreter(IEnumerable<FunctionModel> functions) =>
            _functions = functions.ToDictionary(f => f.Key, StringComparer.Ordinal);

        /// <summary>The value and the gradient with respect to every argument not marked [NoDerivative] (those get 0).</summary>
        public (double Value, double[] Gradient) Differentiate(FunctionModel function, IReadOnlyList<double> arguments)
        {
            int n = arguments.Count;
            var seeded = new Dual[n];
            for (int i = 0; i < n; i++)
            {
                var d = new double[n];
                d[i] = function.Parameters[i].NoDerivative ? 0 : 1;
                seeded[i] = new Dual(arguments[i], d);
            }

            var result = Evaluate(function, seeded);
            return (result.V, result.D);
        }

        private Dual Evaluate(FunctionModel function, Dual[] arguments)
        {
            if (function.Precision != PrecisionKind.Double)
            {
                throw new NotSupportedException("The dual interpreter works in double.");
            }

            var lets = new Dual[function.Lets.Count];
            for (int i = 0; i < lets.Length; i++)
            {
                lets[i] = Value(function.Lets[i].Value, arguments, lets);
            }

            return Value(function.Result, arguments, lets);
        }

        private Dual Value(FunctionExpr e, Dual[] args, Dual[] lets) => e switch
        {
            FunctionConstant c => Dual.Constant(c.Value, args.Length == 0 ? 0 : args[0].D.Length),
            FunctionParameterRef p => args[p.Index],
            FunctionLetRef l => lets[l.Index],
            FunctionNegate n => Value(n.Operand, args, lets).Negated(),
            FunctionBinary b => Binary(b.Op, Value(b.Left, args, lets), Value(b.Right, args, lets)),
            FunctionMath m => MathFunction(m.Op, m.Arguments.Select(a => Value(a, args, lets)).ToArray()),
            FunctionCall c => Evaluate(_functions[c.CalleeKey], c.Arguments.Select(a => Value(a, args, lets)).ToArray()),
            FunctionConditional c => Condition(c.Condition, args, lets) ? Value(c.WhenTrue, args, lets) : Value(c.WhenFalse, args, lets),
            _ => throw new InvalidOperationException($"{e.GetType().Name} is a condition, not a value."),
        };

        private bool Condition(FunctionExpr e, Dual[] args, Dual[] lets) => e switch
        {
            FunctionCompare c => Compare(c.Op, Value(c.Left, args, lets).V, Value(c.Right, args, lets).V),
            FunctionLogical { Op: FunctionLogicalOp.And } l => Condition(l.Left, args, lets) && Condition(l.Right, args, lets),
            FunctionLogical { Op: FunctionLogicalOp.Or } l => Condition(l.Left, args, lets) || Condition(l.Right, args, lets),
            FunctionNot n => !Condition(n.Operand, args, lets),
            _ => throw new InvalidOperationException($"{e.GetType().Name} is a value, not a condition."),
        };

        private static bool Compare(FunctionCompareOp op, double a, double b) => op switch
        {
            FunctionCompareOp.Less => a < b,
            FunctionCompareOp.LessOrEqual => a <= b,
            FunctionCompareOp.Greater => a > b,
            FunctionCompareOp.GreaterOrEqual => a >= b,
            FunctionCompareOp.Equal => a == b,
            FunctionCompareOp.NotEqual => a != b,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };

        private static Dual Binary(FunctionBinaryOp op, Dual a, Dual b) => op switch
        {
            FunctionBinaryOp.Add => Dual.Combine(a.V + b.V, a, 1, b, 1),
            FunctionBinaryOp.Subtract => Dual.Combine(a.V - b.V, a, 1, b, -1),
            FunctionBinaryOp.Multiply => Dual.Combine(a.V * b.V, a, b.V, b, a.V),
            FunctionBinaryOp.Divide => Dual.Combine(a.V / b.V, a, 1 / b.V, b, -a.V / (b.V * b.V)),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };

        private static Dual MathFunction(FunctionMathOp op, Dual[] a)
        {
            double x = a[0].V;
            switch (op)
            {
                case FunctionMathOp.Exp: return a[0].Scale(Math.Exp(x), Math.Exp(x));
                case FunctionMathOp.Log: return a[0].Scale(1 / x, Math.Log(x));
                case FunctionMathOp.Log10: return a[0].Scale(1 / (x * Math.Log(10)), Math.Log10(x));
                case FunctionMathOp.Sqrt: return a[0].Scale(0.5 / Math.Sqrt(x), Math.Sqrt(x));
                case FunctionMathOp.Cbrt: return a[0].Scale(1 / (3 * Math.Cbrt(x) * Math.Cbrt(x)), Math.Cbrt(x));
                case FunctionMathOp.Abs: return a[0].Scale(x > 0 ? 1 : x < 0 ? -1 : 0, Math.Abs(x));
                case FunctionMathOp.Sin: return a[0].Scale(Math.Cos(x), Math.Sin(x));
                case FunctionMathOp.Cos: return a[0].Scale(-Math.Sin(x), Math.Cos(x));
                case FunctionMathOp.Tan: return a[0].Scale(1 / (Math.Cos(x) * Math.Cos(x)), Math.Tan(x));
                case FunctionMathOp.Asin: return a[0].Scale(1 / Math.Sqrt(1 - (x * x)), Math.Asin(x));
                case FunctionMathOp.Acos: return a[0].Scale(-1 / Math.Sqrt(1 - (x * x)), Math.Acos(x));
                case FunctionMathOp.Atan: return a[0].Scale(1 / (1 + (x * x)), Math.Atan(x));
                case FunctionMathOp.Sinh: return a[0].Scale(Math.Cosh(x), Math.Sinh(x));
                case FunctionMathOp.Cosh: return a[0].Scale(Math.Sinh(x), Math.Cosh(x));
                case FunctionMathOp.Tanh: return a[0].Scale(1 / (Math.Cosh(x) * Math.Cosh(x)), Math.Tanh(x));
                case FunctionMathOp.Log1p: return a[0].Scale(1 / (1 + x), ScalarMath.Log1p(x));
                case FunctionMathOp.Expm1: return a[0].Scale(Math.Exp(x), ScalarMath.Expm1(x));
                case FunctionMathOp.Floor: return a[0].Scale(0, Math.Floor(x));
                case FunctionMathOp.Ceiling: return a[0].Scale(0, Math.Ceiling(x));
                case FunctionMathOp.Round: return a[0].Scale(0, Math.Round(x));
                case FunctionMathOp.Truncate: return a[0].Scale(0, Math.Truncate(x));
                case FunctionMathOp.Sign: return a[0].Scale(0, Math.Sign(x));
                case FunctionMathOp.Min: return a[0].V <= a[1].V ? a[0] : a[1];
                case FunctionMathOp.Max: return a[0].V >= a[1].V ? a[0] : a[1];
                case FunctionMathOp.Clamp: return x < a[1].V ? a[1] : x > a[2].V ? a[2] : a[0];
                case FunctionMathOp.Atan2:
                {
                    double y = a[0].V, w = a[1].V, r = (w * w) + (y * y);
                    return Dual.Combine(Math.Atan2(y, w), a[0], w / r, a[1], -y / r);
                }

                case FunctionMathOp.Pow:
                {
                    double b = a[1].V, value = Math.Pow(x, b);
                    double dBase = b == 0 ? 0 : b * Math.Pow(x, b - 1);
                    double dExponent = a[1].D.All(d => d == 0) || value == 0 ? 0 : value * Math.Log(x);
                    return Dual.Combine(value, a[0], dBase, a[1], dExponent);
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(op));
            }
        }

        /// <summary>A value and its partials with respect to the seeded arguments.</summary>
        private readonly record struct Dual(double V, double[] D)
        {
            public static Dual Constant(double value, int n) => new(value, new double[n]);

            /// <summary>f(a) with f′(a) = <paramref name="slope"/>: D = slope·a.D.</summary>
            public Dual Scale(double slope, double value) => new(value, D.Select(d => d == 0 ? 0 : slope * d).ToArray());

            public Dual Negated() => new(-V, D.Select(d => -d).ToArray());

            /// <summary>f(a, b) with partials <paramref name="da"/> and <paramref name="db"/>; a zero partial adds nothing (0·∞ stays out).</summary>
            public static Dual Combine(double value, Dual a, double da, Dual b, double db)
            {
                var d = new double[a.D.Length];
                for (int i = 0; i < d.Length; i++)
                {
                    d[i] = (a.D[i] == 0 ? 0 : da * a.D[i]) + (b.D[i] == 0 ? 0 : db * b.D[i]);
                }

                return new Dual(value, d);
            }
        }
    }
}
