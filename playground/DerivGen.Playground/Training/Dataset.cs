using System;

namespace DerivGen.Playground.Training;

/// <summary>
/// A data set as the generated batch methods take it: inputs and targets as row-major blocks, one row per sample.
/// </summary>
public sealed class Dataset
{
    /// <summary>Wraps the blocks; <paramref name="inputs"/> and <paramref name="targets"/> must hold the same number of rows.</summary>
    public Dataset(double[] inputs, double[] targets, int inputCount, int outputCount)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        if (inputs.Length % inputCount != 0 || targets.Length != inputs.Length / inputCount * outputCount)
        {
            throw new ArgumentException("The input and target blocks do not hold the same number of rows.", nameof(targets));
        }

        Inputs = inputs;
        Targets = targets;
        InputCount = inputCount;
        OutputCount = outputCount;
        Rows = inputs.Length / inputCount;
    }

    /// <summary>Rows × InputCount values.</summary>
    public double[] Inputs { get; }

    /// <summary>Rows × OutputCount values.</summary>
    public double[] Targets { get; }

    /// <summary>The values in one input row.</summary>
    public int InputCount { get; }

    /// <summary>The values in one target row.</summary>
    public int OutputCount { get; }

    /// <summary>The number of samples.</summary>
    public int Rows { get; }

    /// <summary>The inputs of rows [start, start + count).</summary>
    public ReadOnlySpan<double> InputRows(int start, int count) => Inputs.AsSpan(start * InputCount, count * InputCount);

    /// <summary>The targets of rows [start, start + count).</summary>
    public ReadOnlySpan<double> TargetRows(int start, int count) => Targets.AsSpan(start * OutputCount, count * OutputCount);

    /// <summary>Puts the rows in a random order (Fisher–Yates, swapping input and target rows together), in place.</summary>
    public void Shuffle(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = Rows - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            SwapRows(Inputs, InputCount, i, j);
            SwapRows(Targets, OutputCount, i, j);
        }
    }

    private static void SwapRows(double[] block, int width, int i, int j)
    {
        for (int k = 0; k < width; k++)
        {
            (block[(i * width) + k], block[(j * width) + k]) = (block[(j * width) + k], block[(i * width) + k]);
        }
    }
}
