using System;
using System.Numerics;
using Xunit;

namespace DerivGen.IntegrationTests.Batch;

/// <summary>
/// The batch methods and their instance overloads allocate nothing: after a warm-up (JIT tiering), 2,000 calls over a
/// 64-row block (128,000 rows) must allocate exactly 0 bytes on this thread. Each loop folds a result into a sum that
/// is checked afterwards, so no call can be dropped.
/// </summary>
public sealed class BatchAllocationTests
{
    private const int Calls = 2_000;
    private const int Rows = 64;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string network in BatchNetworks.Names)
        {
            foreach (string method in Methods)
            {
                data.Add(network, method);
            }
        }

        return data;
    }

    private static readonly string[] Methods =
    [
        "ForwardBatch", "LossBatch", "LossBatchMean", "BackwardBatch", "BackwardBatchMean", "BackwardAccumulate",
        "instance ForwardBatch", "instance LossBatch", "instance LossBatchMean", "instance BackwardBatch",
        "instance BackwardBatchMean", "instance BackwardAccumulate",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Batch_method_does_not_allocate(string network, string method) =>
        BatchNetworks.On(network, net => Measure(net, method), net => Measure(net, method));

    private static void Measure<T>(BatchNetwork<T> net, string method)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] parameters, T[] inputs, T[] targets) = net.Data(Rows, seed: 21);
        BatchInstance<T> instance = net.CreateInstance();
        parameters.CopyTo(instance.Parameters, 0);
        T[] outputs = new T[Rows * net.OutputCount];
        T[] gradient = new T[net.ParameterCount];
        T[] x = inputs[..net.InputCount];
        T[] y = targets[..net.OutputCount];

        long Run(int calls)
        {
            T sum = T.Zero;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int n = 0; n < calls; n++)
            {
                switch (method)
                {
                    case "ForwardBatch":
                        net.ForwardBatch(parameters, inputs, Rows, outputs);
                        sum += outputs[0];
                        break;
                    case "LossBatch":
                        sum += net.LossBatch(parameters, inputs, targets, Rows);
                        break;
                    case "LossBatchMean":
                        sum += net.LossBatchMean(parameters, inputs, targets, Rows);
                        break;
                    case "BackwardBatch":
                        sum += net.BackwardBatch(parameters, inputs, targets, Rows, gradient);
                        break;
                    case "BackwardBatchMean":
                        sum += net.BackwardBatchMean(parameters, inputs, targets, Rows, gradient);
                        break;
                    case "BackwardAccumulate":
                        sum += net.BackwardAccumulate(parameters, x, y, gradient);
                        break;
                    case "instance ForwardBatch":
                        instance.ForwardBatch(inputs, Rows, outputs);
                        sum += outputs[0];
                        break;
                    case "instance LossBatch":
                        sum += instance.LossBatch(inputs, targets, Rows);
                        break;
                    case "instance LossBatchMean":
                        sum += instance.LossBatchMean(inputs, targets, Rows);
                        break;
                    case "instance BackwardBatch":
                        sum += instance.BackwardBatch(inputs, targets, Rows, gradient);
                        break;
                    case "instance BackwardBatchMean":
                        sum += instance.BackwardBatchMean(inputs, targets, Rows, gradient);
                        break;
                    case "instance BackwardAccumulate":
                        sum += instance.BackwardAccumulate(x, y, gradient);
                        break;
                    default:
                        throw new ArgumentException("Unknown method " + method, nameof(method));
                }
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(sum != T.Zero && T.IsFinite(sum), method + " produced " + sum);
            return allocated;
        }

        Run(Calls); // warm-up: this count may include JIT work
        Assert.Equal(0, Run(Calls));
    }
}
