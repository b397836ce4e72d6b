using System.Threading.Tasks;
using DerivGen.CodeFixes;
using Xunit;
using Verify = DerivGen.Tests.CodeFixes.CodeFixVerifier<DerivGen.CodeFixes.MakeStaticCodeFixProvider>;

namespace DerivGen.Tests.CodeFixes
{
    /// <summary><see cref="MakeStaticCodeFixProvider"/>: DG0017 goes away with <c>static</c> after the accessibility.</summary>
    public sealed class MakeStaticCodeFixTests
    {
        [Fact]
        public Task InstanceMethodGetsStaticAfterItsAccessibility() => Verify.VerifyAsync(
            """
            using System;
            using DerivGen;

            public partial class Physics
            {
                [Differentiable]
                public double {|DG0017:Energy|}(double x, double v) => 0.5 * v * v + 9.81 * (1 - Math.Cos(x));
            }
            """,
            """
            using System;
            using DerivGen;

            public partial class Physics
            {
                [Differentiable]
                public static double Energy(double x, double v) => 0.5 * v * v + 9.81 * (1 - Math.Cos(x));
            }
            """);

        [Fact]
        public Task MethodWithoutModifiersKeepsItsLayout() => Verify.VerifyAsync(
            """
            using DerivGen;

            partial struct Physics
            {
                [Differentiable]
                double {|DG0017:Square|}(double x) => x * x;
            }
            """,
            """
            using DerivGen;

            partial struct Physics
            {
                [Differentiable]
                static double Square(double x) => x * x;
            }
            """);
    }
}
