using System;
using Xunit;

namespace DerivGen.IntegrationTests.Training;

/// <summary>
/// Single steps of <see cref="Sgd"/> and <see cref="Adam"/> against values worked out by hand from the update rules
/// (the derivation is in each test's comments; the decimal expansions of the irrational ones were taken to 40 digits
/// by exact decimal arithmetic, not by running the optimisers). A step rounds a handful of times, so each value must
/// match to 4e-16 relative to max(1, |expected|): about two units in the last place of numbers near 1.
/// Adam's moment estimates are checked relative to their own size (see <c>AssertMoments</c>).
/// </summary>
public sealed class OptimizerStepTests
{
    [Fact]
    public void Sgd_without_momentum_steps_against_the_gradient()
    {
        // θ ← θ − η·g with η = 0.1:
        //   1    − 0.1·0.5  = 0.95
        //   −2   − 0.1·(−4) = −1.6
        //   0.25 − 0.1·0    = 0.25
        double[] parameters = [1.0, -2.0, 0.25];
        var sgd = new Sgd(3, learningRate: 0.1);

        sgd.Step(parameters, [0.5, -4.0, 0.0]);

        AssertClose([0.95, -1.6, 0.25], parameters);
    }

    [Fact]
    public void Sgd_with_momentum_keeps_a_velocity()
    {
        // v ← μ·v + g, θ ← θ − η·v with η = 0.1, μ = 0.9, v₀ = 0:
        // step 1, g = [0.5, −4]:  v = [0.5, −4]                                 θ = [1 − 0.05, −2 + 0.4]     = [0.95, −1.6]
        // step 2, g = [−1, 2]:    v = [0.45 − 1, −3.6 + 2]       = [−0.55, −1.6]  θ = [0.95 + 0.055, −1.6 + 0.16] = [1.005, −1.44]
        // step 3, g = [0, 0]:     v = [0.9·(−0.55), 0.9·(−1.6)] = [−0.495, −1.44] θ = [1.005 + 0.0495, −1.44 + 0.144] = [1.0545, −1.296]
        double[] parameters = [1.0, -2.0];
        var sgd = new Sgd(2, learningRate: 0.1, momentum: 0.9);

        sgd.Step(parameters, [0.5, -4.0]);
        AssertClose([0.95, -1.6], parameters);
        AssertClose([0.5, -4.0], sgd.Velocity);

        sgd.Step(parameters, [-1.0, 2.0]);
        AssertClose([1.005, -1.44], parameters);
        AssertClose([-0.55, -1.6], sgd.Velocity);

        sgd.Step(parameters, [0.0, 0.0]);
        AssertClose([1.0545, -1.296], parameters);
        AssertClose([-0.495, -1.44], sgd.Velocity);
    }

    [Fact]
    public void Sgd_with_zero_momentum_is_plain_sgd_on_every_step()
    {
        // With μ = 0 the second step must not remember the first: θ = [1, −2] − 0.1·[0.5, −4] − 0.1·[−1, 2]
        //                                                              = [1 − 0.05 + 0.1, −2 + 0.4 − 0.2] = [1.05, −1.8]
        double[] parameters = [1.0, -2.0];
        var sgd = new Sgd(2, learningRate: 0.1, momentum: 0.0);

        sgd.Step(parameters, [0.5, -4.0]);
        sgd.Step(parameters, [-1.0, 2.0]);

        AssertClose([1.05, -1.8], parameters);
    }

    [Fact]
    public void Adam_first_two_steps_match_the_paper()
    {
        // Kingma & Ba, algorithm 1, with η = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8, m₀ = v₀ = 0, θ₀ = [1, −2, 0.25, 3].
        //
        // Step 1 (t = 1), g = [0.5, −4, 1e-8, 0]:
        //   m = 0.1·g = [0.05, −0.4, 1e-9, 0]      v = 0.001·g² = [0.00025, 0.016, 1e-19, 0]
        //   m̂ = m / (1 − 0.9) = g                  v̂ = v / (1 − 0.999) = g², so √v̂ = |g|
        //   θ ← θ − 0.1·g / (|g| + 1e-8):
        //     1    − 0.05 / 0.50000001  = 1 − 0.1/(1 + 2e-8)     = 0.90000000199999996000000079999998...
        //     −2   + 0.4 / 4.00000001   = −2 + 0.1/(1 + 2.5e-9)  = −1.90000000024999999937500000156249...
        //     0.25 − 1e-9 / 2e-8        = 0.25 − 0.05            = 0.2   (ε is outside the root: half a step)
        //     3    − 0 / (0 + 1e-8)     = 3
        //
        // Step 2 (t = 2), g = [−1, 2, 1e-8, 0]:
        //   m = 0.9·m + 0.1·g = [0.045 − 0.1, −0.36 + 0.2, 0.9e-9 + 1e-9, 0] = [−0.055, −0.16, 1.9e-9, 0]
        //   v = 0.999·v + 0.001·g² = [0.00024975 + 0.001, 0.015984 + 0.004, 0.999e-19 + 1e-19, 0]
        //     = [0.00124975, 0.019984, 1.999e-19, 0]
        //   1 − β1² = 0.19, 1 − β2² = 0.001999
        //   m̂ = [−0.055/0.19, −0.16/0.19, 1e-8, 0]   v̂ = [0.00124975/0.001999, 0.019984/0.001999, 1e-16, 0]
        //   θ ← θ − 0.1·m̂ / (√v̂ + 1e-8):
        //     0.9000000019999999600… + 0.1·0.28947368421052631578… / (0.79068805351802307… + 1e-8)
        //                                                     = 0.93661035424056560281073769126803449…
        //     −1.9000000002499999993… + 0.1·0.84210526315789473684… / (3.16177337234375734… + 1e-8)
        //                                                     = −1.87336629636819555081590322551946267…
        //     0.2 − 0.1·1e-8 / (1e-8 + 1e-8) = 0.15
        //     3
        double[] parameters = [1.0, -2.0, 0.25, 3.0];
        var adam = new Adam(4, learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8);

        adam.Step(parameters, [0.5, -4.0, 1e-8, 0.0]);
        Assert.Equal(1, adam.StepCount);
        AssertMoments([0.05, -0.4, 1e-9, 0.0], adam.FirstMoment);
        AssertMoments([0.00025, 0.016, 1e-19, 0.0], adam.SecondMoment);
        AssertClose([0.900000001999999960000000799999984, -1.90000000024999999937500000156249999, 0.2, 3.0], parameters);

        adam.Step(parameters, [-1.0, 2.0, 1e-8, 0.0]);
        Assert.Equal(2, adam.StepCount);
        AssertMoments([-0.055, -0.16, 1.9e-9, 0.0], adam.FirstMoment);
        AssertMoments([0.00124975, 0.019984, 1.999e-19, 0.0], adam.SecondMoment);
        AssertClose([0.936610354240565602810737691268034, -1.87336629636819555081590322551946268, 0.15, 3.0], parameters);
    }

    [Fact]
    public void Adam_with_beta1_zero_is_RMSProp_with_bias_correction()
    {
        // β1 = 0: m = g, m̂ = g. β2 = 0.5, so after step 1 v = 0.5·g², v̂ = g²; after step 2 v = 0.25·g₁² + 0.5·g₂²,
        // v̂ = v / 0.75. With g₁ = 2, g₂ = 1, η = 1, ε = 1e-8:
        //   step 1: θ = 0 − 2/(2 + 1e-8)                 = −0.999999995000000025 (−1/(1 + 5e-9))
        //   step 2: v̂ = (0.25·4 + 0.5·1)/0.75 = 2, θ = θ − 1/(√2 + 1e-8)
        //           = −0.999999995000000025 − 0.70710677618654759… = −1.70710677118654758…
        double[] parameters = [0.0];
        var adam = new Adam(1, learningRate: 1.0, beta1: 0.0, beta2: 0.5, epsilon: 1e-8);

        adam.Step(parameters, [2.0]);
        AssertClose([-0.999999995000000025], parameters);

        adam.Step(parameters, [1.0]);
        AssertClose([-1.70710677118654758476], parameters);
    }

    [Fact]
    public void Float_steps_compute_in_double_and_round_once()
    {
        // The same hand values as above, each rounded once to float.
        float[] sgdParameters = [1.0f, -2.0f];
        var sgd = new Sgd(2, learningRate: 0.1, momentum: 0.9);
        sgd.Step(sgdParameters, [0.5f, -4.0f]);
        sgd.Step(sgdParameters, [-1.0f, 2.0f]);
        sgd.Step(sgdParameters, [0.0f, 0.0f]);
        Assert.Equal([(float)1.0545, (float)-1.296], sgdParameters);

        float[] adamParameters = [1.0f, -2.0f, 0.25f, 3.0f];
        var adam = new Adam(4, learningRate: 0.1);
        adam.Step(adamParameters, [0.5f, -4.0f, 1e-8f, 0.0f]);
        Assert.Equal([(float)0.900000002, (float)-1.90000000025, 0.2f, 3.0f], adamParameters);
    }

    [Fact]
    public void Reset_forgets_every_step()
    {
        double[] once = [1.0, -2.0];
        double[] again = [1.0, -2.0];
        var adam = new Adam(2, learningRate: 0.1);
        var sgd = new Sgd(2, learningRate: 0.1, momentum: 0.9);

        adam.Step(once, [0.5, -4.0]);
        sgd.Step(once, [0.5, -4.0]);
        adam.Reset();
        sgd.Reset();
        Assert.Equal(0, adam.StepCount);
        Assert.Equal([0.0, 0.0], adam.FirstMoment.ToArray());
        Assert.Equal([0.0, 0.0], adam.SecondMoment.ToArray());
        Assert.Equal([0.0, 0.0], sgd.Velocity.ToArray());

        // After Reset a step is a first step again: Adam moves by ≈ η·sign(g), SGD with momentum by η·g.
        adam.Step(again, [0.5, -4.0]);
        sgd.Step(again, [0.5, -4.0]);
        AssertClose([1.0 - 0.1 / (1 + 2e-8) - 0.05, -2.0 + 0.1 / (1 + 2.5e-9) + 0.4], again);
    }

    [Fact]
    public void Learning_rate_can_change_between_steps()
    {
        // θ = 1 − 0.1·1 − 0.01·1 = 0.89
        double[] parameters = [1.0];
        var sgd = new Sgd(1, learningRate: 0.1);
        sgd.Step(parameters, [1.0]);
        sgd.LearningRate = 0.01;
        sgd.Step(parameters, [1.0]);

        Assert.Equal(0.01, sgd.LearningRate);
        AssertClose([0.89], parameters);
    }

    // The moment estimates are checked relative to their own size, to 2e-15: 0.9 and 0.999 are not binary64 numbers,
    // and 1 − 0.999 comes out as 0.001·(1 + 8.9e-16).
    private static void AssertMoments(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual) =>
        AssertClose(expected, actual, relative: 2e-15);

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double relative = 0.0)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            double tolerance = relative > 0.0
                ? relative * Math.Abs(expected[k])
                : 4e-16 * Math.Max(1.0, Math.Abs(expected[k]));

            Assert.True(
                Math.Abs(actual[k] - expected[k]) <= tolerance,
                FormattableString.Invariant($"[{k}]: expected {expected[k]:R}, got {actual[k]:R} (difference {actual[k] - expected[k]:R}, tolerance {tolerance:R})"));
        }
    }
}
