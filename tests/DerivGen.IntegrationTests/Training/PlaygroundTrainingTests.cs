using System;
using DerivGen.Playground.Training;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.IntegrationTests.Training;

/// <summary>
/// Trains the playground's three tasks (the code <c>dotnet run --project playground/DerivGen.Playground -- train</c>
/// runs, linked into this project) and checks the targets the README states. Each figure is recomputed here from the
/// trained parameters with the network's per-row Forward and data made here, not taken from the trainer's report.
/// </summary>
public sealed class PlaygroundTrainingTests(ITestOutputHelper output)
{
    [Fact]
    public void Xor_is_learned_to_100_percent()
    {
        TrainingResult result = Train(TrainingTasks.Xor());

        double[] y = new double[1];
        foreach ((double a, double b, bool expected) in new[] { (0.0, 0.0, false), (0.0, 1.0, true), (1.0, 0.0, true), (1.0, 1.0, false) })
        {
            XorNet.Forward(result.Parameters, [a, b], y);
            Assert.True(y[0] >= 0.5 == expected, FormattableString.Invariant($"XOR({a}, {b}) gave {y[0]:R}"));
        }

        Assert.True(result.TargetMet);
    }

    [Fact]
    public void Two_moons_are_separated_to_at_least_97_percent()
    {
        TrainingResult result = Train(TrainingTasks.TwoMoons());

        // The same 300 noisy points the task trains on (same seed), labelled here by which arc made them: the first
        // 150 rows are the upper moon. The trainer shuffles its own copy, so this one is in generation order.
        Dataset moons = SampleData.TwoMoons(300, noise: 0.1, seed: 2);
        Assert.Equal(300, moons.Rows);
        int right = 0;
        double[] p = new double[2];
        for (int row = 0; row < moons.Rows; row++)
        {
            MoonsNet.Forward(result.Parameters, moons.InputRows(row, 1), p);
            bool saysUpper = p[0] > p[1];
            right += saysUpper == (row < 150) ? 1 : 0;
        }

        double accuracy = right / 300.0;
        output.WriteLine(FormattableString.Invariant($"two moons: {right}/300 = {accuracy:P1}"));
        Assert.True(accuracy >= 0.97, FormattableString.Invariant($"training accuracy {accuracy:P1} is below 97%"));
    }

    [Fact]
    public void Sine_is_fitted_to_an_mse_below_1e_3()
    {
        TrainingResult result = Train(TrainingTasks.Sine());

        // MSE over 2001 evenly spaced points of [−π, π] (a finer grid than the trainer's own 1001).
        const int Points = 2001;
        double sum = 0, worst = 0;
        double[] y = new double[1];
        for (int i = 0; i < Points; i++)
        {
            double x = -Math.PI + (2 * Math.PI * i / (Points - 1));
            SineNet.Forward(result.Parameters, [x], y);
            double r = y[0] - Math.Sin(x);
            sum += r * r;
            worst = Math.Max(worst, Math.Abs(r));
        }

        double mse = sum / Points;
        output.WriteLine(FormattableString.Invariant($"sine: MSE {mse:E3} on {Points} points, worst |error| {worst:E3}"));
        Assert.True(mse < 1e-3, FormattableString.Invariant($"MSE {mse:R} is not below 1e-3"));
    }

    [Fact]
    public void Training_is_reproducible()
    {
        TrainingResult first = MiniBatchTrainer.Train(TrainingTasks.Xor());
        TrainingResult second = MiniBatchTrainer.Train(TrainingTasks.Xor());
        Assert.Equal(first.Parameters, second.Parameters);
        Assert.Equal(first.FinalLoss, second.FinalLoss);
    }

    [Fact]
    public void An_untrained_network_misses_the_targets()
    {
        // The checks above can fail: after one epoch the sine network is still far from its target.
        TrainingTask sine = TrainingTasks.Sine();
        TrainingResult barely = MiniBatchTrainer.Train(new TrainingTask
        {
            Name = sine.Name,
            Network = sine.Network,
            LayerSizes = sine.LayerSizes,
            ParameterCount = sine.ParameterCount,
            Train = sine.Train,
            Evaluation = sine.Evaluation,
            BackwardBatchMean = sine.BackwardBatchMean,
            LossBatchMean = sine.LossBatchMean,
            ForwardBatch = sine.ForwardBatch,
            CreateOptimizer = sine.CreateOptimizer,
            OptimizerName = sine.OptimizerName,
            Epochs = 1,
            BatchSize = sine.BatchSize,
            Seed = sine.Seed,
            Metric = sine.Metric,
            Target = sine.Target,
        });
        Assert.False(barely.TargetMet);
        Assert.True(barely.Value > 1e-2);
    }

    private TrainingResult Train(TrainingTask task)
    {
        TrainingResult result = MiniBatchTrainer.Train(task);
        output.WriteLine(FormattableString.Invariant(
            $"{task.Name}: {result.Epochs} epochs, {result.Steps} steps, final loss {result.FinalLoss:E3}, metric {result.Value:R}, {result.Elapsed.TotalSeconds:0.00} s"));
        return result;
    }
}
