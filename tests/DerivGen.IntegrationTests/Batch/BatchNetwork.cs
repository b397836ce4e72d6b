using System;
using System.Numerics;
using DerivGen.IntegrationTests.Networks;

namespace DerivGen.IntegrationTests.Batch;

// The generated methods are static members of each network class; these delegates let one test body run against
// several networks, in double and in float. Method groups convert to them directly (no wrapper code in between).
internal delegate void ForwardRow<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, Span<T> output);

internal delegate T LossRow<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, ReadOnlySpan<T> target);

internal delegate T BackwardRow<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> gradient);

internal delegate void ForwardBlock<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, int rows, Span<T> outputs);

internal delegate T LossBlock<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows);

internal delegate T BackwardBlock<T>(ReadOnlySpan<T> parameters, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, Span<T> gradient);

// The instance overloads: the same methods without the parameters argument.
internal delegate T InstanceBackwardRow<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> target, Span<T> gradient);

internal delegate void InstanceForwardBlock<T>(ReadOnlySpan<T> inputs, int rows, Span<T> outputs);

internal delegate T InstanceLossBlock<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows);

internal delegate T InstanceBackwardBlock<T>(ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, int rows, Span<T> gradient);

/// <summary>One generated network's static and instance API, as delegates.</summary>
internal sealed class BatchNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public required string Name { get; init; }
    public required int ParameterCount { get; init; }
    public required int InputCount { get; init; }
    public required int OutputCount { get; init; }

    /// <summary>True when a target row must be a distribution (one-hot), as cross-entropy expects.</summary>
    public required bool OneHotTargets { get; init; }

    public required ForwardRow<T> Forward { get; init; }
    public required LossRow<T> Loss { get; init; }
    public required BackwardRow<T> Backward { get; init; }
    public required BackwardRow<T> BackwardAccumulate { get; init; }
    public required ForwardBlock<T> ForwardBatch { get; init; }
    public required LossBlock<T> LossBatch { get; init; }
    public required LossBlock<T> LossBatchMean { get; init; }
    public required BackwardBlock<T> BackwardBatch { get; init; }
    public required BackwardBlock<T> BackwardBatchMean { get; init; }

    /// <summary>Makes an instance and returns its instance-form methods, bound to it.</summary>
    public required Func<BatchInstance<T>> CreateInstance { get; init; }

    /// <summary>Half the distance from 1 to the next larger number: 2⁻⁵³ for double, 2⁻²⁴ for float.</summary>
    public static double UnitRoundoff => typeof(T) == typeof(float) ? Math.Pow(2, -24) : Math.Pow(2, -53);

    public override string ToString() => Name;

    /// <summary>Seeded parameters, inputs and targets for <paramref name="rows"/> rows.</summary>
    public (T[] Parameters, T[] Inputs, T[] Targets) Data(int rows, int seed)
    {
        var random = new Random(seed);
        T[] parameters = Uniform(random, ParameterCount, 0.8);
        T[] inputs = Uniform(random, rows * InputCount, 2.0);
        T[] targets;
        if (OneHotTargets)
        {
            targets = new T[rows * OutputCount];
            for (int row = 0; row < rows; row++)
            {
                targets[(row * OutputCount) + random.Next(OutputCount)] = T.One;
            }
        }
        else
        {
            targets = Uniform(random, rows * OutputCount, 1.5);
        }

        return (parameters, inputs, targets);
    }

    private static T[] Uniform(Random random, int count, double scale)
    {
        var values = new T[count];
        for (int k = 0; k < count; k++)
        {
            values[k] = T.CreateTruncating(scale * ((2 * random.NextDouble()) - 1));
        }

        return values;
    }
}

/// <summary>An instance's <c>Parameters</c> and its batch and accumulate overloads.</summary>
internal sealed class BatchInstance<T>
{
    public required T[] Parameters { get; init; }
    public required InstanceBackwardRow<T> BackwardAccumulate { get; init; }
    public required InstanceForwardBlock<T> ForwardBatch { get; init; }
    public required InstanceLossBlock<T> LossBatch { get; init; }
    public required InstanceLossBlock<T> LossBatchMean { get; init; }
    public required InstanceBackwardBlock<T> BackwardBatch { get; init; }
    public required InstanceBackwardBlock<T> BackwardBatchMean { get; init; }
}

/// <summary>The networks the batch tests run on.</summary>
internal static class BatchNetworks
{
    /// <summary>The seeds' 3-3-1 (ReLU, sigmoid, squared error).</summary>
    public static readonly BatchNetwork<double> Tiny = new()
    {
        Name = nameof(TinyNet),
        ParameterCount = TinyNet.ParameterCount,
        InputCount = TinyNet.InputCount,
        OutputCount = TinyNet.OutputCount,
        OneHotTargets = false,
        Forward = TinyNet.Forward,
        Loss = TinyNet.Loss,
        Backward = TinyNet.Backward,
        BackwardAccumulate = TinyNet.BackwardAccumulate,
        ForwardBatch = TinyNet.ForwardBatch,
        LossBatch = TinyNet.LossBatch,
        LossBatchMean = TinyNet.LossBatchMean,
        BackwardBatch = TinyNet.BackwardBatch,
        BackwardBatchMean = TinyNet.BackwardBatchMean,
        CreateInstance = () =>
        {
            var net = new TinyNet();
            return new BatchInstance<double>
            {
                Parameters = net.Parameters,
                BackwardAccumulate = net.BackwardAccumulate,
                ForwardBatch = net.ForwardBatch,
                LossBatch = net.LossBatch,
                LossBatchMean = net.LossBatchMean,
                BackwardBatch = net.BackwardBatch,
                BackwardBatchMean = net.BackwardBatchMean,
            };
        },
    };

    /// <summary>3-5-4, tanh, softmax, cross-entropy.</summary>
    public static readonly BatchNetwork<double> Softmax = new()
    {
        Name = nameof(BatchSoftmaxNet),
        ParameterCount = BatchSoftmaxNet.ParameterCount,
        InputCount = BatchSoftmaxNet.InputCount,
        OutputCount = BatchSoftmaxNet.OutputCount,
        OneHotTargets = true,
        Forward = BatchSoftmaxNet.Forward,
        Loss = BatchSoftmaxNet.Loss,
        Backward = BatchSoftmaxNet.Backward,
        BackwardAccumulate = BatchSoftmaxNet.BackwardAccumulate,
        ForwardBatch = BatchSoftmaxNet.ForwardBatch,
        LossBatch = BatchSoftmaxNet.LossBatch,
        LossBatchMean = BatchSoftmaxNet.LossBatchMean,
        BackwardBatch = BatchSoftmaxNet.BackwardBatch,
        BackwardBatchMean = BatchSoftmaxNet.BackwardBatchMean,
        CreateInstance = () =>
        {
            var net = new BatchSoftmaxNet();
            return new BatchInstance<double>
            {
                Parameters = net.Parameters,
                BackwardAccumulate = net.BackwardAccumulate,
                ForwardBatch = net.ForwardBatch,
                LossBatch = net.LossBatch,
                LossBatchMean = net.LossBatchMean,
                BackwardBatch = net.BackwardBatch,
                BackwardBatchMean = net.BackwardBatchMean,
            };
        },
    };

    /// <summary>2-4-2 in single precision, SiLU, identity, mean squared error.</summary>
    public static readonly BatchNetwork<float> Single = new()
    {
        Name = nameof(BatchSingleNet),
        ParameterCount = BatchSingleNet.ParameterCount,
        InputCount = BatchSingleNet.InputCount,
        OutputCount = BatchSingleNet.OutputCount,
        OneHotTargets = false,
        Forward = BatchSingleNet.Forward,
        Loss = BatchSingleNet.Loss,
        Backward = BatchSingleNet.Backward,
        BackwardAccumulate = BatchSingleNet.BackwardAccumulate,
        ForwardBatch = BatchSingleNet.ForwardBatch,
        LossBatch = BatchSingleNet.LossBatch,
        LossBatchMean = BatchSingleNet.LossBatchMean,
        BackwardBatch = BatchSingleNet.BackwardBatch,
        BackwardBatchMean = BatchSingleNet.BackwardBatchMean,
        CreateInstance = () =>
        {
            var net = new BatchSingleNet();
            return new BatchInstance<float>
            {
                Parameters = net.Parameters,
                BackwardAccumulate = net.BackwardAccumulate,
                ForwardBatch = net.ForwardBatch,
                LossBatch = net.LossBatch,
                LossBatchMean = net.LossBatchMean,
                BackwardBatch = net.BackwardBatch,
                BackwardBatchMean = net.BackwardBatchMean,
            };
        },
    };

    /// <summary>The names the theories take.</summary>
    public static readonly string[] Names = [Tiny.Name, Softmax.Name, Single.Name];

    /// <summary>Runs <paramref name="onDouble"/> or <paramref name="onSingle"/> on the network called <paramref name="name"/>.</summary>
    public static void On(string name, Action<BatchNetwork<double>> onDouble, Action<BatchNetwork<float>> onSingle)
    {
        if (name == Single.Name)
        {
            onSingle(Single);
        }
        else if (name == Softmax.Name)
        {
            onDouble(Softmax);
        }
        else if (name == Tiny.Name)
        {
            onDouble(Tiny);
        }
        else
        {
            throw new ArgumentException("Unknown network " + name, nameof(name));
        }
    }
}
