using System;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// Locks the generated text of a small function's gradient. Its values are proved right separately: the same method
    /// is checked against its hand-derived gradient below.
    /// </summary>
    public sealed class FunctionGradientSnapshotTests
    {
        private const string Source = """
            using System;
            using DerivGen;

            namespace Demo
            {
                public static partial class Physics
                {
                    [Differentiable]
                    public static double Energy(double x, double v)
                    {
                        var kinetic = 0.5 * v * v;
                        var potential = 9.81 * (1 - Math.Cos(x));
                        return x > 0 ? kinetic + potential : kinetic + Math.Log(1 + x * x);
                    }
                }
            }
            """;

        [Fact]
        public void EnergyGradient()
        {
            GeneratorRun run = GeneratorHarness.Run(Source);
            Assert.Null(run.Exception);
            Assert.True(run.OutputDiagnostics.IsEmpty, GeneratorRun.Describe(run.OutputDiagnostics));
            const string hintName = "Demo.Physics.Gradients.DerivGen.g.cs";
            SnapshotAssert.MatchesGeneratedSource(hintName, run.Source(hintName).Text);
        }

        [Fact]
        public void EnergyGradientIsTheHandDerivedGradient()
        {
            GeneratorRun run = GeneratorHarness.Run(Source);
            using CollectibleAssembly assembly = CollectibleAssembly.Load(run.Output);
            var method = assembly.GetType("Demo.Physics").GetMethod("EnergyGradient")!;
            foreach (var (x, v) in new[] { (0.8, -1.5), (-0.6, 2.0) })
            {
                object[] arguments = { x, v, 0.0, 0.0 };
                double value = (double)method.Invoke(null, arguments)!;
                double expected = x > 0 ? 0.5 * v * v + 9.81 * (1 - Math.Cos(x)) : 0.5 * v * v + Math.Log(1 + x * x);
                double dx = x > 0 ? 9.81 * Math.Sin(x) : 2 * x / (1 + x * x);
                Assert.Equal(expected, value, 1e-14);
                Assert.Equal(dx, (double)arguments[2], 1e-14);
                Assert.Equal(v, (double)arguments[3], 1e-14);
            }
        }
    }
}
