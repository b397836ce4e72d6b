using System;

namespace DerivGen.Playground.Training;

/// <summary>What a task's figure of merit is.</summary>
public enum Metric
{
    /// <summary>Fraction of rows classified right: output ≥ 0.5 for one output, else the arg-max unit.</summary>
    Accuracy,

    /// <summary>Mean of (output − target)² over every output of every row.</summary>
    MeanSquaredError,
}

/// <summary>
/// One training problem: a generated network (through its static batch methods), its data, the optimiser and
/// schedule, and the figure it must reach. Everything random comes from <see cref="Seed"/>.
/// </summary>
public sealed class TrainingTask
{
    /// <summary>Short name, e.g. "XOR".</summary>
    public required string Name { get; init; }

    /// <summary>The architecture in words, e.g. "2-8-1 tanh/sigmoid, BCE".</summary>
    public required string Network { get; init; }

    /// <summary>The input count, then each layer's unit count (for the initialiser).</summary>
    public required int[] LayerSizes { get; init; }

    /// <summary>The network's <c>ParameterCount</c>.</summary>
    public required int ParameterCount { get; init; }

    /// <summary>The training rows.</summary>
    public required Dataset Train { get; init; }

    /// <summary>The rows the metric is measured on (the training set unless a separate grid is given).</summary>
    public required Dataset Evaluation { get; init; }

    /// <summary>The network's static <c>BackwardBatchMean</c>.</summary>
    public required BatchGradient BackwardBatchMean { get; init; }

    /// <summary>The network's static <c>LossBatchMean</c>.</summary>
    public required BatchLoss LossBatchMean { get; init; }

    /// <summary>The network's static <c>ForwardBatch</c>.</summary>
    public required BatchForward ForwardBatch { get; init; }

    /// <summary>Makes the optimiser for a parameter count.</summary>
    public required Func<int, IOptimizer> CreateOptimizer { get; init; }

    /// <summary>The optimiser in words, e.g. "Adam η = 0.01".</summary>
    public required string OptimizerName { get; init; }

    /// <summary>Passes over the training set.</summary>
    public required int Epochs { get; init; }

    /// <summary>Rows per optimiser step (the last batch of an epoch may be smaller).</summary>
    public required int BatchSize { get; init; }

    /// <summary>The learning rate for an epoch (1-based), given the optimiser's initial one; constant if null.</summary>
    public Func<int, double, double>? Schedule { get; init; }

    /// <summary>Seeds the initial parameters and the shuffling.</summary>
    public required int Seed { get; init; }

    /// <summary>The figure of merit.</summary>
    public required Metric Metric { get; init; }

    /// <summary>The figure to reach: at least this accuracy, or an MSE below this.</summary>
    public required double Target { get; init; }

    /// <summary>True when <paramref name="value"/> of <see cref="Metric"/> meets <see cref="Target"/>.</summary>
    public bool Meets(double value) => Metric == Metric.Accuracy ? value >= Target : value < Target;
}
