using System;
using BenchmarkDotNet.Attributes;

namespace DerivGen.Benchmarks;

/// <summary>
/// The generated <c>HessianVectorProduct</c> beside <c>Backward</c> of the same network, at 3-3-1, 16-32-1 and 64-64-10
/// (every layer unrolled, and at the default UnrollLimit, its first layer looped). Forward over reverse should cost a
/// small constant (≤ 4) times one Backward, and allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class HessianVectorProductBenchmarks
{
    private readonly PerSampleData _small = new(3, 3, 1, oneHot: false, inputLow: -1.0, seed: 331);
    private readonly PerSampleData _medium = new(16, 32, 1, oneHot: false, inputLow: -1.0, seed: 16321);
    private readonly PerSampleData _large = new(64, 64, 10, oneHot: true, inputLow: 0.0, seed: 646410);
    private readonly double[] _smallDirection = Direction(Net3x3x1.ParameterCount);
    private readonly double[] _mediumDirection = Direction(Net16x32x1.ParameterCount);
    private readonly double[] _largeDirection = Direction(Net64x64x10Unrolled.ParameterCount);
    private readonly double[] _smallProduct = new double[Net3x3x1.ParameterCount];
    private readonly double[] _mediumProduct = new double[Net16x32x1.ParameterCount];
    private readonly double[] _largeProduct = new double[Net64x64x10Unrolled.ParameterCount];

    [Benchmark(Baseline = true)]
    public double Backward_3x3x1()
    {
        int s = _small.Next();
        return Net3x3x1.Backward(_small.Parameters, _small.Input(s), _small.Target(s), _small.Gradient);
    }

    [Benchmark]
    public double HessianVectorProduct_3x3x1()
    {
        int s = _small.Next();
        return Net3x3x1.HessianVectorProduct(_small.Parameters, _small.Input(s), _small.Target(s), _smallDirection, _small.Gradient, _smallProduct);
    }

    [Benchmark]
    public double Backward_16x32x1()
    {
        int s = _medium.Next();
        return Net16x32x1.Backward(_medium.Parameters, _medium.Input(s), _medium.Target(s), _medium.Gradient);
    }

    [Benchmark]
    public double HessianVectorProduct_16x32x1()
    {
        int s = _medium.Next();
        return Net16x32x1.HessianVectorProduct(_medium.Parameters, _medium.Input(s), _medium.Target(s), _mediumDirection, _medium.Gradient, _mediumProduct);
    }

    [Benchmark]
    public double Backward_64x64x10()
    {
        int s = _large.Next();
        return Net64x64x10Unrolled.Backward(_large.Parameters, _large.Input(s), _large.Target(s), _large.Gradient);
    }

    [Benchmark]
    public double HessianVectorProduct_64x64x10()
    {
        int s = _large.Next();
        return Net64x64x10Unrolled.HessianVectorProduct(_large.Parameters, _large.Input(s), _large.Target(s), _largeDirection, _large.Gradient, _largeProduct);
    }

    [Benchmark]
    public double Backward_64x64x10Looped()
    {
        int s = _large.Next();
        return Net64x64x10.Backward(_large.Parameters, _large.Input(s), _large.Target(s), _large.Gradient);
    }

    [Benchmark]
    public double HessianVectorProduct_64x64x10Looped()
    {
        int s = _large.Next();
        return Net64x64x10.HessianVectorProduct(_large.Parameters, _large.Input(s), _large.Target(s), _largeDirection, _large.Gradient, _largeProduct);
    }

    /// <summary>A fixed direction with entries of both signs, of order 1.</summary>
    private static double[] Direction(int length)
    {
        var v = new double[length];
        for (int k = 0; k < length; k++)
        {
            v[k] = Math.Sin(1.0 + k);
        }

        return v;
    }
}
