using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// The 300 seeded random bodies of <see cref="FunctionGradientFuzzTests"/> (locals, branches, early returns, unrolled
    /// loops, Max, Pow, G calling F), each F and G made Order = 2: every <c>{Name}Hessian</c> returns the
    /// method's value and <c>{Name}Gradient</c>'s gradient, is exactly symmetric, and agrees with central finite differences
    /// of the generated <c>{Name}Gradient</c>.
    /// </summary>
    /// <remarks>
    /// Column i of H is ∂∇f/∂xᵢ, differenced here from <c>{Name}Gradient</c> (exact to rounding, checked by the gradient fuzz
    /// test): a central difference with step h errs by h²·|∂³∇f|/6 (truncation) plus about ε·|∇f|/h (rounding). Where the
    /// gradient jumps (Max, Abs, a branch: f has a kink) or ∂³∇f is huge, no quotient means anything; both show as the
    /// quotients with h = 1e-4 and 1e-5 (relative to max(1, |x|)) disagreeing by more than 1e-6·scale, and that entry is
    /// skipped (at most a fifth may be, as in the gradient test; about 2% are). Where they agree, the finer one is within
    /// about 1e-6 + 2e-11·|∇f| of ∂∇f/∂xᵢ, so the
    /// Hessian entry must agree with it within 1e-6·max(1, |f|, |∇f|, |H|): a wrong rule, sign or lost branch is off by far more.
    /// </remarks>
    [Trait("Category", "Slow")] // ten compilations of 30 random Order = 2 methods
    public sealed class FunctionHessianFuzzTests
    {
        private const int Seed = 20261201;
        private const int Functions = 300;
        private const int BatchSize = 30;

        private delegate double Hessian1(double a, Span<double> gradient, Span<double> hessian);

        private delegate double Hessian2(double a, double b, Span<double> gradient, Span<double> hessian);

        [Fact]
        public void RandomHessiansAreSymmetricAndAgreeWithCentralDifferencesOfTheGradient()
        {
            var cases = FunctionFuzzMutator.Generate(Seed, Functions).Where(c => c.Category == FunctionFuzzMutator.Valid).ToArray();
            Assert.Equal(Functions, cases.Length);
            var sources = cases.Select(c => c.Source.Replace("[Differentiable] public static double", "[Differentiable(Order = 2)] public static double", StringComparison.Ordinal)).ToArray();
            Assert.All(sources, s => Assert.Equal(2, s.Split("[Differentiable(Order = 2)]").Length - 1));
            var random = new Random(Seed);
            var failures = new List<string>();
            int checkedEntries = 0, skipped = 0, skippedPoints = 0;

            // Ten compilations of 30 methods. FunctionRun turns on Roslyn's step tracking (to read the parsed models for the
            // interpreter), and with tracking one run over all 300 Order = 2 methods takes minutes; without it, as in a build,
            // the generator takes under 2 s for all 300 in one compilation.
            foreach (var batch in cases.Zip(sources).Chunk(BatchSize))
            {
                FunctionRun run = FunctionRun.Of(batch.Select(b => b.Second).ToArray());
                Assert.Null(run.Run.Exception);
                Assert.True(run.Diagnostics.IsEmpty(), GeneratorRun.Describe(run.Diagnostics.Take(10)));
                Assert.DoesNotContain(run.Run.OutputDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
                using CollectibleAssembly assembly = CollectibleAssembly.Load(run.Run.Output);
                Check(run, assembly, batch.Select(b => b.First), random, failures, ref checkedEntries, ref skipped, ref skippedPoints);
            }

            Assert.True(failures.Count == 0, $"{failures.Count} failures of {checkedEntries} checks:\n" + string.Join("\n", failures.Take(5)));
            Assert.True(skipped * 5 <= checkedEntries + skipped, $"{skipped} of {checkedEntries + skipped} entries skipped");
            Console.WriteLine($"{checkedEntries} Hessian entries checked, {skipped} skipped near kinks, {skippedPoints} points with non-finite values");
        }

        private static void Check(
            FunctionRun run, CollectibleAssembly assembly, IEnumerable<FunctionFuzzCase> cases, Random random, List<string> failures,
            ref int checkedEntries, ref int skipped, ref int skippedPoints)
        {
            var interpreter = new FunctionInterpreter(run.Functions);
            foreach (var fuzzCase in cases)
            {
                Type type = assembly.GetType(fuzzCase.ClassName);
                var model = run.Function(fuzzCase.ClassName, "F");
                foreach (var name in new[] { "F", "G" })
                {
                    var function = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;
                    var gradientMethod = type.GetMethod(name + "Gradient", BindingFlags.Public | BindingFlags.Static)!;
                    var hessianMethod = type.GetMethod(name + "Hessian", BindingFlags.Public | BindingFlags.Static)!;
                    int n = function.GetParameters().Length;
                    Hessian2 hessianOf = n == 2
                        ? hessianMethod.CreateDelegate<Hessian2>()
                        : Adapt(hessianMethod.CreateDelegate<Hessian1>());
                    double[] Gradient(double[] at)
                    {
                        object[] arguments = at.Cast<object>().Concat(Enumerable.Repeat<object>(0.0, n)).ToArray();
                        gradientMethod.Invoke(null, arguments);
                        return arguments.Skip(n).Cast<double>().ToArray();
                    }

                    for (int p = 0; p < 2; p++)
                    {
                        double[] point = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
                        double f = (double)function.Invoke(null, point.Cast<object>().ToArray())!;
                        double[] fPoint = name == "F" ? point : new[] { point[0], point[0] };
                        // As in the gradient test: a value that overflows on the way leaves no finite chain rule to check.
                        if (!double.IsFinite(f) || !interpreter.StaysFinite(model, fPoint))
                        {
                            skippedPoints++;
                            continue;
                        }

                        var gradient = new double[n];
                        var hessian = new double[n * n];
                        double value = hessianOf(point[0], n == 2 ? point[1] : 0, gradient, hessian);
                        string where = $"{fuzzCase.ClassName}.{name}Hessian at ({string.Join(", ", point.Select(a => a.ToString("R", CultureInfo.InvariantCulture)))})";
                        if (!value.Equals(f))
                        {
                            failures.Add($"{where}: returns {value:R}, the method {f:R}");
                        }

                        double[] expectedGradient = Gradient(point);
                        for (int i = 0; i < n; i++)
                        {
                            // G's Hessian inlines F where GGradient calls FGradient: the same terms, maybe summed in another order.
                            if (!(Math.Abs(gradient[i] - expectedGradient[i]) <= 1e-12 * Math.Max(1, Math.Abs(expectedGradient[i]))))
                            {
                                failures.Add($"{where}: gradient[{i}] = {gradient[i]:R}, {name}Gradient gives {expectedGradient[i]:R}");
                            }

                            for (int j = 0; j < n; j++)
                            {
                                if (!hessian[(i * n) + j].Equals(hessian[(j * n) + i]))
                                {
                                    failures.Add($"{where}: H[{i},{j}] = {hessian[(i * n) + j]:R} but H[{j},{i}] = {hessian[(j * n) + i]:R}");
                                }
                            }
                        }

                        for (int i = 0; i < n; i++)
                        {
                            double[] coarse = Central(Gradient, point, i, 1e-4);
                            double[] fine = Central(Gradient, point, i, 1e-5);
                            for (int j = 0; j < n; j++)
                            {
                                double analytic = hessian[(j * n) + i];
                                double scale = Math.Max(Math.Max(1, Math.Abs(f)), Math.Max(expectedGradient.Max(Math.Abs), Math.Abs(fine[j])));
                                if (!double.IsFinite(coarse[j]) || !double.IsFinite(fine[j]) || Math.Abs(coarse[j] - fine[j]) > 1e-6 * scale)
                                {
                                    skipped++;
                                    continue;
                                }

                                checkedEntries++;
                                if (!(Math.Abs(analytic - fine[j]) <= 1e-6 * Math.Max(scale, Math.Abs(analytic))))
                                {
                                    failures.Add($"{where}: H[{j},{i}] = {analytic:R}, central difference of {name}Gradient {fine[j]:R}\n{fuzzCase.Source}");
                                }
                            }
                        }
                    }
                }
            }

        }

        private static Hessian2 Adapt(Hessian1 hessian) => (a, _, gradient, h) => hessian(a, gradient, h);

        private static double[] Central(Func<double[], double[]> gradient, double[] point, int argument, double relativeStep)
        {
            double h = relativeStep * Math.Max(1, Math.Abs(point[argument]));
            double[] At(double offset)
            {
                var shifted = (double[])point.Clone();
                shifted[argument] = point[argument] + offset;
                return gradient(shifted);
            }

            double[] plus = At(h), minus = At(-h);
            return plus.Select((v, j) => (v - minus[j]) / (2 * h)).ToArray();
        }
    }
}
