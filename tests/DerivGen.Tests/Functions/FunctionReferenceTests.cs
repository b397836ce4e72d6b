using System;
using System.Linq;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// Every case of <c>References/functions</c> parses without a diagnostic, and its IR, interpreted, gives the C# method's
    /// value: within 1e-14 of the 50-digit reference (correctly rounded), and bit for bit what the compiled C# returns.
    /// </summary>
    public sealed class FunctionReferenceTests
    {
        private static readonly Lazy<FunctionRun> LazyRun = new(() =>
            FunctionRun.Of(FunctionReferenceCase.All.Select(c => c.CSharp).ToArray()));

        [Fact]
        public void EveryCaseParsesWithoutDiagnosticsAndResolves()
        {
            FunctionRun run = LazyRun.Value;
            Assert.Null(run.Run.Exception);
            Assert.True(run.Diagnostics.IsEmpty(), GeneratorRun.Describe(run.Diagnostics));
            Assert.Equal(FunctionReferenceCase.All.Count, run.Functions.Count);
            Assert.Equal(FunctionReferenceCase.All.Count, run.Resolved.Count);
            Assert.True(FunctionReferenceCase.All.Count >= 146);
        }

        [Fact]
        public void InterpretedIrMatchesTheReferenceValuesToOneEMinus14()
        {
            FunctionRun run = LazyRun.Value;
            int points = 0;
            foreach (FunctionReferenceCase c in FunctionReferenceCase.All)
            {
                var function = run.Function(c.Name, "Eval");
                Assert.Equal(c.Arity, function.Parameters.Count);
                foreach (FunctionReferencePoint point in c.Points)
                {
                    double value = run.Evaluate(function, point.Args);
                    double error = Math.Abs(value - point.Value) / Math.Abs(point.Value);
                    Assert.True(error <= 1e-14, $"{c.Name} at ({string.Join(", ", point.Args.Select(a => a.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}): IR gives {value:R}, reference {point.Value:R} (relative error {error:E2})");
                    points++;
                }
            }

            Assert.True(points >= 453, $"only {points} points");
        }

        [Fact]
        public void InterpretedIrEqualsTheCompiledCSharpBitForBit()
        {
            FunctionRun run = LazyRun.Value;
            using CollectibleAssembly assembly = CollectibleAssembly.Load(run.Run.Output);
            foreach (FunctionReferenceCase c in FunctionReferenceCase.All)
            {
                MethodInfo eval = assembly.GetType(c.Name).GetMethod("Eval", BindingFlags.Public | BindingFlags.Static)!;
                var function = run.Function(c.Name, "Eval");
                foreach (FunctionReferencePoint point in c.Points)
                {
                    double expected = (double)eval.Invoke(null, point.Args.Cast<object>().ToArray())!;
                    double actual = run.Evaluate(function, point.Args);
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{c.Name}: C# gives {expected:R}, the IR {actual:R}");
                }
            }
        }
    }
}
