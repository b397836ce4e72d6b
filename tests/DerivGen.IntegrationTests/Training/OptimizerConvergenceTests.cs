using System;
using Xunit;

namespace DerivGen.IntegrationTests.Training;

/// <summary>
/// Each optimiser minimises an ill-conditioned quadratic f(θ) = ½ Σ a_k (θ_k − c_k)², whose gradient a_k (θ_k − c_k)
/// is written out here (it is not a network's), from a fixed start, in double and in float.
/// </summary>
/// <remarks>
/// Curvatures a = [10, 1, 0.1], minimum c = [3, −2, 0.5], start θ₀ = 0. For gradient descent the error of each
/// coordinate shrinks by |1 − η a_k| per step, so with η = 0.1 the slowest one (a = 0.1) keeps 0.99ⁿ of its error:
/// 0.5 · 0.99²⁰⁰⁰ ≈ 9e-10 after 2,000 steps. Heavy-ball with μ = 0.9, η = 0.02 contracts at least as fast. Adam's
/// steps are about η in size whatever the gradient, so it is given a decaying η and a looser bound.
/// </remarks>
public sealed class OptimizerConvergenceTests
{
    private static readonly double[] Curvature = [10.0, 1.0, 0.1];
    private static readonly double[] Minimum = [3.0, -2.0, 0.5];

    [Fact]
    public void Sgd_converges_on_a_quadratic()
    {
        double[] theta = Minimise(new Sgd(3, learningRate: 0.1), steps: 2_000);
        AssertNear(Minimum, theta, 1e-8);
    }

    [Fact]
    public void Sgd_with_momentum_converges_on_a_quadratic()
    {
        double[] theta = Minimise(new Sgd(3, learningRate: 0.02, momentum: 0.9), steps: 2_000);
        AssertNear(Minimum, theta, 1e-8);
    }

    [Fact]
    public void Adam_converges_on_a_quadratic()
    {
        double[] theta = Minimise(new Adam(3, learningRate: 0.05), steps: 4_000, decay: 0.999);
        AssertNear(Minimum, theta, 1e-4);
    }

    [Fact]
    public void Float_overloads_converge_on_a_quadratic()
    {
        // float keeps about 7 digits, so the bound is 1e-5 for SGD (|θ| ≤ 3) and stays 1e-4 for Adam.
        AssertNear(Minimum, MinimiseSingle(new Sgd(3, learningRate: 0.1), steps: 2_000), 1e-5);
        AssertNear(Minimum, MinimiseSingle(new Sgd(3, learningRate: 0.02, momentum: 0.9), steps: 2_000), 1e-5);
        AssertNear(Minimum, MinimiseSingle(new Adam(3, learningRate: 0.05), steps: 4_000, decay: 0.999), 1e-4);
    }

    [Fact]
    public void Without_steps_nothing_converges()
    {
        // The check above can fail: one step of Adam from 0 leaves every coordinate about 2.9, 1.9, 0.4 away.
        double[] theta = Minimise(new Adam(3, learningRate: 0.05), steps: 1);
        Assert.True(Math.Abs(theta[0] - Minimum[0]) > 1.0);
    }

    private static double[] Minimise(IOptimizer optimizer, int steps, double decay = 1.0)
    {
        var theta = new double[3];
        var gradient = new double[3];
        for (int n = 0; n < steps; n++)
        {
            for (int k = 0; k < 3; k++)
            {
                gradient[k] = Curvature[k] * (theta[k] - Minimum[k]);
            }

            optimizer.Step(theta, gradient);
            optimizer.LearningRate *= decay;
        }

        return theta;
    }

    private static double[] MinimiseSingle(IOptimizer optimizer, int steps, double decay = 1.0)
    {
        var theta = new float[3];
        var gradient = new float[3];
        for (int n = 0; n < steps; n++)
        {
            for (int k = 0; k < 3; k++)
            {
                gradient[k] = (float)(Curvature[k] * (theta[k] - Minimum[k]));
            }

            optimizer.Step(theta, gradient);
            optimizer.LearningRate *= decay;
        }

        return Array.ConvertAll(theta, t => (double)t);
    }

    private static void AssertNear(double[] expected, double[] actual, double tolerance)
    {
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(
                Math.Abs(actual[k] - expected[k]) <= tolerance,
                FormattableString.Invariant($"θ[{k}] = {actual[k]:R}, expected {expected[k]:R} ± {tolerance:R}"));
        }
    }
}
