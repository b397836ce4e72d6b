using System;

namespace DerivGen.Playground.Training;

/// <summary>
/// The three problems <c>dotnet run --project playground/DerivGen.Playground -- train</c> solves, with fixed seeds so
/// every run gives the same numbers. The integration tests train the same tasks and check the targets.
/// </summary>
public static class TrainingTasks
{
    /// <summary>XOR to 100% accuracy: full batch (4 rows), Adam.</summary>
    public static TrainingTask Xor() => new()
    {
        Name = "XOR",
        Network = "2-8-1 tanh → sigmoid, BCE",
        LayerSizes = [XorNet.InputCount, 8, XorNet.OutputCount],
        ParameterCount = XorNet.ParameterCount,
        Train = SampleData.Xor(),
        Evaluation = SampleData.Xor(),
        BackwardBatchMean = XorNet.BackwardBatchMean,
        LossBatchMean = XorNet.LossBatchMean,
        ForwardBatch = XorNet.ForwardBatch,
        CreateOptimizer = count => new Adam(count, learningRate: 0.05),
        OptimizerName = "Adam η = 0.05",
        Epochs = 500,
        BatchSize = 4,
        Seed = 1,
        Metric = Metric.Accuracy,
        Target = 1.0,
    };

    /// <summary>Two moons (300 points, noise 0.1) to at least 97% training accuracy: mini-batches of 32, Adam.</summary>
    public static TrainingTask TwoMoons() => new()
    {
        Name = "Two moons",
        Network = "2-16-16-2 tanh → softmax, CE",
        LayerSizes = [MoonsNet.InputCount, 16, 16, MoonsNet.OutputCount],
        ParameterCount = MoonsNet.ParameterCount,
        Train = SampleData.TwoMoons(300, noise: 0.1, seed: 2),
        Evaluation = SampleData.TwoMoons(300, noise: 0.1, seed: 2),
        BackwardBatchMean = MoonsNet.BackwardBatchMean,
        LossBatchMean = MoonsNet.LossBatchMean,
        ForwardBatch = MoonsNet.ForwardBatch,
        CreateOptimizer = count => new Adam(count, learningRate: 0.01),
        OptimizerName = "Adam η = 0.01",
        Epochs = 200,
        BatchSize = 32,
        Seed = 3,
        Metric = Metric.Accuracy,
        Target = 0.97,
    };

    /// <summary>
    /// y = sin x on [−π, π] (256 random training points) to an MSE below 1e-3 on a 1001-point grid: mini-batches of
    /// 32, Adam with η decaying from 0.01 to 0.001 over the run.
    /// </summary>
    public static TrainingTask Sine() => new()
    {
        Name = "Sine",
        Network = "1-16-16-1 tanh → identity, MSE",
        LayerSizes = [SineNet.InputCount, 16, 16, SineNet.OutputCount],
        ParameterCount = SineNet.ParameterCount,
        Train = SampleData.Sine(256, seed: 4),
        Evaluation = SampleData.SineGrid(1001),
        BackwardBatchMean = SineNet.BackwardBatchMean,
        LossBatchMean = SineNet.LossBatchMean,
        ForwardBatch = SineNet.ForwardBatch,
        CreateOptimizer = count => new Adam(count, learningRate: 0.01),
        OptimizerName = "Adam η = 0.01 → 0.001",
        Epochs = 600,
        BatchSize = 32,
        Schedule = (epoch, initial) => initial * Math.Pow(0.1, (epoch - 1) / 599.0),
        Seed = 5,
        Metric = Metric.MeanSquaredError,
        Target = 1e-3,
    };

    /// <summary>The three tasks, in the order the command runs them.</summary>
    public static TrainingTask[] All() => [Xor(), TwoMoons(), Sine()];
}
