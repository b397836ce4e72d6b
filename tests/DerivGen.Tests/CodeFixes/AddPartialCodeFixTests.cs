using System.Threading.Tasks;
using DerivGen.CodeFixes;
using Xunit;
using Verify = DerivGen.Tests.CodeFixes.CodeFixVerifier<DerivGen.CodeFixes.AddPartialCodeFixProvider>;

namespace DerivGen.Tests.CodeFixes
{
    /// <summary><see cref="AddPartialCodeFixProvider"/>: DG0001 and DG0006 go away with <c>partial</c> where it belongs.</summary>
    public sealed class AddPartialCodeFixTests
    {
        [Fact]
        public Task NetworkWithModifiersGetsPartialBeforeTheKeyword() => Verify.VerifyAsync(
            """
            using DerivGen;

            [{|DG0001:Network(3)|}]
            [Dense(3, Activation.ReLU)]
            [Dense(1, Activation.Sigmoid)]
            public sealed class TinyNet { }
            """,
            """
            using DerivGen;

            [Network(3)]
            [Dense(3, Activation.ReLU)]
            [Dense(1, Activation.Sigmoid)]
            public sealed partial class TinyNet { }
            """);

        [Fact]
        public Task NetworkWithoutModifiersKeepsItsLayout() => Verify.VerifyAsync(
            """
            using DerivGen;

            namespace Demo
            {
                [{|DG0001:Network(2)|}]
                [Dense(1)]
                struct Line { }
            }
            """,
            """
            using DerivGen;

            namespace Demo
            {
                [Network(2)]
                [Dense(1)]
                partial struct Line { }
            }
            """);

        [Fact]
        public Task ContainingTypeGetsPartial() => Verify.VerifyAsync(
            """
            using DerivGen;

            public static partial class Models
            {
                public class Outer
                {
                    [{|DG0006:Network(2)|}]
                    [Dense(1)]
                    public partial class Net { }
                }
            }
            """,
            """
            using DerivGen;

            public static partial class Models
            {
                public partial class Outer
                {
                    [Network(2)]
                    [Dense(1)]
                    public partial class Net { }
                }
            }
            """);

        [Fact]
        public Task TypeOfDifferentiableMethodGetsPartial() => Verify.VerifyAsync(
            """
            using DerivGen;

            public static class Physics
            {
                [Differentiable]
                public static double {|DG0018:Energy|}(double x) => x * x;
            }
            """,
            """
            using DerivGen;

            public static partial class Physics
            {
                [Differentiable]
                public static double Energy(double x) => x * x;
            }
            """);

        [Fact]
        public Task EveryTypeEnclosingDifferentiableMethodGetsPartial() => Verify.VerifyAsync(
            """
            using DerivGen;

            public class Outer
            {
                public static class Physics
                {
                    [Differentiable]
                    public static double {|DG0018:{|DG0018:Energy|}|}(double x) => x * x;
                }
            }
            """,
            """
            using DerivGen;

            public partial class Outer
            {
                public static partial class Physics
                {
                    [Differentiable]
                    public static double Energy(double x) => x * x;
                }
            }
            """);
    }
}
