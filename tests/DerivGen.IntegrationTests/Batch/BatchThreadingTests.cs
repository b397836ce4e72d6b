using System;
using System.Numerics;
using System.Threading.Tasks;
using Xunit;

namespace DerivGen.IntegrationTests.Batch;

/// <summary>
/// The static methods share no state, so several threads may call them at once as long as each writes its own
/// gradient buffer. A batch is split into chunks; <see cref="Parallel.For(int, int, Action{int})"/> runs each chunk's
/// rows through the static BackwardAccumulate into that chunk's own buffer, and the partial gradients are then added
/// in chunk order.
/// </summary>
/// <remarks>
/// Because every chunk's partial is a fixed sequence of additions and the partials are added in a fixed order, the
/// parallel result must be bit-identical to the same computation run on one thread: any difference means threads
/// interfered. Against the sequential BackwardBatch (one running sum over all rows) the summation order differs, so
/// that comparison uses the recursive-summation bound of <see cref="BatchEquivalenceTests"/>, (rows + 2)·u·Σ|g_row|.
/// </remarks>
public sealed class BatchThreadingTests
{
    private const int Rows = 4_096;
    private const int ChunkRows = 64;
    private const int Chunks = Rows / ChunkRows;
    private const int Repeats = 20;

    public static TheoryData<string> Networks() => new(BatchNetworks.Names);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Parallel_chunks_summed_in_order_equal_the_sequential_batch(string network) =>
        BatchNetworks.On(network, ParallelChunks, ParallelChunks);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Per_worker_buffers_equal_the_sequential_batch_within_the_summation_bound(string network) =>
        BatchNetworks.On(network, PerWorker, PerWorker);

    private static void ParallelChunks<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] parameters, T[] inputs, T[] targets) = net.Data(Rows, seed: 31);
        int p = net.ParameterCount;

        // One thread, the same chunking: the bits the parallel run must reproduce.
        T[] partials = new T[Chunks * p];
        T[] losses = new T[Chunks];
        for (int c = 0; c < Chunks; c++)
        {
            Chunk(net, parameters, inputs, targets, c, partials.AsSpan(c * p, p), out losses[c]);
        }

        (T[] expected, T expectedLoss) = SumInOrder(partials, losses, p);

        // The sequential batch, for the bound.
        T[] batch = new T[p];
        double batchLoss = double.CreateTruncating(net.BackwardBatch(parameters, inputs, targets, Rows, batch));
        double[] magnitude = Magnitudes(net, parameters, inputs, targets, out double lossMagnitude);
        double u = BatchNetwork<T>.UnitRoundoff;
        for (int k = 0; k < p; k++)
        {
            BatchEquivalenceTests.AssertWithin(double.CreateTruncating(batch[k]), double.CreateTruncating(expected[k]), 2 * BatchEquivalenceTests.Bound(Rows, magnitude[k], u), "chunked vs BackwardBatch dL/dθ[" + k + "]");
        }

        BatchEquivalenceTests.AssertWithin(batchLoss, double.CreateTruncating(expectedLoss), 2 * BatchEquivalenceTests.Bound(Rows, lossMagnitude, u), "chunked vs BackwardBatch Σ L");

        for (int repeat = 0; repeat < Repeats; repeat++)
        {
            T[] parallelPartials = new T[Chunks * p];
            T[] parallelLosses = new T[Chunks];
            Array.Fill(parallelPartials, T.NaN); // each chunk zeroes its own buffer first
            Parallel.For(0, Chunks, c =>
            {
                Chunk(net, parameters, inputs, targets, c, parallelPartials.AsSpan(c * p, p), out parallelLosses[c]);
            });

            (T[] actual, T actualLoss) = SumInOrder(parallelPartials, parallelLosses, p);
            Assert.Equal(expected, actual);
            Assert.Equal(expectedLoss, actualLoss);
        }
    }

    private static void PerWorker<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] parameters, T[] inputs, T[] targets) = net.Data(Rows, seed: 32);
        int p = net.ParameterCount;
        T[] batch = new T[p];
        double batchLoss = double.CreateTruncating(net.BackwardBatch(parameters, inputs, targets, Rows, batch));
        double[] magnitude = Magnitudes(net, parameters, inputs, targets, out double lossMagnitude);
        double u = BatchNetwork<T>.UnitRoundoff;

        for (int repeat = 0; repeat < Repeats; repeat++)
        {
            // Each worker thread gets its own buffer (localInit), accumulates whichever chunks it is handed, and adds
            // its buffer to the total under a lock when it finishes (localFinally). Which rows a worker gets, and the
            // order the workers finish in, vary from run to run: hence the bound, not bit-equality.
            var total = new double[p];
            double totalLoss = 0;
            var gate = new object();
            Parallel.For(
                0,
                Chunks,
                () => (Gradient: new T[p], Loss: T.Zero),
                (c, _, local) =>
                {
                    T loss = local.Loss;
                    for (int row = c * ChunkRows; row < (c + 1) * ChunkRows; row++)
                    {
                        loss += net.BackwardAccumulate(
                            parameters,
                            inputs.AsSpan(row * net.InputCount, net.InputCount),
                            targets.AsSpan(row * net.OutputCount, net.OutputCount),
                            local.Gradient);
                    }

                    return (local.Gradient, loss);
                },
                local =>
                {
                    lock (gate)
                    {
                        for (int k = 0; k < p; k++)
                        {
                            total[k] += double.CreateTruncating(local.Gradient[k]);
                        }

                        totalLoss += double.CreateTruncating(local.Loss);
                    }
                });

            for (int k = 0; k < p; k++)
            {
                BatchEquivalenceTests.AssertWithin(double.CreateTruncating(batch[k]), total[k], 2 * BatchEquivalenceTests.Bound(Rows, magnitude[k], u), "per-worker vs BackwardBatch dL/dθ[" + k + "]");
            }

            BatchEquivalenceTests.AssertWithin(batchLoss, totalLoss, 2 * BatchEquivalenceTests.Bound(Rows, lossMagnitude, u), "per-worker vs BackwardBatch Σ L");
        }
    }

    private static void Chunk<T>(BatchNetwork<T> net, T[] parameters, T[] inputs, T[] targets, int chunk, Span<T> gradient, out T loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        gradient.Clear();
        loss = T.Zero;
        for (int row = chunk * ChunkRows; row < (chunk + 1) * ChunkRows; row++)
        {
            loss += net.BackwardAccumulate(
                parameters,
                inputs.AsSpan(row * net.InputCount, net.InputCount),
                targets.AsSpan(row * net.OutputCount, net.OutputCount),
                gradient);
        }
    }

    private static (T[] Gradient, T Loss) SumInOrder<T>(T[] partials, T[] losses, int p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = new T[p];
        T loss = T.Zero;
        for (int c = 0; c < losses.Length; c++)
        {
            for (int k = 0; k < p; k++)
            {
                sum[k] += partials[(c * p) + k];
            }

            loss += losses[c];
        }

        return (sum, loss);
    }

    /// <summary>Σ over rows of |dL/dθ_k| and of |L|, for the bound.</summary>
    private static double[] Magnitudes<T>(BatchNetwork<T> net, T[] parameters, T[] inputs, T[] targets, out double lossMagnitude)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var magnitude = new double[net.ParameterCount];
        var row = new T[net.ParameterCount];
        lossMagnitude = 0;
        for (int r = 0; r < Rows; r++)
        {
            lossMagnitude += Math.Abs(double.CreateTruncating(net.Backward(
                parameters, inputs.AsSpan(r * net.InputCount, net.InputCount), targets.AsSpan(r * net.OutputCount, net.OutputCount), row)));
            for (int k = 0; k < row.Length; k++)
            {
                magnitude[k] += Math.Abs(double.CreateTruncating(row[k]));
            }
        }

        return magnitude;
    }
}
