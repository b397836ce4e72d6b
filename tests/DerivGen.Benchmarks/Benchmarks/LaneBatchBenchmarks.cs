using System;
using BenchmarkDotNet.Attributes;

namespace DerivGen.Benchmarks;

/// <summary>
/// The mean loss and gradient over a 64-row mini-batch: the generated <c>BackwardBatchMean</c> against the same rows one by
/// one through <c>BackwardAccumulate</c>. 3-3-1 (the seeds' network, the target: the batch at most 0.25× the 64
/// single-sample calls) and 8-8-1 (tanh) get the lane form, Vector&lt;double&gt;.Count rows per pass of the unrolled graph;
/// 16-32-1 has layers in the SIMD form, so its <c>BackwardBatchMean</c> is the row-by-row loop, here as a check that
/// the default costs no more than the loop written by hand.
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
    private readonly double[] _tanh = Data.Parameters(8, 8, 1, seed: 6437);
    private readonly double[] _tanhInputs = Data.Uniform(Rows * 8, -1.0, 1.0, seed: 6438);
    private readonly double[] _tanhTargets = Data.Uniform(Rows, -1.0, 1.0, seed: 6439);
    private readonly double[] _tanhGradient = new double[Net8x8x1.ParameterCount];
    private readonly double[] _medium = Data.Parameters(16, 32, 1, seed: 6434);
    private readonly double[] _mediumInputs = Data.Uniform(Rows * 16, -1.0, 1.0, seed: 6435);
    private readonly double[] _mediumTargets = Data.Uniform(Rows, -1.0, 1.0, seed: 6436);
    private readonly double[] _mediumGradient = new double[Net16x32x1.ParameterCount];

    /// <summary>Checks that each batch method and its row-by-row loop agree before anything is timed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Agree("3-3-1 BackwardBatchMean over 64 rows, lanes", SmallRowByRow, SmallLanes, _smallGradient);
        Agree("8-8-1 BackwardBatchMean over 64 rows, lanes", TanhRowByRow, TanhLanes, _tanhGradient);
        Agree("16-32-1 BackwardBatchMean over 64 rows", MediumRowByRow, MediumBatch, _mediumGradient);
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

    /// <summary>8-8-1: 64 single-sample passes.</summary>
    [Benchmark]
    public double TanhRowByRow()
    {
        Array.Clear(_tanhGradient);
        double loss = 0.0;
        for (int row = 0; row < Rows; row++)
        {
            loss += Net8x8x1.BackwardAccumulate(_tanh, _tanhInputs.AsSpan(row * 8, 8), _tanhTargets.AsSpan(row, 1), _tanhGradient);
        }

        return Mean(loss, _tanhGradient);
    }

    /// <summary>8-8-1: the generated BackwardBatchMean (lane form).</summary>
    [Benchmark]
    public double TanhLanes() => Net8x8x1.BackwardBatchMean(_tanh, _tanhInputs, _tanhTargets, Rows, _tanhGradient);

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

    /// <summary>16-32-1: the generated BackwardBatchMean (row by row: its layers have the SIMD form).</summary>
    [Benchmark]
    public double MediumBatch() => Net16x32x1.BackwardBatchMean(_medium, _mediumInputs, _mediumTargets, Rows, _mediumGradient);

    /// <summary>Runs the row-by-row loop, keeps its results, runs the batch method and checks the two agree.</summary>
    private static void Agree(string what, Func<double> rowByRow, Func<double> batch, double[] gradient)
    {
        double referenceLoss = rowByRow();
        var reference = (double[])gradient.Clone();
        double loss = batch();
        Agreement.Check(what, referenceLoss, reference, loss, gradient);
    }

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
