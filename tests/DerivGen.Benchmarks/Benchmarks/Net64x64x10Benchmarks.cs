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
}
