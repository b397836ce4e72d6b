using System;
using BenchmarkDotNet.Attributes;

namespace DerivGen.Benchmarks;

/// <summary>
/// The mean loss and gradient over a 64-row mini-batch: the generated <c>BackwardBatchMean</c>, which runs
/// Vector&lt;double&gt;.Count rows per pass of the unrolled graph (the lane form), against the same rows one by one through
/// <c>BackwardAccumulate</c> (what the batch methods did before the lane form). On the seeds' 3-3-1 network (the issue's
/// target: the batch at most 0.25× the 64 single-sample calls) and on 16-32-1 (577 parameters, still in the lane form).
/// </summary>
[MemoryDiagnoser]
public class LaneBatchBenchmarks
{
    /// <summary>The mini-batch size.</summary>
    public const int Rows = 64;

    private readonly double[] _small = Data.Parameters(3, 3, 1, seed: 6431);
    private readonly double[] _smallInputs = Data.Uniform(Rows * 3, -1.0, 1.0, seed: 6432);
    private readonly double[] _smallTargets = Data.Uniform(Rows, 0.0, 1.0, seed: 6433);
    private readonly double[] _smallGradient = new double[Net3x3x1.ParameterCount];
    private readonly double[] _medium = Data.Parameters(16, 32, 1, seed: 6434);
    private readonly double[] _mediumInputs = Data.Uniform(Rows * 16, -1.0, 1.0, seed: 6435);
    private readonly double[] _mediumTargets = Data.Uniform(Rows, -1.0, 1.0, seed: 6436);
    private readonly double[] _mediumGradient = new double[Net16x32x1.ParameterCount];

    /// <summary>Checks that the lane form and the row-by-row loop agree before anything is timed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rowByRow = new double[Net3x3x1.ParameterCount];
        double referenceLoss = SmallRowByRow();
        _smallGradient.CopyTo(rowByRow, 0);
        double loss = SmallLanes();
        Agreement.Check("3-3-1 BackwardBatchMean over 64 rows, lanes", referenceLoss, rowByRow, loss, _smallGradient);

        rowByRow = new double[Net16x32x1.ParameterCount];
        referenceLoss = MediumRowByRow();
        _mediumGradient.CopyTo(rowByRow, 0);
        loss = MediumLanes();
        Agreement.Check("16-32-1 BackwardBatchMean over 64 rows, lanes", referenceLoss, rowByRow, loss, _mediumGradient);
    }

    /// <summary>3-3-1: 64 single-sample passes, summed and divided as BackwardBatchMean does.</summary>
    [Benchmark(Baseline = true)]
    public double SmallRowByRow()
    {
        Array.Clear(_smallGradient);
        double loss = 0.0;
        for (int row = 0; row < Rows; row++)
        {
            loss += Net3x3x1.BackwardAccumulate(_small, _smallInputs.AsSpan(row * 3, 3), _smallTargets.AsSpan(row, 1), _smallGradient);
        }

        return Mean(loss, _smallGradient);
    }

    /// <summary>3-3-1: the generated BackwardBatchMean (lane form).</summary>
    [Benchmark]
    public double SmallLanes() => Net3x3x1.BackwardBatchMean(_small, _smallInputs, _smallTargets, Rows, _smallGradient);

    /// <summary>16-32-1: 64 single-sample passes.</summary>
    [Benchmark]
    public double MediumRowByRow()
    {
        Array.Clear(_mediumGradient);
        double loss = 0.0;
        for (int row = 0; row < Rows; row++)
        {
            loss += Net16x32x1.BackwardAccumulate(_medium, _mediumInputs.AsSpan(row * 16, 16), _mediumTargets.AsSpan(row, 1), _mediumGradient);
        }

        return Mean(loss, _mediumGradient);
    }

    /// <summary>16-32-1: the generated BackwardBatchMean (lane form).</summary>
    [Benchmark]
    public double MediumLanes() => Net16x32x1.BackwardBatchMean(_medium, _mediumInputs, _mediumTargets, Rows, _mediumGradient);

    /// <summary>Divides the sums by the row count, as BackwardBatchMean does.</summary>
    private static double Mean(double loss, double[] gradient)
    {
        for (int k = 0; k < gradient.Length; k++)
        {
            gradient[k] /= Rows;
        }

        return loss / Rows;
    }
}
