using System;

namespace DerivGen.Playground.Training;

/// <summary>The three training sets, made in code from a seed.</summary>
public static class SampleData
{
    /// <summary>The four XOR rows: inputs {0, 1}², target 1 when exactly one input is 1.</summary>
    public static Dataset Xor() => new(
        inputs: [0, 0, 0, 1, 1, 0, 1, 1],
        targets: [0, 1, 1, 0],
        inputCount: 2,
        outputCount: 1);

    /// <summary>
    /// Two interleaving half circles (scikit-learn's <c>make_moons</c>): <paramref name="count"/>/2 points on the upper
    /// arc (cos t, sin t) and the rest on the lower arc (1 − cos t, 0.5 − sin t), t evenly spaced in [0, π], plus
    /// Gaussian noise of standard deviation <paramref name="noise"/> on each coordinate. Targets are one-hot: [1, 0] for
    /// the upper moon, [0, 1] for the lower.
    /// </summary>
    public static Dataset TwoMoons(int count, double noise, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 4);
        var random = new Random(seed);
        var inputs = new double[count * 2];
        var targets = new double[count * 2];
        int upper = count / 2;
        for (int i = 0; i < count; i++)
        {
            bool isUpper = i < upper;
            int index = isUpper ? i : i - upper;
            int ofArc = isUpper ? upper : count - upper;
            double t = Math.PI * index / (ofArc - 1);
            double x = isUpper ? Math.Cos(t) : 1 - Math.Cos(t);
            double y = isUpper ? Math.Sin(t) : 0.5 - Math.Sin(t);
            inputs[2 * i] = x + (noise * Gaussian(random));
            inputs[(2 * i) + 1] = y + (noise * Gaussian(random));
            targets[(2 * i) + (isUpper ? 0 : 1)] = 1;
        }

        return new Dataset(inputs, targets, inputCount: 2, outputCount: 2);
    }

    /// <summary><paramref name="count"/> points x drawn uniformly from [−π, π], with targets sin x.</summary>
    public static Dataset Sine(int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new double[count];
        var targets = new double[count];
        for (int i = 0; i < count; i++)
        {
            inputs[i] = Math.PI * ((2 * random.NextDouble()) - 1);
            targets[i] = Math.Sin(inputs[i]);
        }

        return new Dataset(inputs, targets, inputCount: 1, outputCount: 1);
    }

    /// <summary><paramref name="count"/> evenly spaced points on [−π, π] (both ends included), with targets sin x.</summary>
    public static Dataset SineGrid(int count)
    {
        var inputs = new double[count];
        var targets = new double[count];
        for (int i = 0; i < count; i++)
        {
            inputs[i] = -Math.PI + (2 * Math.PI * i / (count - 1));
            targets[i] = Math.Sin(inputs[i]);
        }

        return new Dataset(inputs, targets, inputCount: 1, outputCount: 1);
    }

    /// <summary>A standard normal sample (Box–Muller; the first of the pair).</summary>
    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // in (0, 1], so the log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
