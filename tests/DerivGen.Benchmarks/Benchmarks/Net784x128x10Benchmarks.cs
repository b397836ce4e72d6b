using BenchmarkDotNet.Attributes;
using DerivGen.Benchmarks.HandWritten;
using DerivGen.Benchmarks.Tensor;

namespace DerivGen.Benchmarks;

/// <summary>
/// One forward and backward pass of an MNIST-sized classifier, 784-128-10 (ReLU hidden, Softmax output,
/// cross-entropy; inputs in [0, 1] like pixel intensities). The generated side (the network declaration and the
/// <c>Generated</c> benchmark) is in Large/Net784x128x10.Generated.cs.
/// </summary>
[MemoryDiagnoser]
public partial class Net784x128x10Benchmarks
{
    private readonly PerSampleData _data = new(784, 128, 10, oneHot: true, inputLow: 0.0, seed: 78412810);
    private readonly HandReluSoftmaxNet _hand = new(784, 128, 10);
    private readonly TensorReluSoftmaxNet _tensor = new(784, 128, 10);
    private readonly double[] _reference = new double[784 * 128 + 128 + 128 * 10 + 10];

    /// <summary>Loads the parameters and checks that every variant computes the same loss and gradient.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _hand.LoadParameters(_data.Parameters);
        for (int s = 0; s < PerSampleData.Count; s++)
        {
            double referenceLoss = _hand.Backward(_data.InputRows[s], _data.TargetRows[s]);
            _hand.StoreGradient(_reference);
            double loss = _tensor.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
            Agreement.Check($"784-128-10 TensorPrimitives, sample {s}", referenceLoss, _reference, loss, _data.Gradient);
            CheckGenerated(s, referenceLoss);
        }
    }

    /// <summary>Idiomatic hand-written C#: jagged arrays, nested loops, preallocated buffers.</summary>
    [Benchmark(Baseline = true)]
    public double HandWritten()
    {
        int s = _data.Next();
        return _hand.Backward(_data.InputRows[s], _data.TargetRows[s]);
    }

    /// <summary>Hand-written over spans with System.Numerics.Tensors.TensorPrimitives.</summary>
    [Benchmark]
    public double TensorPrimitives()
    {
        int s = _data.Next();
        return _tensor.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
    }

    /// <summary>Compares the generated Backward on sample <paramref name="sample"/> with <see cref="_reference"/>;
    /// implemented in Large/.</summary>
    partial void CheckGenerated(int sample, double referenceLoss);
}
