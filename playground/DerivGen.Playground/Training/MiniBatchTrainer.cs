using System;
using System.Diagnostics;

namespace DerivGen.Playground.Training;

/// <summary>
/// The training loop: each epoch shuffles the rows, then for every mini-batch calls the network's
/// <c>BackwardBatchMean</c> (mean loss, mean gradient) and the optimiser's <c>Step</c>. The loop itself allocates
/// nothing; buffers are made once before the first epoch.
/// </summary>
public static class MiniBatchTrainer
{
    /// <summary>Trains <paramref name="task"/> from its seed and returns the final figures.</summary>
    /// <param name="task">What to train.</param>
    /// <param name="progress">Called after each epoch (may be null).</param>
    /// <param name="metricEvery">Measure the metric every this many epochs (and after the last); 0 for only the last.</param>
    public static TrainingResult Train(TrainingTask task, Action<EpochReport>? progress = null, int metricEvery = 0)
    {
        ArgumentNullException.ThrowIfNull(task);
        var stopwatch = Stopwatch.StartNew();
        var random = new Random(task.Seed);
        var parameters = new double[task.ParameterCount];
        ParameterInit.GlorotUniform(parameters, task.LayerSizes, random);
        var gradient = new double[task.ParameterCount];
        var outputs = new double[task.Evaluation.Rows * task.Evaluation.OutputCount];
        IOptimizer optimizer = task.CreateOptimizer(task.ParameterCount);
        double initialRate = optimizer.LearningRate;

        Dataset train = task.Train;
        long steps = 0;
        for (int epoch = 1; epoch <= task.Epochs; epoch++)
        {
            if (task.Schedule is { } schedule)
            {
                optimizer.LearningRate = schedule(epoch, initialRate);
            }

            train.Shuffle(random);
            double lossSum = 0;
            for (int start = 0; start < train.Rows; start += task.BatchSize)
            {
                int rows = Math.Min(task.BatchSize, train.Rows - start);
                double loss = task.BackwardBatchMean(parameters, train.InputRows(start, rows), train.TargetRows(start, rows), rows, gradient);
                optimizer.Step(parameters, gradient);
                lossSum += loss * rows;
                steps++;
            }

            if (progress is not null)
            {
                bool measure = epoch == task.Epochs || (metricEvery > 0 && epoch % metricEvery == 0);
                double value = measure ? Evaluate(task, parameters, outputs) : double.NaN;
                progress(new EpochReport(epoch, task.Epochs, lossSum / train.Rows, value));
            }
        }

        double finalLoss = task.LossBatchMean(parameters, train.Inputs, train.Targets, train.Rows);
        double finalValue = Evaluate(task, parameters, outputs);
        stopwatch.Stop();
        return new TrainingResult(task, task.Epochs, steps, finalLoss, finalValue, stopwatch.Elapsed, parameters);
    }

    /// <summary>The task's metric for <paramref name="parameters"/> on its evaluation rows.</summary>
    /// <param name="task">The task.</param>
    /// <param name="parameters">θ.</param>
    /// <param name="outputs">Scratch of Evaluation.Rows × OutputCount values.</param>
    public static double Evaluate(TrainingTask task, ReadOnlySpan<double> parameters, Span<double> outputs)
    {
        ArgumentNullException.ThrowIfNull(task);
        Dataset data = task.Evaluation;
        task.ForwardBatch(parameters, data.Inputs, data.Rows, outputs);
        int width = data.OutputCount;
        if (task.Metric == Metric.MeanSquaredError)
        {
            double sum = 0;
            for (int k = 0; k < data.Rows * width; k++)
            {
                double r = outputs[k] - data.Targets[k];
                sum += r * r;
            }

            return sum / (data.Rows * width);
        }

        int right = 0;
        for (int row = 0; row < data.Rows; row++)
        {
            ReadOnlySpan<double> output = outputs.Slice(row * width, width);
            ReadOnlySpan<double> target = data.Targets.AsSpan(row * width, width);
            bool correct = width == 1
                ? (output[0] >= 0.5) == (target[0] >= 0.5)
                : ArgMax(output) == ArgMax(target);
            right += correct ? 1 : 0;
        }

        return (double)right / data.Rows;
    }

    private static int ArgMax(ReadOnlySpan<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
