using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using DerivGen.Model;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// One test per construct a [Differentiable] body may use: the method parses without a diagnostic, and its IR,
    /// interpreted, returns bit for bit what the compiled C# method returns, at points that take every branch.
    /// </summary>
    public sealed class FunctionConstructTests
    {
        /// <summary>Each construct as a method body of <c>double F(double x, double y)</c>.</summary>
        public static readonly TheoryData<string, string> Constructs = new()
        {
            { "ExpressionBody", "=> x * y + 1.0;" },
            { "BlockBodyWithLocals", "{ double t = x * y; var u = t + x; return u * 2; }" },
            { "ReassignedLocals", "{ var t = x; t = t * y; t = t + 1; double u = t; u = u / (1 + y * y); return u; }" },
            { "CompoundAssignments", "{ double t = x; t += y; t -= 0.5; t *= x; t /= 2 + y * y; return t; }" },
            { "IncrementAndDecrement", "{ double t = x; t++; ++t; t--; return t * y; }" },
            { "ParameterReassigned", "{ x = x * y; x += 1; return x; }" },
            { "UnaryMinus", "=> -x * - -y - (-x) + +y;" },
            { "Parentheses", "=> (x + y) * (x - (y * (1 - x)));" },
            { "LiteralForms", "=> 1 / 2 + x * 3d + .5 * y + 2.5E+1 + 0.1 * x + 7 / 2 * y + 1e-3 + 2f * x;" },
            { "ConstFields", "=> Scale * x + Count * y + Math.PI + Math.E * Scale / Count;" },
            { "ConstLocals", "{ const double c = 0.25; const int n = 4; return c * x + n * y; }" },
            { "ScalarMath", "=> ScalarMath.Log1p(x * x) + ScalarMath.Expm1(y);" },
            { "Conditional", "=> x < y ? x * y : x - y;" },
            { "NestedConditional", "=> x < 0 ? (y < 0 ? x * y : x + y) : (y > 1 ? y : x * x);" },
            { "IfElse", "{ double t; if (x > y) { t = x * 2; } else { t = y * 3; } return t + x; }" },
            { "IfWithoutElse", "{ var t = x; if (y > 0) t = t * y; return t; }" },
            { "ElseIfChain", "{ var t = 0.0; if (x < -1) t = x; else if (x < 0) t = x * x; else if (x < 1) t = y; else t = x + y; return t; }" },
            { "IfAssigningTwoLocalsInSequence", "{ var a = x; var b = y; if (x * y > 0) { a = a * y; b = a + b; } else { b = b - a; a = b * b; } return a + b; }" },
            { "NestedIf", "{ var t = 1.0; if (x > 0) { if (y > 0) { t = x * y; } else { t = x - y; } t = t * 2; } return t; }" },
            { "EarlyReturn", "{ if (x < 0) return -x; var t = x * y; if (t > 1) { return t; } return t + y; }" },
            { "ReturnInBothArms", "{ if (x > y) { return x; } else { return y * 2; } }" },
            { "ReturnInNestedIf", "{ var t = x; if (x > 0) { if (y > 0) return x * y; t = t + y; } return t * 3; }" },
            { "Comparisons", "=> (x <= y ? 1.0 : 2.0) + (x >= y ? x : y) + (x == y ? 5.0 : 0.0) + (x != 0.7 ? y : x);" },
            { "LogicalOperators", "{ if (x > 0 && y > 0 || !(x < -1)) return x * y; return x + y; }" },
            { "ConditionOnLocal", "{ var t = x * x + y; if (t > 1.5) { return Math.Log(t); } return t; }" },
            { "ForLoop", "{ double s = 0; for (int i = 0; i < 4; i++) { s += x * i + y; } return s; }" },
            { "ForLoopVariants", "{ double s = 1; for (int i = 10; i > 0; i -= 3) { s = s * x + i; } for (int j = 0; j <= 2; ++j) { s -= y; } for (int k = 3; k != 0; k--) { s += k * 0.5; } return s; }" },
            { "NestedLoopsWithCounterArithmetic", "{ double s = 0; for (int i = 0; i < 3; i++) { for (int j = i + 1; j < 4; j++) { s += x * (i * 2 + j) - y / (j % 2 + 1); } } return s; }" },
            { "IfOnLoopCounter", "{ double s = x; for (int i = 0; i < 4; i++) { if (i == 0) { s = s * y; } else if (i % 2 == 1) { s = s + x; } else { s = s - y; } } return s; }" },
            { "ReturnInsideLoop", "{ double s = 0; for (int i = 0; i < 5; i++) { s += x * i; if (s > y) return s; } return -s; }" },
            { "CallOfDifferentiableMethod", "=> Square(x) + Helpers.Cube(y) + Square(Helpers.Cube(x));" },
            { "CallWithDefaultArgument", "=> Helpers.Scaled(x) + Helpers.Scaled(x, y);" },
            { "NoDerivativeParameterThroughFloor", "=> x * Math.Floor(N) + Math.Round(N) * y + Math.Sign(N);" },
            { "FloorOfConstant", "=> x * Math.Floor(2.5) + Math.Ceiling(Count * 0.3) * y + Math.Truncate(-Scale);" },
        };

        /// <summary>Each supported Math function, as the body of <c>double F(double x, double y)</c>, at arguments inside its domain.</summary>
        public static readonly TheoryData<string, string> MathFunctions = new()
        {
            { "Exp", "=> Math.Exp(x) * y;" },
            { "Log", "=> Math.Log(1 + x * x) * y;" },
            { "Log10", "=> Math.Log10(2 + y * y) + x;" },
            { "Sqrt", "=> Math.Sqrt(1 + x * x) * y;" },
            { "Cbrt", "=> Math.Cbrt(x) * y;" },
            { "PowIntegerExponent", "=> Math.Pow(x, 3) + Math.Pow(y, -2.0);" },
            { "PowGeneral", "=> Math.Pow(2 + y * y, x) + Math.Pow(2.0, y);" },
            { "Abs", "=> Math.Abs(x - y) * y;" },
            { "Sin", "=> Math.Sin(x * y);" },
            { "Cos", "=> Math.Cos(x) + y;" },
            { "Tan", "=> Math.Tan(0.3 * x) * y;" },
            { "Asin", "=> Math.Asin(0.5 * Math.Tanh(x)) + y;" },
            { "Acos", "=> Math.Acos(0.5 * Math.Tanh(y)) * x;" },
            { "Atan", "=> Math.Atan(x * y);" },
            { "Atan2", "=> Math.Atan2(y, x);" },
            { "Sinh", "=> Math.Sinh(x) - y;" },
            { "Cosh", "=> Math.Cosh(y) * x;" },
            { "Tanh", "=> Math.Tanh(x * y + 4.0);" },
            { "Min", "=> Math.Min(x, y) * 2;" },
            { "Max", "=> Math.Max(x, y * y);" },
            { "Clamp", "=> Math.Clamp(x, -0.5, y * y);" },
            { "MathFunctionOfMathFunction", "=> Math.Exp(Math.Sin(Math.Sqrt(1 + Math.Abs(x)))) * Math.Max(y, Math.Min(x, 0.3));" },
        };

        private static readonly double[][] Points =
        {
            new[] { 0.7, -1.3 }, new[] { -0.4, 0.9 }, new[] { 1.9, 0.2 }, new[] { -2.5, -0.6 }, new[] { 0.3, 2.1 }, new[] { -0.7, -0.2 }, new[] { 0.7, 0.7 },
        };

        private static readonly Lazy<(FunctionRun Run, CollectibleAssembly Assembly)> LazyCompiled = new(() =>
        {
            var methods = Constructs.Concat(MathFunctions).Select(row => $"    [Differentiable] public static double Case{(string)row[0]}(double x, double y) {(string)row[1]}");
            string source = $$"""
                using System;
                using DerivGen;

                public static partial class Constructs
                {
                    public const double Scale = 1.5;
                    public const int Count = 3;
                    public const double N = 2.75;

                {{string.Join("\n", methods)}}

                    [Differentiable] public static double Square(double z) => z * z;
                    [Differentiable] public static double CaseNoDerivativeParameterThroughFloor(double x, double y, [NoDerivative] double N) => x * Math.Floor(N) + Math.Round(N) * y + Math.Sign(N);
                }

                public static partial class Helpers
                {
                    [Differentiable] public static double Cube(double z) => z * z * z;
                    [Differentiable] public static double Scaled(double z, double factor = 2.5) => z * factor;
                }
                """;
            source = source.Replace("    [Differentiable] public static double CaseNoDerivativeParameterThroughFloor(double x, double y) => x * Math.Floor(N) + Math.Round(N) * y + Math.Sign(N);\n", string.Empty, StringComparison.Ordinal);
            var run = FunctionRun.Of(source);
            return (run, CollectibleAssembly.Load(run.Run.Output));
        });

        [Theory]
        [MemberData(nameof(Constructs))]
        public void ConstructParsesAndMeansWhatTheCSharpMeans(string name, string body)
        {
            Assert.NotEmpty(body);
            AssertMatchesCSharp(name);
        }

        [Theory]
        [MemberData(nameof(MathFunctions))]
        public void MathFunctionParsesAndMeansWhatTheCSharpMeans(string name, string body)
        {
            Assert.NotEmpty(body);
            AssertMatchesCSharp(name);
        }

        [Theory]
        [MemberData(nameof(Constructs))]
        public void ConstructsGradientMatchesDualNumbers(string name, string body)
        {
            Assert.NotEmpty(body);
            AssertGradientMatchesDualNumbers(name);
        }

        [Theory]
        [MemberData(nameof(MathFunctions))]
        public void MathFunctionsGradientMatchesDualNumbers(string name, string body)
        {
            Assert.NotEmpty(body);
            AssertGradientMatchesDualNumbers(name);
        }

        [Fact]
        public void TheWholeClassParsesWithoutDiagnostics()
        {
            var (run, _) = LazyCompiled.Value;
            Assert.Null(run.Run.Exception);
            Assert.True(run.Diagnostics.IsEmpty(), GeneratorRun.Describe(run.Diagnostics));
            Assert.True(run.Run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.Run.OutputDiagnostics));
            Assert.Equal(run.Functions.Count, run.Resolved.Count);
        }

        [Fact]
        public void LetsKeepTheUsersNamesAndIfArmsBecomeGuardedLetsAndAMerge()
        {
            var function = LazyCompiled.Value.Run.Function("Constructs", "CaseIfElse");
            Assert.Equal(new[] { "t", "t", "t" }, function.Lets.Select(l => l.Name));
            var whenTrue = function.Lets[0];
            var whenFalse = function.Lets[1];
            var merge = function.Lets[2];
            var condition = Assert.IsType<FunctionCompare>(whenTrue.Guard);
            Assert.Equal(FunctionCompareOp.Greater, condition.Op);
            Assert.Equal(new FunctionNot(condition), whenFalse.Guard);
            Assert.Null(merge.Guard);
            Assert.Equal(new FunctionConditional(condition, new FunctionLetRef(0), new FunctionLetRef(1)), merge.Value);
            Assert.Equal(new FunctionBinary(FunctionBinaryOp.Add, new FunctionLetRef(2), new FunctionParameterRef(0)), function.Result);
        }

        [Fact]
        public void AnEarlyReturnMakesTheRestOfTheMethodAConditionalArm()
        {
            var function = LazyCompiled.Value.Run.Function("Constructs", "CaseEarlyReturn");
            var result = Assert.IsType<FunctionConditional>(function.Result);
            Assert.Equal(new FunctionNegate(new FunctionParameterRef(0)), result.WhenTrue);
            Assert.IsType<FunctionConditional>(result.WhenFalse);
            Assert.All(function.Lets, l => Assert.Equal(new FunctionNot(result.Condition), l.Guard));
        }

        [Fact]
        public void LoopsAreUnrolledWithTheCounterAsAConstant()
        {
            var function = LazyCompiled.Value.Run.Function("Constructs", "CaseForLoop");
            Assert.Equal(5, function.Lets.Count); // s = 0, then s += ... four times
            Assert.All(function.Lets, l => Assert.Equal("s", l.Name));
            Assert.Contains(function.Lets, l => l.Value.ToString().Contains("FunctionConstant { Value = 3 }", StringComparison.Ordinal));
        }

        [Fact]
        public void ConstantSubexpressionsHaveTheValueCSharpGivesThem()
        {
            var function = LazyCompiled.Value.Run.Function("Constructs", "CaseLiteralForms");
            var constants = Flatten(function.Result).OfType<FunctionConstant>().Select(c => c.Value).ToArray();
            Assert.Contains(0.0, constants);              // 1 / 2 is int division
            Assert.Contains(3.0, constants);              // 7 / 2
            Assert.Contains(0.1, constants);              // the double nearest 0.1
            Assert.Contains((double)2f, constants);
            Assert.Contains(25.0, constants);
            Assert.Contains(0.001, constants);
        }

        [Fact]
        public void CallsResolveToTheCalleesGradientAndRulesWinOverBodies()
        {
            var run = FunctionRun.Of("""
                using System;
                using DerivGen;

                public static partial class Ruled
                {
                    public static double Step(double z) => Math.Floor(z) + z;

                    [Derivative(nameof(Step))]
                    public static double StepDerivative(double z) => 1.0;

                    [Differentiable]
                    public static double Smooth(double z) => z * z;

                    [Derivative(nameof(Smooth))]
                    public static double SmoothDerivative(double z) => 2 * z;

                    public static double Pair(double a, double b) => a * b;

                    [Derivative(nameof(Pair))]
                    public static double PairGradient(double a, double b, out double da, out double db) { da = b; db = a; return a * b; }

                    [Differentiable]
                    public static double F(double x, double y) => Step(x) + Smooth(y) + Pair(x, y) + G(x);

                    [Differentiable]
                    public static double G(double x) => Math.Sin(x);
                }
                """);
            Assert.True(run.Diagnostics.IsEmpty(), GeneratorRun.Describe(run.Diagnostics));
            var resolved = run.Resolved.Single(r => r.Function.Name == "F");
            Assert.Equal(
                new[]
                {
                    ("global::Ruled.G(double)", FunctionCallTargetKind.Differentiable, "GGradient"),
                    ("global::Ruled.Pair(double,double)", FunctionCallTargetKind.GradientRule, "PairGradient"),
                    ("global::Ruled.Smooth(double)", FunctionCallTargetKind.DerivativeRule, "SmoothDerivative"),
                    ("global::Ruled.Step(double)", FunctionCallTargetKind.DerivativeRule, "StepDerivative"),
                },
                resolved.Calls.Select(c => (c.CalleeKey, c.Kind, c.DerivativeName)));
        }

        [Fact]
        public void FloatMethodsComputeInFloat()
        {
            var run = FunctionRun.Of("""
                using System;
                using DerivGen;

                public static partial class Single
                {
                    public const float K = 0.1f;

                    [Differentiable]
                    public static float F(float x, float y)
                    {
                        float t = x * K + MathF.Exp(y) / 3f;
                        var u = MathF.Sqrt(1 + t * t) - 1 / 3f;
                        if (u > x) { t = MathF.Max(u, y); }
                        return t * u + ScalarMath.Log1p(x * x);
                    }
                }
                """);
            var function = run.Single();
            Assert.Equal(PrecisionKind.Single, function.Precision);
            using var assembly = CollectibleAssembly.Load(run.Run.Output);
            var method = assembly.GetType("Single").GetMethod("F")!;
            foreach (var point in Points)
            {
                float expected = (float)method.Invoke(null, new object[] { (float)point[0], (float)point[1] })!;
                double actual = run.Evaluate(function, point);
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits((float)actual));
                Assert.Equal(actual, (double)(float)actual);
            }
        }

        private static void AssertMatchesCSharp(string name)
        {
            var (run, assembly) = LazyCompiled.Value;
            var function = run.Function("Constructs", "Case" + name);
            var method = assembly.GetType("Constructs").GetMethods(BindingFlags.Public | BindingFlags.Static).Single(m => m.Name == "Case" + name);
            foreach (var point in Points)
            {
                object[] arguments = method.GetParameters().Length == 3 ? new object[] { point[0], point[1], 2.75 } : new object[] { point[0], point[1] };
                double expected = (double)method.Invoke(null, arguments)!;
                double actual = run.Evaluate(function, arguments.Cast<double>().ToArray());
                Assert.True(
                    BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
                    $"{name}({point[0]}, {point[1]}): C# gives {expected:R}, the IR {actual:R}");
            }
        }

        /// <summary>
        /// The generated <c>Case{name}Gradient</c> against <see cref="DualInterpreter"/> at every point: the value exactly
        /// (both compute what C# computes) and the gradient to 1e-13 normwise. Both sides evaluate the same
        /// derivative formulas in a different order, each operation rounded once, over at most a few dozen operations
        /// whose partials stay below 1e3 here, so they differ by a few ulps of the gradient's norm; a wrong rule or a
        /// wrong branch is off by O(1).
        /// </summary>
        private static void AssertGradientMatchesDualNumbers(string name)
        {
            var (run, assembly) = LazyCompiled.Value;
            var function = run.Function("Constructs", "Case" + name);
            var gradient = assembly.GetType("Constructs").GetMethods(BindingFlags.Public | BindingFlags.Static).Single(m => m.Name == "Case" + name + "Gradient");
            var duals = new DualInterpreter(run.Functions);
            bool held = function.Parameters.Count == 3;
            foreach (var point in Points)
            {
                object[] arguments = held ? new object[] { point[0], point[1], 2.75, 0.0, 0.0 } : new object[] { point[0], point[1], 0.0, 0.0 };
                double value = (double)gradient.Invoke(null, arguments)!;
                double dx = (double)arguments[^2], dy = (double)arguments[^1];
                var (expectedValue, expected) = duals.Differentiate(function, held ? new[] { point[0], point[1], 2.75 } : point);
                string where = $"{name}({point[0]}, {point[1]})";
                // Equal as numbers: the graph folds 0 + t to t, so a zero may change sign (see ExpressionGraph's remarks).
                Assert.True(expectedValue == value, $"{where}: the gradient method returns {value:R}, the function's value is {expectedValue:R}");
                double error = Math.Sqrt(((dx - expected[0]) * (dx - expected[0])) + ((dy - expected[1]) * (dy - expected[1])));
                double norm = Math.Sqrt((expected[0] * expected[0]) + (expected[1] * expected[1]));
                Assert.True(
                    error <= 1e-13 * norm || error == 0,
                    $"{where}: generated ({dx:R}, {dy:R}), dual numbers ({expected[0]:R}, {expected[1]:R}), normwise error {error / norm:G3}");
            }
        }

        private static IEnumerable<FunctionExpr> Flatten(FunctionExpr expression)
        {
            yield return expression;
            IEnumerable<FunctionExpr> children = expression switch
            {
                FunctionNegate n => new[] { n.Operand },
                FunctionBinary b => new[] { b.Left, b.Right },
                FunctionMath m => m.Arguments,
                FunctionCall c => c.Arguments,
                FunctionConditional c => new[] { c.Condition, c.WhenTrue, c.WhenFalse },
                FunctionCompare c => new[] { c.Left, c.Right },
                FunctionLogical l => new[] { l.Left, l.Right },
                FunctionNot n => new[] { n.Operand },
                _ => Array.Empty<FunctionExpr>(),
            };
            foreach (var child in children.SelectMany(Flatten))
            {
                yield return child;
            }
        }
    }
}
