using System.Threading.Tasks;
using DerivGen.CodeFixes;
using Xunit;
using Verify = DerivGen.Tests.CodeFixes.CodeFixVerifier<DerivGen.CodeFixes.RenameCollidingMemberCodeFixProvider>;

namespace DerivGen.Tests.CodeFixes
{
    /// <summary><see cref="RenameCollidingMemberCodeFixProvider"/>: DG0013 on a user's member renames it with its references.</summary>
    public sealed class RenameCollidingMemberCodeFixTests
    {
        [Fact]
        public Task AMethodNamedForwardIsRenamedWithItsCallers() => Verify.VerifyAsync(
            """
            using DerivGen;

            [Network(2)]
            [Dense(1)]
            public partial class Net
            {
                public static double {|DG0013:Forward|}(double x) => 2 * x;

                public static double Twice(double x) => Forward(Forward(x));
            }
            """,
            """
            using DerivGen;

            [Network(2)]
            [Dense(1)]
            public partial class Net
            {
                public static double MyForward(double x) => 2 * x;

                public static double Twice(double x) => MyForward(MyForward(x));
            }
            """);

        [Fact]
        public Task AFieldNamedLikeABiasSkipsANameAlreadyTaken() => Verify.VerifyAsync(
            """
            using DerivGen;

            [Network(2)]
            [Dense(1)]
            public partial class Net
            {
                private readonly double {|DG0013:b1|};
                private readonly double MyB1;

                public double Sum => b1 + MyB1;
            }
            """,
            """
            using DerivGen;

            [Network(2)]
            [Dense(1)]
            public partial class Net
            {
                private readonly double MyB12;
                private readonly double MyB1;

                public double Sum => MyB12 + MyB1;
            }
            """);

        [Fact]
        public Task ATypeParameterNamedLikeAGeneratedMemberGetsNoFix() => Verify.VerifyNoFixAsync(
            """
            using DerivGen;

            [{|DG0013:Network(2)|}]
            [Dense(1)]
            public partial class Net<Loss> { }
            """);
    }
}
