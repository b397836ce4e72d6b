using DerivGen.IntegrationTests.Networks;
using Xunit;

namespace DerivGen.IntegrationTests;

/// <summary>
/// The README's worked example with a custom activation and a custom loss (<see cref="TinyNetWithOwnFunctions"/>)
/// against the seeds' exact (50-digit) answers, as <see cref="TinyNetExactValueTests"/> checks the built-in form.
/// </summary>
/// <remarks>
/// 1e-14 per entry: the user's σ(z) = 1/(1 + e^−z) is differentiated as written, σ′ = e^−z/(1 + e^−z)², which has no
/// subtraction, so at z2 = 18.3 (σ′ ≈ 1.1e-8) it keeps every digit where σ(1 − σ) would keep about eight; the loss
/// (a − y)·(a − y) gives 2(a − y) as (a − y) + (a − y), exactly.
/// </remarks>
public sealed class OwnFunctionTwinTests
{
    private const double Tolerance = 1e-14;

    [Fact]
    public void Backward_gives_the_seeds_exact_loss_and_gradient()
    {
        var gradient = new double[TinyNetWithOwnFunctions.ParameterCount];
        double loss = TinyNetWithOwnFunctions.Backward(Seed331.Parameters(), Seed331.X, Seed331.Y, gradient);

        Seed331.AssertRelative(Seed331.Loss, loss, Tolerance, "L");
        var expected = Seed331.Gradient();
        for (int k = 0; k < gradient.Length; k++)
        {
            Seed331.AssertRelative(expected[k], gradient[k], Tolerance, $"dL/dθ[{k}]");
        }
    }

    [Fact]
    public void Forward_matches_the_built_in_network()
    {
        var own = new double[1];
        var builtIn = new double[1];
        TinyNetWithOwnFunctions.Forward(Seed331.Parameters(), Seed331.X, own);
        TinyNet.Forward(Seed331.Parameters(), Seed331.X, builtIn);

        Seed331.AssertRelative(Seed331.A2, own[0], Tolerance, "A2");
        Assert.Equal(builtIn[0], own[0], Tolerance);
    }
}
