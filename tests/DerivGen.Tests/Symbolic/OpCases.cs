using System;
using System.Collections.Generic;
using DerivGen.Symbolic;

namespace DerivGen.Tests.Symbolic
{
    /// <summary>
    /// One small function of the parameters p0, p1, p2 per op, built around that op, with points away from its kinks
    /// where the function is smooth. Shared by the derivative checks and the table coverage test.
    /// </summary>
    internal static class OpCases
    {
        public sealed record Case(string Name, Op Op, Func<ExpressionGraph, Node[], Node> Build, double[][] Points, bool SecondOrder = true);

        private static readonly double[][] Generic = { new[] { 0.3, -0.7, 1.3 }, new[] { -1.1, 0.45, 2.2 }, new[] { 2.5, 1.7, -0.35 } };
        private static readonly double[][] Positive = { new[] { 0.3, 0.7, 1.3 }, new[] { 1.1, 0.45, 2.2 }, new[] { 2.5, 1.7, 0.35 } };
        private static readonly double[][] UnitInterval = { new[] { 0.3, -0.7, 0.2 }, new[] { -0.6, 0.45, 0.1 }, new[] { 0.9, 0.2, -0.35 } };

        /// <summary>F(z) = z³, with its derivative method.</summary>
        public static readonly CallTarget Cube = CallTarget.WithDerivative("global::Tests.F.Cube", "Cube", "global::Tests.F.CubeDerivative");

        /// <summary>F(a, b, c) = a·b·sin c, with a gradient method that has outs for a and c only (b is [NoDerivative]).</summary>
        public static readonly CallTarget Product = CallTarget.WithGradient("global::Tests.F.Product", "Product", "global::Tests.F.ProductGradient", 0b101);

        public static IReadOnlyList<Case> All { get; } = new List<Case>
        {
            new("Add", Op.Add, (g, p) => g.Sum(new[] { p[0], g.Multiply(p[1], p[1]), p[2] }), Generic),
            new("Subtract", Op.Subtract, (g, p) => g.Subtract(g.Multiply(p[0], p[1]), p[2]), Generic),
            new("Multiply", Op.Multiply, (g, p) => g.Multiply(g.Multiply(p[0], p[1]), p[2]), Generic),
            new("Divide", Op.Divide, (g, p) => g.Divide(p[0], g.Add(g.Constant(3), p[1])), Generic),
            new("Negate", Op.Negate, (g, p) => g.Multiply(g.Negate(p[0]), p[1]), Generic),
            new("Square", Op.Square, (g, p) => g.Square(g.Multiply(p[0], p[1])), Generic),
            new("PowIntegral", Op.Pow, (g, p) => g.Pow(p[0], g.Constant(3)), new[] { new[] { -1.5, 0, 0 }, new[] { 0.0, 0, 0 }, new[] { 2.0, 0, 0 } }),
            new("PowNegativeIntegral", Op.Pow, (g, p) => g.Pow(p[0], g.Constant(-2)), new[] { new[] { -1.5, 0, 0 }, new[] { 0.7, 0, 0 } }),
            new("PowFractional", Op.Pow, (g, p) => g.Pow(p[0], g.Constant(2.5)), Positive),
            new("PowConstantBase", Op.Pow, (g, p) => g.Pow(g.Constant(1.7), p[1]), Generic),
            new("PowGeneral", Op.Pow, (g, p) => g.Pow(p[0], p[1]), Positive),
            new("Exp", Op.Exp, (g, p) => g.Apply(Op.Exp, g.Multiply(p[0], p[1])), Generic),
            new("ExpNonPositive", Op.ExpNonPositive, (g, p) => g.Apply(Op.ExpNonPositive, g.Negate(g.Square(g.Multiply(p[0], p[1])))), Generic),
            new("Log", Op.Log, (g, p) => g.Apply(Op.Log, g.Multiply(p[0], p[1])), Positive),
            new("Log10", Op.Log10, (g, p) => g.Apply(Op.Log10, g.Multiply(p[0], p[1])), Positive),
            new("Log1p", Op.Log1p, (g, p) => g.Apply(Op.Log1p, g.Multiply(p[0], p[1])), Positive),
            new("Expm1", Op.Expm1, (g, p) => g.Apply(Op.Expm1, g.Multiply(p[0], p[1])), Generic),
            new("Sqrt", Op.Sqrt, (g, p) => g.Apply(Op.Sqrt, g.Multiply(p[0], p[1])), Positive),
            new("Cbrt", Op.Cbrt, (g, p) => g.Apply(Op.Cbrt, g.Multiply(p[0], p[1])), Generic),
            new("Abs", Op.Abs, (g, p) => g.Apply(Op.Abs, g.Multiply(p[0], p[1])), Generic),
            new("Sin", Op.Sin, (g, p) => g.Apply(Op.Sin, g.Multiply(p[0], p[1])), Generic),
            new("Cos", Op.Cos, (g, p) => g.Apply(Op.Cos, g.Multiply(p[0], p[1])), Generic),
            new("Tan", Op.Tan, (g, p) => g.Apply(Op.Tan, g.Multiply(p[0], p[1])), Generic),
            new("Asin", Op.Asin, (g, p) => g.Apply(Op.Asin, g.Multiply(p[0], p[2])), UnitInterval),
            new("Acos", Op.Acos, (g, p) => g.Apply(Op.Acos, g.Multiply(p[0], p[2])), UnitInterval),
            new("Atan", Op.Atan, (g, p) => g.Apply(Op.Atan, g.Multiply(p[0], p[1])), Generic),
            new("Atan2", Op.Atan2, (g, p) => g.Atan2(p[0], p[1]), Generic),
            new("Sinh", Op.Sinh, (g, p) => g.Apply(Op.Sinh, g.Multiply(p[0], p[1])), Generic),
            new("Cosh", Op.Cosh, (g, p) => g.Apply(Op.Cosh, g.Multiply(p[0], p[1])), Generic),
            new("Tanh", Op.Tanh, (g, p) => g.Apply(Op.Tanh, g.Multiply(p[0], p[2])), Generic),
            new("LibraryTanh", Op.LibraryTanh, (g, p) => g.Apply(Op.LibraryTanh, g.Multiply(p[0], p[2])), Generic),
            new("Sigmoid", Op.Sigmoid, (g, p) => g.Apply(Op.Sigmoid, g.Multiply(p[0], p[1])), Generic),
            new("Softplus", Op.Softplus, (g, p) => g.Apply(Op.Softplus, g.Multiply(p[0], p[1])), Generic),
            new("SechSquared", Op.SechSquared, (g, p) => g.Apply(Op.SechSquared, g.Multiply(p[0], p[1])), Generic),
            new("Relu", Op.Relu, (g, p) => g.Multiply(g.Apply(Op.Relu, g.Multiply(p[0], p[1])), p[2]), Generic),
            new("LeakyRelu", Op.LeakyRelu, (g, p) => g.Multiply(g.Apply(Op.LeakyRelu, g.Multiply(p[0], p[1]), 0.01), p[2]), Generic),
            new("Elu", Op.Elu, (g, p) => g.Apply(Op.Elu, g.Multiply(p[0], p[1])), Generic),
            new("Huber", Op.Huber, (g, p) => g.Apply(Op.Huber, g.Multiply(p[0], p[1]), 0.5), Generic),
            new("ClampSymmetric", Op.ClampSymmetric, (g, p) => g.Multiply(g.Apply(Op.ClampSymmetric, p[0], 1.0), p[1]), Generic),
            new("Clamp", Op.Clamp, (g, p) => g.Multiply(g.Clamp(p[0], p[1], p[2]), p[0]), new[] { new[] { 0.3, -0.7, 1.3 }, new[] { -1.1, -0.45, 2.2 }, new[] { 2.5, -1.7, 0.35 } }),
            new("Max", Op.Max, (g, p) => g.Multiply(g.Max(p[0], p[1]), p[2]), Generic),
            new("Min", Op.Min, (g, p) => g.Multiply(g.Min(p[0], p[1]), p[2]), Generic),
            new("Select", Op.Select, (g, p) => g.Select(g.Compare(Op.Less, p[0], p[1]), g.Square(p[0]), g.Multiply(p[1], p[2])), Generic),
            new("IfPositive", Op.IfPositive, (g, p) => g.IfPositive(p[0], g.Square(p[1]), g.Multiply(p[1], p[2])), Generic),
            new("Comparisons", Op.LessOrEqual, (g, p) => Comparisons(g, p), Generic),
            // log-sum-exp with its shift m held constant: the value does not depend on m, so the derivative is the same.
            new("StopGradient", Op.StopGradient, (g, p) =>
            {
                var m = g.StopGradient(g.Max(p[0], p[1]));
                return g.Add(m, g.Apply(Op.Log, g.Add(g.Apply(Op.Exp, g.Subtract(p[0], m)), g.Apply(Op.Exp, g.Subtract(p[1], m)))));
            }, Generic),
            new("KnownDerivative", Op.KnownDerivative,
                (g, p) => g.KnownDerivative(p[0], g.Apply(Op.Exp, p[0]), g.Apply(Op.Exp, p[0])), Generic),
            new("CallWithDerivative", Op.Call, (g, p) => g.Call(Cube, g.Multiply(p[0], p[1])), Generic, SecondOrder: false),
            new("CallWithGradient", Op.GradientCall, (g, p) => g.Multiply(g.Call(Product, p[0], g.Constant(2), p[2]), p[1]), Generic, SecondOrder: false),
        };

        public static readonly Dictionary<string, Func<double[], double>> Methods = new()
        {
            ["global::Tests.F.Cube"] = a => a[0] * a[0] * a[0],
            ["global::Tests.F.CubeDerivative"] = a => 3 * a[0] * a[0],
            ["global::Tests.F.Product"] = a => a[0] * a[1] * Math.Sin(a[2]),
        };

        public static readonly Dictionary<string, Func<double[], double[]>> Gradients = new()
        {
            ["global::Tests.F.ProductGradient"] = a => new[] { a[1] * Math.Sin(a[2]), double.NaN, a[0] * a[1] * Math.Cos(a[2]) },
        };

        /// <summary>The comparison and logic ops, all steering selects (their own derivative is 0).</summary>
        private static Node Comparisons(ExpressionGraph g, Node[] p)
        {
            var inner = g.Select(g.And(g.Compare(Op.LessOrEqual, p[0], p[1]), g.Not(g.Compare(Op.Equal, p[0], p[2]))), g.Square(p[0]), p[1]);
            var outer = g.Select(g.Or(g.Compare(Op.Greater, p[2], p[1]), g.Compare(Op.GreaterOrEqual, p[0], p[2])), inner, g.Multiply(p[0], p[2]));
            return g.Select(g.Compare(Op.NotEqual, p[1], p[2]), outer, p[0]);
        }
    }
}
