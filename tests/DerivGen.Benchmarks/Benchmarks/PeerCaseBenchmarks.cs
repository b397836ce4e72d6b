using BenchmarkDotNet.Attributes;

namespace DerivGen.Benchmarks;

/// <summary>
/// The generated <c>Backward</c> on the C++ peer's own three cases (copies of its case files, kept in PeerCases/): the same
/// networks (16-32-1 is ReLU and Sigmoid there, not the Tanh network of <see cref="Net16x32x1Benchmarks"/>), the same
/// parameters and the same single sample on every call, as the peer times them. The per-sample benchmarks cycle through
/// 16 samples instead, so that ReLU's branches are not one fixed pattern; this one measures what the peer measures, to
/// compare with the peer's own timings (its run.sh, outside this repository) taken in the same sitting.
/// </summary>
[MemoryDiagnoser]
public class PeerCaseBenchmarks
{
    private readonly PeerCase _small = PeerCase.Read("bench_331");
    private readonly PeerCase _medium = PeerCase.Read("bench_16_32_1");
    private readonly PeerCase _large = PeerCase.Read("bench_64_64_10");
    private readonly double[] _smallGradient = new double[Net3x3x1.ParameterCount];
    private readonly double[] _mediumGradient = new double[PeerNet16x32x1.ParameterCount];
    private readonly double[] _largeGradient = new double[Net64x64x10.ParameterCount];

    /// <summary>Checks each network's loss and gradient against the case's 50-digit values.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Agreement.Check("peer case 3-3-1", _small.ReferenceLoss, _small.ReferenceGradient, Small(), _smallGradient);
        Agreement.Check("peer case 16-32-1", _medium.ReferenceLoss, _medium.ReferenceGradient, Medium(), _mediumGradient);
        Agreement.Check("peer case 64-64-10", _large.ReferenceLoss, _large.ReferenceGradient, Large(), _largeGradient);
    }

    /// <summary>3-3-1, the seeds' network and numbers (x = (20, 3, 4), y = 18).</summary>
    [Benchmark]
    public double Small() => Net3x3x1.Backward(_small.Parameters, _small.Input, _small.Target, _smallGradient);

    /// <summary>16-32-1, ReLU then Sigmoid, squared error.</summary>
    [Benchmark]
    public double Medium() => PeerNet16x32x1.Backward(_medium.Parameters, _medium.Input, _medium.Target, _mediumGradient);

    /// <summary>64-64-10, ReLU then softmax with cross-entropy.</summary>
    [Benchmark]
    public double Large() => Net64x64x10.Backward(_large.Parameters, _large.Input, _large.Target, _largeGradient);
}
