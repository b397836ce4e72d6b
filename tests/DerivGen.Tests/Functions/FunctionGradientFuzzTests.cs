using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// 300 seeded random valid bodies (locals, reassignments, if/else-if chains, early returns, unrolled loops, ?:, Max,
    /// Pow, calls from G to F): each generated <c>FGradient</c> and <c>GGradient</c> agrees with central finite differences.
    /// </summary>
    /// <remarks>
    /// A central difference with step h has truncation error h²·|f‴|/6 and rounding error about ε·|f|/h. The functions
    /// have kinks and jumps (Max, Abs, branches), where no difference quotient means anything, and regions where f‴ is
    /// huge; both show as two quotients (h = 1e-4 and 1e-5, relative to max(1, |x|)) that disagree, and such a point is
    /// skipped (at most a fifth of them may be). Where they agree to 1e-6 the smaller step is within about
    /// 1e-6 + 2e-11·|f| of the derivative, so the gradient must agree with it within 1e-6·max(1, |f|, |∂f|): a wrong rule,
    /// a wrong sign or a lost branch is off by far more.
    /// </remarks>
    public sealed class FunctionGradientFuzzTests
    {
        private const int Seed = 20261201;
        private const int Functions = 300;

        [Fact]
        public void RandomFunctionsAgreeWithCentralFiniteDifferences()
        {
            var cases = FunctionFuzzMutator.Generate(Seed, Functions).Where(c => c.Category == FunctionFuzzMutator.Valid).ToArray();
            Assert.Equal(Functions, cases.Length);
            FunctionRun run = FunctionRun.Of(cases.Select(c => c.Source).ToArray());
            Assert.Null(run.Run.Exception);
            Assert.True(run.Diagnostics.IsEmpty(), GeneratorRun.Describe(run.Diagnostics.Take(10)));
            var generated = run.Run.OutputDiagnostics.Where(d => !run.Run.Input.SyntaxTrees.Contains(d.Location.SourceTree)).ToArray();
            Assert.True(generated.Length == 0, GeneratorRun.Describe(generated.Take(10)));
            Assert.DoesNotContain(run.Run.OutputDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

            using CollectibleAssembly assembly = CollectibleAssembly.Load(run.Run.Output);
            var interpreter = new FunctionInterpreter(run.Functions);
            var random = new Random(Seed);
            var failures = new List<string>();
            int checkedPoints = 0, skipped = 0;
            foreach (var fuzzCase in cases)
            {
                Type type = assembly.GetType(fuzzCase.ClassName);
                var model = run.Function(fuzzCase.ClassName, "F");
                foreach (var name in new[] { "F", "G" })
                {
                    var function = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
                    var gradient = type.GetMethod(name + "Gradient", BindingFlags.Public | BindingFlags.Static)!;
                    int arity = function.GetParameters().Length;
                    for (int p = 0; p < 2; p++)
                    {
                        double[] point = Enumerable.Range(0, arity).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
                        object[] arguments = point.Cast<object>().Concat(Enumerable.Repeat<object>(0.0, arity)).ToArray();
                        double value = (double)gradient.Invoke(null, arguments)!;
                        double f = (double)function.Invoke(null, point.Cast<object>().ToArray())!;
                        // A value that overflows on the way (c/exp(sinh(24)) = c/∞ = 0, atan(log1p(−1)) = atan(−∞)) leaves f
                        // finite but its chain rule 0·∞: IEEE arithmetic has no finite answer there for code that applies the
                        // chain rule to the values as computed, so such points are not checked.
                        double[] fPoint = name == "F" ? point : new[] { point[0], point[0] };
                        if (!double.IsFinite(f) || !interpreter.StaysFinite(model, fPoint))
                        {
                            skipped++;
                            continue;
                        }

                        if (!value.Equals(f))
                        {
                            failures.Add($"{fuzzCase.ClassName}.{name}: gradient method returns {value:R}, the method {f:R}");
                        }

                        for (int i = 0; i < arity; i++)
                        {
                            double analytic = (double)arguments[arity + i];
                            double coarse = Central(function, point, i, 1e-4);
                            double fine = Central(function, point, i, 1e-5);
                            double scale = Math.Max(1, Math.Max(Math.Abs(f), Math.Abs(fine)));
                            if (!double.IsFinite(coarse) || !double.IsFinite(fine) || Math.Abs(coarse - fine) > 1e-6 * scale)
                            {
                                skipped++;
                                continue;
                            }

                            checkedPoints++;
                            if (!(Math.Abs(analytic - fine) <= 1e-6 * Math.Max(scale, Math.Abs(analytic))))
                            {
                                failures.Add($"{fuzzCase.ClassName}.{name} ∂/∂arg{i} at ({string.Join(", ", point.Select(a => a.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}): generated {analytic:R}, central difference {fine:R}\n{fuzzCase.Source}");
                            }
                        }
                    }
                }
            }

            Assert.True(failures.Count == 0, $"{failures.Count} failures of {checkedPoints} checks:\n" + string.Join("\n", failures.Take(5)));
            Assert.True(skipped * 5 <= checkedPoints + skipped, $"{skipped} of {checkedPoints + skipped} checks skipped");
            Console.WriteLine($"{checkedPoints} partial derivatives checked, {skipped} skipped near kinks or non-finite values");
        }

        private static double Central(MethodInfo function, double[] point, int argument, double relativeStep)
        {
            double h = relativeStep * Math.Max(1, Math.Abs(point[argument]));
            double At(double offset)
            {
                var shifted = point.Cast<object>().ToArray();
                shifted[argument] = point[argument] + offset;
                return (double)function.Invoke(null, shifted)!;
            }

            return (At(h) - At(-h)) / (2 * h);
        }
    }
}
