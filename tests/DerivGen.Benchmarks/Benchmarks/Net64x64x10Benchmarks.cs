using System;
using BenchmarkDotNet.Attributes;
using DerivGen.Benchmarks.HandWritten;
using DerivGen.Benchmarks.Tensor;

namespace DerivGen.Benchmarks;

/// <summary>
/// One forward and backward pass of a 64-64-10 classifier (ReLU hidden, Softmax output, cross-entropy), generated
/// with the default UnrollLimit (first layer looped) and fully unrolled.
/// </summary>
[MemoryDiagnoser]
public class Net64x64x10Benchmarks
{
    private readonly PerSampleData _data = new(64, 64, 10, oneHot: true, inputLow: -1.0, seed: 646410);
    private readonly HandReluSoftmaxNet _hand = new(64, 64, 10);
    private readonly TensorReluSoftmaxNet _tensor = new(64, 64, 10);
    private readonly float[] _singleParameters = new float[Net64x64x10Single.ParameterCount];
    private readonly float[] _singleInputs = new float[PerSampleData.Count * 64];
    private readonly float[] _singleTargets = new float[PerSampleData.Count * 10];
    private readonly float[] _singleGradient = new float[Net64x64x10Single.ParameterCount];

    /// <summary>Loads the parameters and checks that every variant computes the same loss and gradient.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _hand.LoadParameters(_data.Parameters);
        var reference = new double[Net64x64x10.ParameterCount];
        for (int s = 0; s < PerSampleData.Count; s++)
        {
            double referenceLoss = _hand.Backward(_data.InputRows[s], _data.TargetRows[s]);
            _hand.StoreGradient(reference);
            double loss = Net64x64x10.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
            Agreement.Check($"64-64-10 generated, sample {s}", referenceLoss, reference, loss, _data.Gradient);
            loss = Net64x64x10Unrolled.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
            Agreement.Check($"64-64-10 generated fully unrolled, sample {s}", referenceLoss, reference, loss, _data.Gradient);
            loss = _tensor.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
            Agreement.Check($"64-64-10 TensorPrimitives, sample {s}", referenceLoss, reference, loss, _data.Gradient);
        }

        // The float network runs on the same data rounded to float; it agrees with the double one to float's precision.
        Round(_data.Parameters, _singleParameters);
        Round(_data.InputBlock, _singleInputs);
        Round(_data.TargetBlock, _singleTargets);
        for (int s = 0; s < PerSampleData.Count; s++)
        {
            double loss = Net64x64x10.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
            float singleLoss = Net64x64x10Single.Backward(_singleParameters, SingleInput(s), SingleTarget(s), _singleGradient);
            Agreement.CheckSingle($"64-64-10 generated in float, sample {s}", loss, _data.Gradient, singleLoss, _singleGradient);
        }
    }

    /// <summary>Idiomatic hand-written C#: jagged arrays, nested loops, preallocated buffers.</summary>
    [Benchmark(Baseline = true)]
    public double HandWritten()
    {
        int s = _data.Next();
        return _hand.Backward(_data.InputRows[s], _data.TargetRows[s]);
    }

    /// <summary>The generated <c>Backward</c> into a preallocated gradient.</summary>
    [Benchmark]
    public double Generated()
    {
        int s = _data.Next();
        return Net64x64x10.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
    }

    /// <summary>The generated <c>Backward</c> of <see cref="Net64x64x10Single"/>: the same network in <c>float</c>.</summary>
    [Benchmark]
    public float GeneratedSingle()
    {
        int s = _data.Next();
        return Net64x64x10Single.Backward(_singleParameters, SingleInput(s), SingleTarget(s), _singleGradient);
    }

    /// <summary>The generated <c>Backward</c> of <see cref="Net64x64x10Unrolled"/>: every layer unrolled (UnrollLimit = 4736).</summary>
    [Benchmark]
    public double GeneratedUnrolled()
    {
        int s = _data.Next();
        return Net64x64x10Unrolled.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
    }

    /// <summary>Hand-written over spans with System.Numerics.Tensors.TensorPrimitives.</summary>
    [Benchmark]
    public double TensorPrimitives()
    {
        int s = _data.Next();
        return _tensor.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
    }

    private ReadOnlySpan<float> SingleInput(int sample) => _singleInputs.AsSpan(sample * 64, 64);

    private ReadOnlySpan<float> SingleTarget(int sample) => _singleTargets.AsSpan(sample * 10, 10);

    private static void Round(double[] source, float[] destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (float)source[i];
        }
    }
}
