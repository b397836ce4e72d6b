using System;
using System.Numerics;
using Xunit;

namespace DerivGen.IntegrationTests.Batch;

/// <summary>
/// The batch methods against the per-row methods, on three generated networks (double and float), with seeded
/// random parameters and data. The per-row results are summed here, in double.
/// </summary>
/// <remarks>
/// Tolerances. A batch sum adds <c>rows</c> per-row terms in its precision; recursive summation of n terms x_i has an
/// error of at most (n − 1)·u·Σ|x_i| (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §4.2), u the
/// unit roundoff (2⁻⁵³ for double, 2⁻²⁴ for float). The reference is summed in double from the same terms. So a batch
/// sum must be within (rows + 2)·u·Σ|x_i| of the reference (the + 2 covers the reference's own rounding and the
/// conversion), and a mean within that bound divided by rows, plus one rounding for the division. A wrong row
/// stride, a skipped or repeated row, a missing clear or a wrong divisor is off by a whole term, far beyond this.
/// Per-row quantities with no sum over rows (ForwardBatch's outputs) are compared to 4 units of the last place.
/// </remarks>
public sealed class BatchEquivalenceTests
{
    private const int Rows = 37;

    public static TheoryData<string> Networks() => new(BatchNetworks.Names);

    [Theory]
    [MemberData(nameof(Networks))]
    public void BackwardBatch_is_the_sum_of_per_row_Backward(string network) =>
        BatchNetworks.On(network, BackwardBatchIsSum, BackwardBatchIsSum);

    [Theory]
    [MemberData(nameof(Networks))]
    public void BackwardBatchMean_is_the_sum_divided_by_rows(string network) =>
        BatchNetworks.On(network, BackwardBatchMeanIsMean, BackwardBatchMeanIsMean);

    [Theory]
    [MemberData(nameof(Networks))]
    public void BackwardAccumulate_adds_the_row_gradient(string network) =>
        BatchNetworks.On(network, BackwardAccumulateAdds, BackwardAccumulateAdds);

    [Theory]
    [MemberData(nameof(Networks))]
    public void LossBatch_and_LossBatchMean_agree_with_per_row_Loss(string network) =>
        BatchNetworks.On(network, LossBatchIsSum, LossBatchIsSum);

    [Theory]
    [MemberData(nameof(Networks))]
    public void ForwardBatch_agrees_with_per_row_Forward(string network) =>
        BatchNetworks.On(network, ForwardBatchIsPerRow, ForwardBatchIsPerRow);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Zero_rows_give_zero_sums_and_no_mean(string network) =>
        BatchNetworks.On(network, ZeroRows, ZeroRows);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Instance_batch_methods_compute_what_the_static_ones_compute(string network) =>
        BatchNetworks.On(network, InstanceMatchesStatic, InstanceMatchesStatic);

    private static void BackwardBatchIsSum<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] parameters, T[] inputs, T[] targets) = net.Data(Rows, seed: 1);
        (double[] sum, double[] magnitude, double loss, double lossMagnitude) = PerRowSums(net, parameters, inputs, targets);

        T[] gradient = Filled<T>(net.ParameterCount, T.NaN); // BackwardBatch overwrites, so NaN must not survive
        double batchLoss = double.CreateTruncating(net.BackwardBatch(parameters, inputs, targets, Rows, gradient));

        AssertSum(sum, magnitude, gradient, Rows, BatchNetwork<T>.UnitRoundoff, "dL/dθ");
        AssertWithin(loss, batchLoss, Bound(Rows, lossMagnitude, BatchNetwork<T>.UnitRoundoff), "Σ L");
    }

    private static void BackwardBatchMeanIsMean<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] parameters, T[] inputs, T[] targets) = net.Data(Rows, seed: 2);
        (double[] sum, double[] magnitude, double loss, double lossMagnitude) = PerRowSums(net, parameters, inputs, targets);
        double u = BatchNetwork<T>.UnitRoundoff;

        T[] gradient = Filled<T>(net.ParameterCount, T.NaN);
        double meanLoss = double.CreateTruncating(net.BackwardBatchMean(parameters, inputs, targets, Rows, gradient));

        for (int k = 0; k < sum.Length; k++)
        {
            double expected = sum[k] / Rows;
            double tolerance = (Bound(Rows, magnitude[k], u) / Rows) + (u * Math.Abs(expected));
            AssertWithin(expected, double.CreateTruncating(gradient[k]), tolerance, "mean dL/dθ[" + k + "]");
        }

        AssertWithin(loss / Rows, meanLoss, (Bound(Rows, lossMagnitude, u) / Rows) + (u * loss / Rows), "mean L");

        // One row: the mean is that row's Backward.
        T[] single = new T[net.ParameterCount];
        T[] expectedSingle = new T[net.ParameterCount];
        net.BackwardBatchMean(parameters, inputs.AsSpan(0, net.InputCount), targets.AsSpan(0, net.OutputCount), 1, single);
        net.Backward(parameters, inputs.AsSpan(0, net.InputCount), targets.AsSpan(0, net.OutputCount), expectedSingle);
        for (int k = 0; k < single.Length; k++)
        {
            AssertWithin(double.CreateTruncating(expectedSingle[k]), double.CreateTruncating(single[k]), 2 * u * double.Abs(double.CreateTruncating(expectedSingle[k])), "one-row mean[" + k + "]");
        }
    }

    private static void BackwardAccumulateAdds<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] parameters, T[] inputs, T[] targets) = net.Data(3, seed: 3);
        double u = BatchNetwork<T>.UnitRoundoff;
        ReadOnlySpan<T> x = inputs.AsSpan(net.InputCount, net.InputCount); // row 1
        ReadOnlySpan<T> y = targets.AsSpan(net.OutputCount, net.OutputCount);

        T[] row = new T[net.ParameterCount];
        T rowLoss = net.Backward(parameters, x, y, row);

        // Start from a non-zero buffer: the result must be start + row gradient (one rounding each).
        T[] start = net.Data(1, seed: 4).Parameters;
        T[] accumulated = (T[])start.Clone();
        T accumulatedLoss = net.BackwardAccumulate(parameters, x, y, accumulated);

        Assert.Equal(double.CreateTruncating(rowLoss), double.CreateTruncating(accumulatedLoss), 3 * u * double.CreateTruncating(T.Abs(rowLoss)));
        for (int k = 0; k < row.Length; k++)
        {
            double s = double.CreateTruncating(start[k]);
            double g = double.CreateTruncating(row[k]);
            AssertWithin(s + g, double.CreateTruncating(accumulated[k]), 2 * u * (Math.Abs(s) + Math.Abs(g)), "start + dL/dθ[" + k + "]");
        }

        // Zeroed, then three rows accumulated: the sum of the three rows' gradients, as BackwardBatch gives it.
        T[] zeroed = Filled<T>(net.ParameterCount, T.NaN);
        Zero(zeroed);
        for (int r = 0; r < 3; r++)
        {
            net.BackwardAccumulate(parameters, inputs.AsSpan(r * net.InputCount, net.InputCount), targets.AsSpan(r * net.OutputCount, net.OutputCount), zeroed);
        }

        (double[] sum, double[] magnitude, _, _) = PerRowSums(net, parameters, inputs, targets);
        AssertSum(sum, magnitude, zeroed, 3, u, "Σ of 3 accumulated rows");
    }

    private static void Zero<T>(T[] gradient)
    {
        if (gradient is double[] d)
        {
            Gradients.Zero(d);
        }
        else
        {
            Gradients.Zero((float[])(object)gradient);
        }
    }

    private static void LossBatchIsSum<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] parameters, T[] inputs, T[] targets) = net.Data(Rows, seed: 5);
        (_, _, double loss, double lossMagnitude) = PerRowSums(net, parameters, inputs, targets);
        double u = BatchNetwork<T>.UnitRoundoff;

        double batch = double.CreateTruncating(net.LossBatch(parameters, inputs, targets, Rows));
        double mean = double.CreateTruncating(net.LossBatchMean(parameters, inputs, targets, Rows));

        Assert.True(loss > 0);
        AssertWithin(loss, batch, Bound(Rows, lossMagnitude, u), "LossBatch");
        AssertWithin(loss / Rows, mean, (Bound(Rows, lossMagnitude, u) / Rows) + (u * loss / Rows), "LossBatchMean");
    }

    private static void ForwardBatchIsPerRow<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        (T[] parameters, T[] inputs, _) = net.Data(Rows, seed: 6);
        double u = BatchNetwork<T>.UnitRoundoff;

        T[] outputs = Filled<T>(Rows * net.OutputCount, T.NaN);
        net.ForwardBatch(parameters, inputs, Rows, outputs);

        T[] output = new T[net.OutputCount];
        for (int row = 0; row < Rows; row++)
        {
            net.Forward(parameters, inputs.AsSpan(row * net.InputCount, net.InputCount), output);
            for (int i = 0; i < net.OutputCount; i++)
            {
                double expected = double.CreateTruncating(output[i]);
                AssertWithin(expected, double.CreateTruncating(outputs[(row * net.OutputCount) + i]), 8 * u * Math.Abs(expected), "row " + row + " output " + i);
            }
        }
    }

    private static void ZeroRows<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] parameters = net.Data(0, seed: 7).Parameters;
        T[] gradient = Filled<T>(net.ParameterCount, T.NaN);

        net.ForwardBatch(parameters, [], 0, []);
        Assert.Equal(T.Zero, net.LossBatch(parameters, [], [], 0));
        Assert.Equal(T.Zero, net.BackwardBatch(parameters, [], [], 0, gradient));
        Assert.All(gradient, g => Assert.Equal(T.Zero, g)); // the gradient of an empty sum, not the old contents

        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => net.LossBatchMean(parameters, [], [], 0)).ParamName);
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => net.BackwardBatchMean(parameters, [], [], 0, gradient)).ParamName);
    }

    private static void InstanceMatchesStatic<T>(BatchNetwork<T> net)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The instance overloads pass Parameters to the static methods, so the results are the same bits.
        (T[] parameters, T[] inputs, T[] targets) = net.Data(Rows, seed: 8);
        BatchInstance<T> instance = net.CreateInstance();
        parameters.CopyTo(instance.Parameters, 0);

        T[] expected = new T[Math.Max(net.ParameterCount, Rows * net.OutputCount)];
        T[] actual = new T[expected.Length];
        Span<T> e = expected;
        Span<T> a = actual;

        net.ForwardBatch(parameters, inputs, Rows, e[..(Rows * net.OutputCount)]);
        instance.ForwardBatch(inputs, Rows, a[..(Rows * net.OutputCount)]);
        Assert.Equal(expected, actual);

        Assert.Equal(net.LossBatch(parameters, inputs, targets, Rows), instance.LossBatch(inputs, targets, Rows));
        Assert.Equal(net.LossBatchMean(parameters, inputs, targets, Rows), instance.LossBatchMean(inputs, targets, Rows));

        Assert.Equal(
            net.BackwardBatch(parameters, inputs, targets, Rows, e[..net.ParameterCount]),
            instance.BackwardBatch(inputs, targets, Rows, a[..net.ParameterCount]));
        Assert.Equal(expected, actual);

        Assert.Equal(
            net.BackwardBatchMean(parameters, inputs, targets, Rows, e[..net.ParameterCount]),
            instance.BackwardBatchMean(inputs, targets, Rows, a[..net.ParameterCount]));
        Assert.Equal(expected, actual);

        Assert.Equal(
            net.BackwardAccumulate(parameters, inputs.AsSpan(0, net.InputCount), targets.AsSpan(0, net.OutputCount), e[..net.ParameterCount]),
            instance.BackwardAccumulate(inputs.AsSpan(0, net.InputCount), targets.AsSpan(0, net.OutputCount), a[..net.ParameterCount]));
        Assert.Equal(expected, actual);
    }

    /// <summary>Σ over rows of each row's Backward gradient and loss, and Σ of their magnitudes, in double.</summary>
    private static (double[] Sum, double[] Magnitude, double Loss, double LossMagnitude) PerRowSums<T>(
        BatchNetwork<T> net, T[] parameters, T[] inputs, T[] targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var sum = new double[net.ParameterCount];
        var magnitude = new double[net.ParameterCount];
        double loss = 0, lossMagnitude = 0;
        T[] row = new T[net.ParameterCount];
        int rows = inputs.Length / net.InputCount;
        for (int r = 0; r < rows; r++)
        {
            double l = double.CreateTruncating(net.Backward(
                parameters, inputs.AsSpan(r * net.InputCount, net.InputCount), targets.AsSpan(r * net.OutputCount, net.OutputCount), row));
            loss += l;
            lossMagnitude += Math.Abs(l);
            for (int k = 0; k < row.Length; k++)
            {
                double g = double.CreateTruncating(row[k]);
                sum[k] += g;
                magnitude[k] += Math.Abs(g);
            }
        }

        return (sum, magnitude, loss, lossMagnitude);
    }

    private static void AssertSum<T>(double[] sum, double[] magnitude, T[] actual, int rows, double u, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < sum.Length; k++)
        {
            AssertWithin(sum[k], double.CreateTruncating(actual[k]), Bound(rows, magnitude[k], u), what + "[" + k + "]");
        }
    }

    /// <summary>(rows + 2)·u·Σ|x_i|: see the class remarks.</summary>
    internal static double Bound(int rows, double magnitude, double u) => (rows + 2) * u * magnitude;

    internal static void AssertWithin(double expected, double actual, double tolerance, string what)
    {
        Assert.True(
            Math.Abs(actual - expected) <= tolerance,
            FormattableString.Invariant($"{what}: expected {expected:R}, got {actual:R} (difference {actual - expected:R}, tolerance {tolerance:R})"));
    }

    private static T[] Filled<T>(int length, T value)
    {
        var values = new T[length];
        Array.Fill(values, value);
        return values;
    }
}
