using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// The generated <c>EvalGradient</c> of every case of <c>References/functions</c>, all compiled in one compilation with
    /// warnings at level 9999 and nullable on: the value within 1e-14 relative and the gradient within 1e-13 normwise of the
    /// 50-digit references (the metric of that folder's README; a NaN or ∞ fails).
    /// </summary>
    /// <remarks>
    /// The references are read as their correctly rounded doubles, which differ from the 30 digits by at most half an ulp
    /// (1.1e-16 relative), three orders below the thresholds.
    /// </remarks>
    public sealed class FunctionGradientReferenceTests
    {
        private static readonly Lazy<FunctionRun> LazyRun = new(() =>
            FunctionRun.Of(FunctionReferenceCase.All.Select(c => c.CSharp).ToArray()));

        [Fact]
        public void GeneratedGradientsCompileWithoutWarnings()
        {
            FunctionRun run = LazyRun.Value;
            Assert.Null(run.Run.Exception);
            Assert.True(run.Diagnostics.IsEmpty(), GeneratorRun.Describe(run.Diagnostics));
            // The cases' own code has warnings of its own (CS1717 in one); the generated files must have none.
            var generated = run.Run.OutputDiagnostics.Where(d => !run.Run.Input.SyntaxTrees.Contains(d.Location.SourceTree)).ToArray();
            Assert.True(generated.Length == 0, GeneratorRun.Describe(generated));
            Assert.DoesNotContain(run.Run.OutputDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
            Assert.Equal(FunctionReferenceCase.All.Count, run.Run.HintNames.Count(h => h.EndsWith(".Gradients.DerivGen.g.cs", StringComparison.Ordinal)));
        }

        [Fact]
        public void EveryGradientMatchesTheReferenceAtEveryPoint()
        {
            FunctionRun run = LazyRun.Value;
            using CollectibleAssembly assembly = CollectibleAssembly.Load(run.Run.Output);
            int points = 0;
            double worstValue = 0, worstGradient = 0;
            foreach (FunctionReferenceCase c in FunctionReferenceCase.All)
            {
                MethodInfo gradient = assembly.GetType(c.Name).GetMethod("EvalGradient", BindingFlags.Public | BindingFlags.Static)
                    ?? throw new Xunit.Sdk.XunitException($"{c.Name} has no EvalGradient.");
                foreach (FunctionReferencePoint point in c.Points)
                {
                    object[] arguments = point.Args.Cast<object>().Concat(Enumerable.Repeat<object>(0.0, c.Arity)).ToArray();
                    double value = (double)gradient.Invoke(null, arguments)!;
                    double[] actual = arguments.Skip(c.Arity).Select(a => (double)a).ToArray();
                    string at = $"{c.Name} at ({string.Join(", ", point.Args.Select(a => a.ToString("R", CultureInfo.InvariantCulture)))})";

                    double valueError = Math.Abs(value - point.Value) / Math.Abs(point.Value);
                    Assert.True(valueError <= 1e-14, $"{at}: value {value:R}, reference {point.Value:R} (relative error {valueError:E2})");
                    Assert.True(actual.All(double.IsFinite), $"{at}: gradient [{string.Join(", ", actual)}] is not finite");
                    double scale = point.Gradient.Max(Math.Abs);
                    double gradientError = actual.Zip(point.Gradient, (a, r) => Math.Abs(a - r)).Max() / scale;
                    Assert.True(gradientError <= 1e-13,
                        $"{at}: gradient [{string.Join(", ", actual.Select(a => a.ToString("R", CultureInfo.InvariantCulture)))}], reference [{string.Join(", ", point.Gradient.Select(a => a.ToString("R", CultureInfo.InvariantCulture)))}] (normwise error {gradientError:E2})");
                    worstValue = Math.Max(worstValue, valueError);
                    worstGradient = Math.Max(worstGradient, gradientError);
                    points++;
                }
            }

            Assert.True(points >= 453, $"only {points} points");
            Console.WriteLine($"{points} points: worst value error {worstValue:E2}, worst gradient error {worstGradient:E2}");
        }
    }
}
