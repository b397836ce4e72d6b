using System;

namespace DerivGen.Benchmarks;

/// <summary>
/// The data a per-sample benchmark cycles through: <see cref="Count"/> samples (so that ReLU's branches are not one
/// fixed pattern), as row-major blocks for the span-based code and as one array per sample for the hand-written
/// code, plus parameters in the generated layout.
/// </summary>
public sealed class PerSampleData
{
    /// <summary>The number of samples a benchmark cycles through (a power of two).</summary>
    public const int Count = 16;

    private int _next;

    /// <summary>Makes deterministic data for inputs → hidden → outputs.</summary>
    /// <param name="oneHot">One-hot targets (classification) instead of U(−1, 1) ones (regression).</param>
    /// <param name="inputLow">The inputs are U(inputLow, 1).</param>
    public PerSampleData(int inputs, int hidden, int outputs, bool oneHot, double inputLow, int seed)
    {
        Inputs = inputs;
        Outputs = outputs;
        Parameters = Data.Parameters(inputs, hidden, outputs, seed);
        InputBlock = Data.Uniform(Count * inputs, inputLow, 1.0, seed + 1);
        TargetBlock = oneHot ? Data.OneHot(Count, outputs, seed + 2) : Data.Uniform(Count * outputs, -1.0, 1.0, seed + 2);
        InputRows = Data.Rows(InputBlock, inputs);
        TargetRows = Data.Rows(TargetBlock, outputs);
        Gradient = new double[Parameters.Length];
    }

    /// <summary>The sizes.</summary>
    public int Inputs { get; }

    /// <inheritdoc cref="Inputs"/>
    public int Outputs { get; }

    /// <summary>θ in the generated layout.</summary>
    public double[] Parameters { get; }

    /// <summary>A gradient buffer in the generated layout.</summary>
    public double[] Gradient { get; }

    /// <summary>The inputs and targets as row-major blocks.</summary>
    public double[] InputBlock { get; }

    /// <inheritdoc cref="InputBlock"/>
    public double[] TargetBlock { get; }

    /// <summary>The inputs and targets as one array per sample.</summary>
    public double[][] InputRows { get; }

    /// <inheritdoc cref="InputRows"/>
    public double[][] TargetRows { get; }

    /// <summary>The index of the next sample, cycling through <see cref="Count"/>.</summary>
    public int Next() => _next = (_next + 1) & (Count - 1);

    /// <summary>Sample <paramref name="sample"/>'s input as a span of the block.</summary>
    public ReadOnlySpan<double> Input(int sample) => InputBlock.AsSpan(sample * Inputs, Inputs);

    /// <summary>Sample <paramref name="sample"/>'s target as a span of the block.</summary>
    public ReadOnlySpan<double> Target(int sample) => TargetBlock.AsSpan(sample * Outputs, Outputs);
}
