using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using Xunit;

namespace DerivGen.IntegrationTests.Batch;

/// <summary>
/// Argument checks of the batch methods: a negative row count, and a mean over zero rows, throw
/// <see cref="ArgumentOutOfRangeException"/> with ParamName <c>rows</c>; a block whose length is not rows × its row
/// width throws <see cref="ArgumentException"/> naming the block and stating the expected length.
/// </summary>
public sealed class BatchArgumentTests
{
    private const int Rows = 4;

    public static TheoryData<string> Networks() => new(BatchNetworks.Names);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Negative_rows_throw_naming_rows(string network) =>
        BatchNetworks.On(network, NegativeRows, NegativeRows);

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_mean_over_zero_rows_throws_naming_rows(string network) =>
        BatchNetworks.On(network, MeanOfNothing, MeanOfNothing);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Wrong_block_lengths_throw_naming_the_block(string network) =>
        BatchNetworks.On(network, WrongBlocks, WrongBlocks);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Wrong_parameter_length_throws_naming_parameters(string network) =>
        BatchNetworks.On(network, WrongParameters, WrongParameters);

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_row_count_whose_block_length_overflows_int_is_a_length_error(string network) =>
        BatchNetworks.On(network, HugeRows, HugeRows);

    private static void NegativeRows<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] p = new T[net.ParameterCount];
        T[] g = new T[net.ParameterCount];
        BatchInstance<T> instance = net.CreateInstance();
        foreach (int rows in new[] { -1, -2, int.MinValue })
        {
            var calls = new Dictionary<string, Action>
            {
                ["ForwardBatch"] = () => net.ForwardBatch(p, [], rows, []),
                ["LossBatch"] = () => net.LossBatch(p, [], [], rows),
                ["LossBatchMean"] = () => net.LossBatchMean(p, [], [], rows),
                ["BackwardBatch"] = () => net.BackwardBatch(p, [], [], rows, g),
                ["BackwardBatchMean"] = () => net.BackwardBatchMean(p, [], [], rows, g),
                ["instance ForwardBatch"] = () => instance.ForwardBatch([], rows, []),
                ["instance LossBatch"] = () => instance.LossBatch([], [], rows),
                ["instance LossBatchMean"] = () => instance.LossBatchMean([], [], rows),
                ["instance BackwardBatch"] = () => instance.BackwardBatch([], [], rows, g),
                ["instance BackwardBatchMean"] = () => instance.BackwardBatchMean([], [], rows, g),
            };
            foreach ((string method, Action call) in calls)
            {
                var thrown = Assert.Throws<ArgumentOutOfRangeException>(call);
                Assert.True(thrown.ParamName == "rows", method + " with rows = " + rows + " named " + thrown.ParamName);
                Assert.Equal(rows, thrown.ActualValue);
            }
        }
    }

    private static void MeanOfNothing<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] p = new T[net.ParameterCount];
        T[] g = new T[net.ParameterCount];
        BatchInstance<T> instance = net.CreateInstance();
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => net.LossBatchMean(p, [], [], 0)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => net.BackwardBatchMean(p, [], [], 0, g)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => instance.LossBatchMean([], [], 0)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => instance.BackwardBatchMean([], [], 0, g)).ParamName);
    }

    private static void WrongBlocks<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] p, T[] x, T[] y) = net.Data(Rows, seed: 11);
        T[] o = new T[Rows * net.OutputCount];
        T[] g = new T[net.ParameterCount];
        BatchInstance<T> instance = net.CreateInstance();

        foreach (int wrong in Wrong(Rows * net.InputCount))
        {
            T[] bad = new T[wrong];
            long expected = Rows * net.InputCount;
            ExpectLength("inputs", expected, wrong, () => net.ForwardBatch(p, bad, Rows, o));
            ExpectLength("inputs", expected, wrong, () => net.LossBatch(p, bad, y, Rows));
            ExpectLength("inputs", expected, wrong, () => net.LossBatchMean(p, bad, y, Rows));
            ExpectLength("inputs", expected, wrong, () => net.BackwardBatch(p, bad, y, Rows, g));
            ExpectLength("inputs", expected, wrong, () => net.BackwardBatchMean(p, bad, y, Rows, g));
            ExpectLength("inputs", expected, wrong, () => instance.ForwardBatch(bad, Rows, o));
            ExpectLength("inputs", expected, wrong, () => instance.BackwardBatchMean(bad, y, Rows, g));
        }

        foreach (int wrong in Wrong(Rows * net.OutputCount))
        {
            T[] bad = new T[wrong];
            long expected = Rows * net.OutputCount;
            ExpectLength("outputs", expected, wrong, () => net.ForwardBatch(p, x, Rows, bad));
            ExpectLength("targets", expected, wrong, () => net.LossBatch(p, x, bad, Rows));
            ExpectLength("targets", expected, wrong, () => net.LossBatchMean(p, x, bad, Rows));
            ExpectLength("targets", expected, wrong, () => net.BackwardBatch(p, x, bad, Rows, g));
            ExpectLength("targets", expected, wrong, () => net.BackwardBatchMean(p, x, bad, Rows, g));
            ExpectLength("outputs", expected, wrong, () => instance.ForwardBatch(x, Rows, bad));
            ExpectLength("targets", expected, wrong, () => instance.LossBatch(x, bad, Rows));
        }

        foreach (int wrong in Wrong(net.ParameterCount))
        {
            T[] bad = new T[wrong];
            ExpectLength("gradient", net.ParameterCount, wrong, () => net.BackwardBatch(p, x, y, Rows, bad));
            ExpectLength("gradient", net.ParameterCount, wrong, () => net.BackwardBatchMean(p, x, y, Rows, bad));
            ExpectLength("gradient", net.ParameterCount, wrong, () => instance.BackwardBatch(x, y, Rows, bad));
            ExpectLength("gradient", net.ParameterCount, wrong, () => instance.BackwardAccumulate(x.AsSpan(0, net.InputCount), y.AsSpan(0, net.OutputCount), bad));
            ExpectLength("gradient", net.ParameterCount, wrong, () => net.BackwardAccumulate(p, x.AsSpan(0, net.InputCount), y.AsSpan(0, net.OutputCount), bad));
        }

        // Blocks that would fit a different row count are still wrong: rows decides.
        ExpectLength("inputs", 3L * net.InputCount, Rows * net.InputCount, () => net.LossBatch(p, x, y.AsSpan(0, 3 * net.OutputCount), 3));
    }

    private static void WrongParameters<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (_, T[] x, T[] y) = net.Data(Rows, seed: 12);
        T[] o = new T[Rows * net.OutputCount];
        T[] g = new T[net.ParameterCount];
        foreach (int wrong in Wrong(net.ParameterCount))
        {
            T[] bad = new T[wrong];
            ExpectLength("parameters", net.ParameterCount, wrong, () => net.ForwardBatch(bad, x, Rows, o));
            ExpectLength("parameters", net.ParameterCount, wrong, () => net.LossBatch(bad, x, y, Rows));
            ExpectLength("parameters", net.ParameterCount, wrong, () => net.LossBatchMean(bad, x, y, Rows));
            ExpectLength("parameters", net.ParameterCount, wrong, () => net.BackwardBatch(bad, x, y, Rows, g));
            ExpectLength("parameters", net.ParameterCount, wrong, () => net.BackwardBatchMean(bad, x, y, Rows, g));
            ExpectLength("parameters", net.ParameterCount, wrong, () => net.BackwardAccumulate(bad, x.AsSpan(0, net.InputCount), y.AsSpan(0, net.OutputCount), g));
        }
    }

    private static void HugeRows<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // int.MaxValue rows × InputCount does not fit an int; the check must not wrap around.
        T[] p = new T[net.ParameterCount];
        T[] g = new T[net.ParameterCount];
        long expected = (long)int.MaxValue * net.InputCount;
        ExpectLength("inputs", expected, 0, () => net.ForwardBatch(p, [], int.MaxValue, []));
        ExpectLength("inputs", expected, 0, () => net.LossBatch(p, [], [], int.MaxValue));
        ExpectLength("inputs", expected, 0, () => net.BackwardBatchMean(p, [], [], int.MaxValue, g));
    }

    private static IEnumerable<int> Wrong(int expected) =>
        new SortedSet<int> { 0, expected - 1, expected + 1 }.Where(n => n >= 0 && n != expected);

    private static void ExpectLength(string argument, long expected, int actual, Action call)
    {
        var thrown = Assert.Throws<ArgumentException>(call);
        Assert.Equal(argument, thrown.ParamName);
        Assert.StartsWith(
            FormattableString.Invariant($"Expected a span of length {expected} but got {actual}."),
            thrown.Message,
            StringComparison.Ordinal);
    }
}
