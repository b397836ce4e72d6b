using System;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// One test per diagnostic of [Differentiable], [NoDerivative], [Derivative], ActivationMethod and LossMethod: the
    /// exact ID, severity Error, the exact span (marked [|...|]), the message argument, and no generator exception;
    /// then negative cases where valid input gets none.
    /// </summary>
    public sealed class FunctionDiagnosticTests
    {
        private const string Usings = "using System;\nusing DerivGen;\n\n";

        [Fact]
        public void DG0017_InstanceMethodIsReportedOnItsName() => AssertSingle("DG0017", """
            public partial class C
            {
                [Differentiable] public double [|F|](double x) => x * x;
            }
            """, "'F'");

        [Fact]
        public void DG0018_TypeThatIsNotPartialIsReportedOnTheMethodName() => AssertSingle("DG0018", """
            public static class Plain
            {
                [Differentiable] public static double [|F|](double x) => x * x;
            }
            """, "'Plain'");

        [Fact]
        public void DG0018_EnclosingTypeThatIsNotPartialIsReported() => AssertSingle("DG0018", """
            public class Outer
            {
                public static partial class Inner
                {
                    [Differentiable] public static double [|F|](double x) => x * x;
                }
            }
            """, "'Outer'");

        [Theory]
        [InlineData("public static double F(double x, [|float|] y) => x;", "float parameter 'y'")]
        [InlineData("public static double F([|ref double x|]) => x;", "ref parameter 'x'")]
        [InlineData("public static double F([|in double x|]) => x;", "in parameter 'x'")]
        [InlineData("public static double F([|params double[] x|]) => 0;", "params parameter 'x'")]
        [InlineData("public static [|int|] F(double x) => 0;", "returns int")]
        [InlineData("public static double F[|()|] => 0;", "has 0 parameters")]
        [InlineData("public static double F(double x, [|string|] s) => x;", "parameter 's' of type string")]
        [InlineData("public static double F[|<T>|](double x) => x;", "has type parameters")]
        public void DG0019_UnsupportedSignatureIsReportedOnTheOffendingPart(string method, string argument) =>
            AssertSingle("DG0019", "public static partial class C\n{\n    [Differentiable] " + method + "\n}\n", argument);

        [Fact]
        public void DG0019_MoreThan32ParametersIsReportedOnTheParameterList()
        {
            string parameters = string.Join(", ", Enumerable.Range(0, 33).Select(i => "double x" + i.ToString(CultureInfo.InvariantCulture)));
            AssertSingle("DG0019", "public static partial class C\n{\n    [Differentiable] public static double F[|(" + parameters + ")|] => x0;\n}\n", "33 parameters");
        }

        [Fact]
        public void DG0019_LocalFunctionIsReportedOnItsName() => AssertSingle("DG0019", """
            public static partial class C
            {
                public static double G(double x)
                {
                    return L(x);
                    [Differentiable] static double [|L|](double z) => z * z;
                }
            }
            """, "local function");

        [Theory]
        [InlineData("{ double s = 0; [|while (s < x) { s += 1; }|] return s; }", "A while loop")]
        [InlineData("{ double s = 0; [|do { s += 1; } while (s < x);|] return s; }", "A do loop")]
        [InlineData("{ double s = 0; [|foreach (var v in new[] { 1.0, 2.0 }) { s += v * x; }|] return s; }", "A foreach loop")]
        [InlineData("{ [|switch (x > 0) { case true: return x; default: return -x; }|] }", "A switch statement")]
        [InlineData("{ [|Field = x|]; return x; }", "Writing to field 'Field'")]
        [InlineData("=> x * [|Field|];", "Reading field 'Field'")]
        [InlineData("=> x * [|Property|];", "Reading property 'Property'")]
        [InlineData("=> [|x % 2.0|];", "The operator '%'")]
        [InlineData("{ double s = 0; for (int i = 0; i < 3; i++) { s += x; [|break;|] } return s; }", "A break statement")]
        [InlineData("{ [|Func<double, double>|] f = z => z * x; return x; }", "A local of type System.Func<double, double>")]
        [InlineData("{ [|int|] n = (int)x; return n; }", "A local of type int")]
        public void DG0020_UnsupportedSyntaxIsReportedOnThatNode(string body, string argument) =>
            AssertSingle("DG0020", "public static partial class C\n{\n    public static double Field = 1.0;\n    public static double Property => 2.0;\n\n    [Differentiable] public static double F(double x) " + body + "\n}\n", argument, allowCompilerErrors: true);

        [Fact]
        public void DG0020_UnsupportedStatementInUnreachableCodeIsStillReported() => AssertSingle("DG0020", """
            public static partial class C
            {
                [Differentiable] public static double F(double x) { if (1 > 0) { return x; } [|while (x > 0) { x -= 1; }|] return x; }
            }
            """, "A while loop");

        [Fact]
        public void BodyWithSyntaxErrorsIsLeftToTheCompiler()
        {
            var run = FunctionRun.Of(Usings + "public static partial class C\n{\n    [Differentiable] public static double F(double x) { var t = x * ; return t; }\n}\n");
            Assert.Null(run.Run.Exception);
            Assert.Empty(run.Diagnostics);
            Assert.Empty(run.Functions);
            Assert.Contains(run.Run.Input.GetDiagnostics(), d => d.Id == "CS1525");
        }

        [Theory]
        [InlineData("Floor")]
        [InlineData("Ceiling")]
        [InlineData("Round")]
        [InlineData("Truncate")]
        [InlineData("Sign")]
        public void DG0021_StepFunctionOfADifferentiableParameterIsReportedOnTheCall(string function) => AssertSingle("DG0021", $$"""
            public static partial class C
            {
                [Differentiable] public static double F(double x, [NoDerivative] double n) => x * Math.{{function}}(n) * [|Math.{{function}}(x * n)|];
            }
            """, $"'Math.{function}'");

        [Theory]
        [InlineData("[|Helper(x)|]", "'C.Helper'")]
        [InlineData("[|Math.Log2(x)|]", "'Math.Log2'")]
        [InlineData("[|Math.Log(x, 3.0)|]", "'Math.Log'")]
        [InlineData("[|Math.FusedMultiplyAdd(x, x, 1.0)|]", "'Math.FusedMultiplyAdd'")]
        [InlineData("[|double.Parse(\"1\")|]", "'Double.Parse'")]
        public void DG0022_CallWithoutADerivativeIsReportedOnTheCall(string call, string argument) => AssertSingle("DG0022", $$"""
            public static partial class C
            {
                public static double Helper(double z) => z * 2;

                [Differentiable] public static double F(double x) => 1.0 + {{call}};
            }
            """, argument);

        [Fact]
        public void DG0023_DirectRecursionIsReportedOnTheCall() => AssertSingle("DG0023", """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x < 0 ? x : [|F(x - 1)|];
            }
            """, "C.F → C.F");

        [Fact]
        public void DG0023_MutualRecursionIsReportedOnEachCallOfTheCycle()
        {
            var run = FunctionRun.Of(Usings + """
                public static partial class C
                {
                    [Differentiable] public static double A(double x) => x < 0 ? x : B(x - 1);
                    [Differentiable] public static double B(double x) => 2 * A(x);
                    [Differentiable] public static double Caller(double x) => A(x) + 1;
                }
                """);
            Assert.Null(run.Run.Exception);
            Assert.Equal(new[] { "DG0023", "DG0023" }, run.Diagnostics.Select(d => d.Id));
            Assert.Equal(new[] { "B(x - 1)", "A(x)" }, Located(run));
            Assert.Contains("C.A → C.B → C.A", run.Diagnostics[0].GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.Empty(run.Resolved); // Caller calls into the cycle: it is not generated either, and not reported twice.
        }

        [Theory]
        [InlineData("{ double s = 0; [|for|] (int i = 0; i < x; i++) { s += x; } return s; }", "bound that is not a compile-time constant")]
        [InlineData("{ double s = 0; [|for|] (int i = 0; i < 3; i *= 2) { s += x; } return s; }", "step")]
        [InlineData("{ double s = 0; [|for|] (double i = 0; i < 3; i++) { s += x; } return s; }", "not an int")]
        [InlineData("{ double s = 0; [|for|] (int i = 0; s < x; i++) { s += x; } return s; }", "condition")]
        [InlineData("{ double s = 0; for (int i = 0; i < 3; i++) { s += x; [|i++|]; } return s; }", "assigns its counter 'i'")]
        public void DG0024_LoopThatCannotBeUnrolledIsReported(string body, string argument) =>
            AssertSingle("DG0024", "public static partial class C\n{\n    [Differentiable] public static double F(double x) " + body + "\n}\n", argument, allowCompilerErrors: true);

        [Fact]
        public void DG0025_LoopTooLargeToUnrollIsReportedOnItsKeyword() => AssertSingle("DG0025", """
            public static partial class C
            {
                [Differentiable] public static double F(double x) { double s = 0; [|for|] (int i = 0; i < 1000000; i++) { s += x * i; } return s; }
            }
            """, "20,000");

        [Fact]
        public void DG0025_EarlyReturnsThatMultiplyTheCodeAreReported()
        {
            // Each if with a return copies the rest of the method into both arms when its arm can also fall through.
            string ifs = string.Concat(Enumerable.Range(0, 30).Select(i => $"if (x > {i}) {{ if (x > {i}.5) return t; t = t * x; }} "));
            var run = FunctionRun.Of(Usings + "public static partial class C\n{\n    [Differentiable] public static double F(double x) { var t = x; " + ifs + "return t; }\n}\n");
            Assert.Null(run.Run.Exception);
            Assert.Equal("DG0025", Assert.Single(run.Diagnostics).Id);
        }

        [Theory]
        [InlineData("=> (float)[|Math.Exp(x)|];")]
        [InlineData("=> (float)[|(x * 0.5)|] + x;")]
        [InlineData("{ [|double|] t = x; return x; }")]
        public void DG0026_DoubleInAFloatMethodIsReportedOnTheFirstDoubleValue(string body) =>
            AssertSingle("DG0026", "public static partial class C\n{\n    [Differentiable] public static float F(float x) " + body + "\n}\n", "This double expression");

        [Theory]
        [InlineData("[Derivative([|\"Missing\"|])] public static double MissingDerivative(double z) => 1;", "has no method of that name")]
        [InlineData("[Derivative(nameof(G))] public static double [|GDerivative|](double z, double w) => 1;", "wrong shape")]
        [InlineData("[Derivative(nameof(G))] public double [|GDerivative|](double z) => 1;", "not static")]
        [InlineData("[Derivative(nameof(G))] public static float [|GDerivative|](float z) => 1;", "wrong shape")]
        [InlineData("[Derivative(nameof(G))] public static double GDerivative(double z) => 1;\n    [Derivative(nameof(G))] public static double [|GDerivative2|](double z) => 1;", "second rule for 'G'")]
        public void DG0027_InvalidDerivativeRuleIsReported(string rule, string argument) =>
            AssertSingle("DG0027", "public partial class C\n{\n    public static double G(double z) => Math.Floor(z);\n    " + rule + "\n}\n", argument);

        [Fact]
        public void DG0028_OrderOtherThanOneOrTwoIsReportedOnTheArgument() => AssertSingle("DG0028", """
            public static partial class C
            {
                [Differentiable([|Order = 3|])] public static double F(double x) => x * x;
            }
            """, "Order = 3");

        [Fact]
        public void DG0032_OrderTwoCallOfAMethodWithADerivativeRuleIsReportedOnTheCall() => AssertSingle("DG0032", """
            public static partial class C
            {
                public static double Step(double z) => Math.Floor(z);

                [Derivative(nameof(Step))] public static double StepDerivative(double z) => 0.0;

                [Differentiable(Order = 2)] public static double F(double x, double y) => x * [|Step(x + y)|];
            }
            """, "'F' reaches [Derivative] rule 'StepDerivative' of 'Step' through this call (C.F → C.Step)");

        [Fact]
        public void DG0032_RuleReachedThroughAnotherMethodIsReportedOnTheCallThatLeadsToIt() => AssertSingle("DG0032", """
            public static partial class C
            {
                public static double Step(double z) => Math.Floor(z);

                [Derivative(nameof(Step))] public static double StepDerivative(double z) => 0.0;

                [Differentiable] public static double G(double z) => z * Step(z);

                [Differentiable(Order = 2)] public static double F(double x) => [|G(x * x)|] + x;
            }
            """, "through this call (C.F → C.G → C.Step), and the rule is not itself differentiable, so it gives first derivatives only; "
            + "mark 'StepDerivative' [Differentiable] so that its body gives the second derivative, or remove the rule so that 'Step' is inlined and differentiated from its own body");

        [Fact]
        public void DG0032_GradientRuleSaysItCannotBeMadeDifferentiable() => AssertSingle("DG0032", """
            public static partial class C
            {
                public static double Step(double a, double b) => Math.Floor(a * b);

                [Derivative(nameof(Step))] public static double StepGradient(double a, double b, out double da, out double db) { da = 0; db = 0; return Step(a, b); }

                [Differentiable(Order = 2)] public static double F(double x) => [|Step(x, x)|] + x;
            }
            """, "a gradient rule (out parameters) cannot be [Differentiable]; remove the rule so that 'Step' is inlined and differentiated from its own body, or use Order = 1");

        [Fact]
        public void OrderTwoThroughADifferentiableRuleHasNoDiagnostic()
        {
            var run = FunctionRun.Of(Usings + """
                public static partial class C
                {
                    public static double Cube(double z) => z * z * z;

                    [Derivative(nameof(Cube))][Differentiable] public static double CubeDerivative(double z) => 3 * z * z;

                    [Differentiable(Order = 2)] public static double F(double x, double y) => Cube(x - y);
                }
                """);
            Assert.Null(run.Run.Exception);
            Assert.Empty(run.Diagnostics);
            Assert.Contains("public static double FHessian(", run.Run.Source("C.Gradients.DerivGen.g.cs").Text, StringComparison.Ordinal);
        }

        [Fact]
        public void OrderTwoWithoutRulesHasNoDiagnosticAndAHessian()
        {
            var run = FunctionRun.Of(Usings + """
                public static partial class C
                {
                    [Differentiable] public static double G(double z, [NoDerivative] double n) => z * Math.Floor(n);

                    [Differentiable(Order = 2)] public static double F(double x) => G(x * x, x) + x;
                }
                """);
            Assert.Null(run.Run.Exception);
            Assert.Empty(run.Run.OutputDiagnostics);
            string text = run.Run.Source("C.Gradients.DerivGen.g.cs").Text;
            Assert.True(text.Contains("public static double FHessian(double x, global::System.Span<double> gradient, global::System.Span<double> hessian)", StringComparison.Ordinal), text);
        }

        [Fact]
        public void DG0029_NoDerivativeOnAMethodThatIsNotDifferentiableIsReportedOnTheAttribute() => AssertSingle("DG0029", """
            public static partial class C
            {
                public static double F(double x, [[|NoDerivative|]] double n) => x * n;
            }
            """, "'n'");

        [Fact]
        public void DG0030_ActivationMethodThatIsNotDifferentiableIsReportedOnTheArgument() => AssertSingle("DG0030", """
            [Network(2)]
            [Dense(3, [|ActivationMethod = nameof(Swish)|])]
            [Dense(1)]
            public partial class Net
            {
                public static double Swish(double z) => z / (1 + Math.Exp(-z));
            }
            """, "not [Differentiable]");

        [Fact]
        public void DG0030_ActivationMethodTogetherWithAnActivationIsReportedOnTheActivation() => AssertSingle("DG0030", """
            [Network(2)]
            [Dense(3, [|Activation.Tanh|], ActivationMethod = nameof(Swish))]
            [Dense(1)]
            public partial class Net
            {
                [Differentiable] public static double Swish(double z) => z / (1 + Math.Exp(-z));
            }
            """, "Activation is Tanh");

        [Theory]
        [InlineData("[Differentiable] public static float Swish(float z) => z;", "shape")]
        [InlineData("[Differentiable] public static double Swish(double z, double w) => z;", "shape")]
        [InlineData("public static double Other(double z) => z;", "is not a method of 'Net'")]
        public void DG0030_ActivationMethodOfTheWrongShapeIsReported(string method, string argument) => AssertSingle("DG0030", $$"""
            [Network(2)]
            [Dense(3, [|ActivationMethod = "Swish"|])]
            [Dense(1)]
            public partial class Net
            {
                {{method}}
            }
            """, argument);

        [Fact]
        public void DG0031_LossMethodTogetherWithLossIsReportedOnTheLoss() => AssertSingle("DG0031", """
            [Network(2, [|Loss = LossFunction.Huber|], LossMethod = nameof(LogCosh))]
            [Dense(1)]
            public partial class Net
            {
                [Differentiable] public static double LogCosh(double output, double target) => Math.Log(Math.Cosh(output - target));
            }
            """, "remove the Loss argument");

        [Fact]
        public void DG0031_LossMethodOfTheWrongShapeIsReportedOnTheArgument() => AssertSingle("DG0031", """
            [Network(2, [|LossMethod = nameof(LogCosh)|])]
            [Dense(1)]
            public partial class Net
            {
                [Differentiable] public static double LogCosh(double error) => Math.Log(Math.Cosh(error));
            }
            """, "static double LogCosh(double output, double target)");

        [Fact]
        public void DG0013_MemberNamedLikeTheGeneratedGradientIsReportedOnThatMember() => AssertSingle("DG0013", """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * x;

                public static double [|FGradient|](double x, out double dx) { dx = 2 * x; return x * x; }
            }
            """, "'FGradient'");

        // ---- Negative cases ----------------------------------------------------------------------------------------

        [Fact]
        public void ValidFunctionsRulesAndNetworkMethodsGetNoDiagnostic()
        {
            var run = FunctionRun.Of(Usings + """
                public static partial class Outer
                {
                    public partial record struct Inner
                    {
                        [Differentiable(Order = 2)] public static double F(double x, [NoDerivative] double n) => x * Math.Floor(n);
                    }
                }

                public static partial class Rules
                {
                    public static double Step(double z) => Math.Floor(z);
                    [Derivative(nameof(Step))] public static double StepDerivative(double z) => 0.0;
                    [Differentiable] public static double UsesStep(double x) => Step(x) * x;
                }

                [Network(2, LossMethod = nameof(LogCosh))]
                [Dense(3, Activation.Identity, ActivationMethod = nameof(Swish))]
                [Dense(1, ActivationMethod = nameof(Swish))]
                public partial class Net
                {
                    [Differentiable] public static double Swish(double z) => z / (1 + Math.Exp(-z));
                    [Differentiable] public static double LogCosh(double output, double target) => Math.Log(Math.Cosh(output - target));
                }

                [Network(2, Precision = Precision.Single, LossMethod = nameof(LogCosh))]
                [Dense(1, ActivationMethod = nameof(Swish))]
                public partial class SingleNet
                {
                    [Differentiable] public static float Swish(float z) => z / (1 + MathF.Exp(-z));
                    [Differentiable] public static float LogCosh(float output, float target) => MathF.Log(MathF.Cosh(output - target));
                }
                """);
            Assert.Null(run.Run.Exception);
            Assert.True(run.Diagnostics.IsEmpty(), GeneratorRun.Describe(run.Diagnostics));
            Assert.True(run.Run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.Run.OutputDiagnostics));
            Assert.Equal(6, run.Resolved.Count);
            Assert.Equal(2, run.Function("Inner", "F").Order);
        }

        [Fact]
        public void OneFailingMethodDoesNotStopTheOthers()
        {
            var run = FunctionRun.Of(Usings + """
                public static partial class C
                {
                    [Differentiable] public static double Bad(double x) { double s = 0; while (s < x) { s += 1; } return s; }
                    [Differentiable] public static double Good(double x) => Math.Sin(x) * x;
                    [Differentiable] public static double CallsBad(double x) => Bad(x) + 1;
                }
                """);
            Assert.Null(run.Run.Exception);
            Assert.Equal("DG0020", Assert.Single(run.Diagnostics).Id); // CallsBad is not reported again: Bad's own error says it
            Assert.Equal("Good", Assert.Single(run.Resolved).Function.Name);
            Assert.Equal(Math.Sin(0.5) * 0.5, run.Evaluate(run.Function("C", "Good"), 0.5));
        }

        [Fact]
        public void EachUnsupportedNodeOfOneMethodIsReported()
        {
            var run = FunctionRun.Of(Usings + """
                public static partial class C
                {
                    public static double Field = 1.0;
                    [Differentiable] public static double F(double x) { double s = Field; while (s < x) { s += 1; } return s % 2.0 + Math.Floor(x); }
                }
                """);
            Assert.Equal(new[] { "DG0020", "DG0020", "DG0020", "DG0021" }, run.Diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
            Assert.Equal(new[] { "Field", "Math.Floor(x)", "s % 2.0", "while (s < x) { s += 1; }" }, Located(run).Order(StringComparer.Ordinal));
        }

        private static void AssertSingle(string id, string markup, string argument, bool allowCompilerErrors = false)
        {
            MarkedSource source = MarkedSource.Parse(Usings + markup);
            var run = FunctionRun.Of(source.Text);
            Assert.Null(run.Run.Exception);
            Diagnostic diagnostic = Assert.Single(run.Diagnostics);
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal("DerivGen", diagnostic.Descriptor.Category);
            Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
            Assert.Equal("Source0.cs", diagnostic.Location.GetLineSpan().Path);
            Assert.Equal(source.MarkedText, source.Text.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));

            string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains(argument, message, StringComparison.Ordinal);
            Assert.False(message.EndsWith('.'), $"{id}'s message ends with a period: {message}");
            Assert.DoesNotContain("{", message, StringComparison.Ordinal);
            if (!allowCompilerErrors)
            {
                Assert.DoesNotContain(run.Run.OutputDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            }
        }

        private static string[] Located(FunctionRun run) => run.Diagnostics.Select(d =>
            run.Run.Input.SyntaxTrees.Single(t => t.FilePath == d.Location.GetLineSpan().Path).GetText().ToString(d.Location.SourceSpan)).ToArray();
    }
}
