using System;
using System.Collections.Generic;
using System.Linq;
using DerivGen.Model;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// Evaluates the IR of a [Differentiable] method, independently of the generator's later stages: the lets in order,
    /// then the result, each operation rounded once in the function's precision and each Math function the runtime's own
    /// (<see cref="Math"/> or <see cref="MathF"/>), as C# would. Comparing it with the C# method and with the reference
    /// values checks that the IR means what the C# means.
    /// </summary>
    internal sealed class FunctionInterpreter
    {
        private readonly IReadOnlyDictionary<string, FunctionModel> _functions;

        /// <param name="functions">The functions calls may reach, by key.</param>
        public FunctionInterpreter(IEnumerable<FunctionModel> functions) =>
            _functions = functions.ToDictionary(f => f.Key, StringComparer.Ordinal);

        public double Evaluate(FunctionModel function, IReadOnlyList<double> arguments)
        {
            ArgumentNullException.ThrowIfNull(function);
            ArgumentNullException.ThrowIfNull(arguments);
            if (arguments.Count != function.Parameters.Count)
            {
                throw new ArgumentException($"{function.Name} takes {function.Parameters.Count} arguments, not {arguments.Count}.", nameof(arguments));
            }

            bool single = function.Precision == PrecisionKind.Single;
            var frame = new Frame(arguments.Select(a => single ? (double)(float)a : a).ToArray(), new double[function.Lets.Count], single);
            for (int i = 0; i < function.Lets.Count; i++)
            {
                // Every let is evaluated, guarded or not: a let outside its guard may be NaN, but the IR only reads it under its guard.
                frame.Lets[i] = Value(function.Lets[i].Value, frame);
            }

            return Value(function.Result, frame);
        }

        /// <summary>
        /// Whether every value C# computes on the path it takes through <paramref name="function"/> (each let's and the
        /// result's subexpressions, and those of the functions it calls) is finite at <paramref name="arguments"/>.
        /// </summary>
        public bool StaysFinite(FunctionModel function, IReadOnlyList<double> arguments)
        {
            ArgumentNullException.ThrowIfNull(function);
            ArgumentNullException.ThrowIfNull(arguments);
            bool single = function.Precision == PrecisionKind.Single;
            var frame = new Frame(arguments.Select(a => single ? (double)(float)a : a).ToArray(), new double[function.Lets.Count], single);
            for (int i = 0; i < function.Lets.Count; i++)
            {
                // A guarded let is computed by C# only under its guard: outside it, it may be anything.
                frame.Lets[i] = Value(function.Lets[i].Value, frame);
                if ((function.Lets[i].Guard is null || Condition(function.Lets[i].Guard!, frame)) && !Finite(function.Lets[i].Value, frame))
                {
                    return false;
                }
            }

            return Finite(function.Result, frame);
        }

        private bool Finite(FunctionExpr expression, Frame frame) => double.IsFinite(Value(expression, frame)) && expression switch
        {
            FunctionNegate n => Finite(n.Operand, frame),
            FunctionBinary b => Finite(b.Left, frame) && Finite(b.Right, frame),
            FunctionMath m => m.Arguments.All(a => Finite(a, frame)),
            FunctionCall c => c.Arguments.All(a => Finite(a, frame)) && StaysFinite(_functions[c.CalleeKey], c.Arguments.Select(a => Value(a, frame)).ToArray()),
            FunctionConditional c => Condition(c.Condition, frame) ? Finite(c.WhenTrue, frame) : Finite(c.WhenFalse, frame),
            _ => true,
        };

        private double Value(FunctionExpr expression, Frame frame) => expression switch
        {
            FunctionConstant c => c.Value,
            FunctionParameterRef p => frame.Arguments[p.Index],
            FunctionLetRef l => frame.Lets[l.Index],
            FunctionNegate n => -Value(n.Operand, frame),
            FunctionBinary b => Arithmetic(b.Op, Value(b.Left, frame), Value(b.Right, frame), frame.Single),
            FunctionMath m => frame.Single
                ? MathSingle(m.Op, m.Arguments.Select(a => (float)Value(a, frame)).ToArray())
                : MathDouble(m.Op, m.Arguments.Select(a => Value(a, frame)).ToArray()),
            FunctionCall c => Evaluate(_functions[c.CalleeKey], c.Arguments.Select(a => Value(a, frame)).ToArray()),
            FunctionConditional c => Condition(c.Condition, frame) ? Value(c.WhenTrue, frame) : Value(c.WhenFalse, frame),
            _ => throw new InvalidOperationException($"{expression.GetType().Name} is a condition, not a value."),
        };

        public bool Condition(FunctionExpr expression, IReadOnlyList<double> arguments, IReadOnlyList<double> lets) =>
            Condition(expression, new Frame(arguments.ToArray(), lets.ToArray(), false));

        private bool Condition(FunctionExpr expression, Frame frame) => expression switch
        {
            FunctionCompare c => Compare(c.Op, Value(c.Left, frame), Value(c.Right, frame)),
            FunctionLogical { Op: FunctionLogicalOp.And } l => Condition(l.Left, frame) && Condition(l.Right, frame),
            FunctionLogical { Op: FunctionLogicalOp.Or } l => Condition(l.Left, frame) || Condition(l.Right, frame),
            FunctionNot n => !Condition(n.Operand, frame),
            _ => throw new InvalidOperationException($"{expression.GetType().Name} is a value, not a condition."),
        };

        private static double Arithmetic(FunctionBinaryOp op, double a, double b, bool single)
        {
            if (single)
            {
                float x = (float)a, y = (float)b;
                return op switch
                {
                    FunctionBinaryOp.Add => x + y,
                    FunctionBinaryOp.Subtract => x - y,
                    FunctionBinaryOp.Multiply => x * y,
                    FunctionBinaryOp.Divide => x / y,
                    _ => throw new ArgumentOutOfRangeException(nameof(op)),
                };
            }

            return op switch
            {
                FunctionBinaryOp.Add => a + b,
                FunctionBinaryOp.Subtract => a - b,
                FunctionBinaryOp.Multiply => a * b,
                FunctionBinaryOp.Divide => a / b,
                _ => throw new ArgumentOutOfRangeException(nameof(op)),
            };
        }

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

        private static double MathDouble(FunctionMathOp op, double[] a) => op switch
        {
            FunctionMathOp.Exp => Math.Exp(a[0]),
            FunctionMathOp.Log => Math.Log(a[0]),
            FunctionMathOp.Log10 => Math.Log10(a[0]),
            FunctionMathOp.Sqrt => Math.Sqrt(a[0]),
            FunctionMathOp.Cbrt => Math.Cbrt(a[0]),
            FunctionMathOp.Pow => Math.Pow(a[0], a[1]),
            FunctionMathOp.Abs => Math.Abs(a[0]),
            FunctionMathOp.Sin => Math.Sin(a[0]),
            FunctionMathOp.Cos => Math.Cos(a[0]),
            FunctionMathOp.Tan => Math.Tan(a[0]),
            FunctionMathOp.Asin => Math.Asin(a[0]),
            FunctionMathOp.Acos => Math.Acos(a[0]),
            FunctionMathOp.Atan => Math.Atan(a[0]),
            FunctionMathOp.Atan2 => Math.Atan2(a[0], a[1]),
            FunctionMathOp.Sinh => Math.Sinh(a[0]),
            FunctionMathOp.Cosh => Math.Cosh(a[0]),
            FunctionMathOp.Tanh => Math.Tanh(a[0]),
            FunctionMathOp.Min => Math.Min(a[0], a[1]),
            FunctionMathOp.Max => Math.Max(a[0], a[1]),
            FunctionMathOp.Clamp => Math.Clamp(a[0], a[1], a[2]),
            FunctionMathOp.Log1p => ScalarMath.Log1p(a[0]),
            FunctionMathOp.Expm1 => ScalarMath.Expm1(a[0]),
            FunctionMathOp.Floor => Math.Floor(a[0]),
            FunctionMathOp.Ceiling => Math.Ceiling(a[0]),
            FunctionMathOp.Round => Math.Round(a[0]),
            FunctionMathOp.Truncate => Math.Truncate(a[0]),
            FunctionMathOp.Sign => Math.Sign(a[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };

        private static double MathSingle(FunctionMathOp op, float[] a) => op switch
        {
            FunctionMathOp.Exp => MathF.Exp(a[0]),
            FunctionMathOp.Log => MathF.Log(a[0]),
            FunctionMathOp.Log10 => MathF.Log10(a[0]),
            FunctionMathOp.Sqrt => MathF.Sqrt(a[0]),
            FunctionMathOp.Cbrt => MathF.Cbrt(a[0]),
            FunctionMathOp.Pow => MathF.Pow(a[0], a[1]),
            FunctionMathOp.Abs => MathF.Abs(a[0]),
            FunctionMathOp.Sin => MathF.Sin(a[0]),
            FunctionMathOp.Cos => MathF.Cos(a[0]),
            FunctionMathOp.Tan => MathF.Tan(a[0]),
            FunctionMathOp.Asin => MathF.Asin(a[0]),
            FunctionMathOp.Acos => MathF.Acos(a[0]),
            FunctionMathOp.Atan => MathF.Atan(a[0]),
            FunctionMathOp.Atan2 => MathF.Atan2(a[0], a[1]),
            FunctionMathOp.Sinh => MathF.Sinh(a[0]),
            FunctionMathOp.Cosh => MathF.Cosh(a[0]),
            FunctionMathOp.Tanh => MathF.Tanh(a[0]),
            FunctionMathOp.Min => MathF.Min(a[0], a[1]),
            FunctionMathOp.Max => MathF.Max(a[0], a[1]),
            FunctionMathOp.Clamp => Math.Clamp(a[0], a[1], a[2]),
            FunctionMathOp.Log1p => ScalarMath.Log1p(a[0]),
            FunctionMathOp.Expm1 => ScalarMath.Expm1(a[0]),
            FunctionMathOp.Floor => MathF.Floor(a[0]),
            FunctionMathOp.Ceiling => MathF.Ceiling(a[0]),
            FunctionMathOp.Round => MathF.Round(a[0]),
            FunctionMathOp.Truncate => MathF.Truncate(a[0]),
            FunctionMathOp.Sign => MathF.Sign(a[0]),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };

        private sealed record Frame(double[] Arguments, double[] Lets, bool Single);
    }
}
