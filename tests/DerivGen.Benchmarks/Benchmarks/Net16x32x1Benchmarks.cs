using BenchmarkDotNet.Attributes;
using DerivGen.Benchmarks.HandWritten;
using DerivGen.Benchmarks.Tensor;

namespace DerivGen.Benchmarks;

/// <summary>One forward and backward pass of a 16-32-1 network (Tanh hidden, Identity output, squared error).</summary>
[MemoryDiagnoser]
public class Net16x32x1Benchmarks
{
    private readonly PerSampleData _data = new(16, 32, 1, oneHot: false, inputLow: -1.0, seed: 16321);
    private readonly HandTanhLinearNet _hand = new(16, 32, 1);
    private readonly TensorTanhLinearNet _tensor = new(16, 32, 1);

    /// <summary>Loads the parameters and checks that every variant computes the same loss and gradient.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _hand.LoadParameters(_data.Parameters);
        var reference = new double[Net16x32x1.ParameterCount];
        for (int s = 0; s < PerSampleData.Count; s++)
        {
            double referenceLoss = _hand.Backward(_data.InputRows[s], _data.TargetRows[s]);
            _hand.StoreGradient(reference);
            double loss = Net16x32x1.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
            Agreement.Check($"16-32-1 generated, sample {s}", referenceLoss, reference, loss, _data.Gradient);
            loss = _tensor.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
            Agreement.Check($"16-32-1 TensorPrimitives, sample {s}", referenceLoss, reference, loss, _data.Gradient);
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
        return Net16x32x1.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
    }

    /// <summary>Hand-written over spans with System.Numerics.Tensors.TensorPrimitives.</summary>
    [Benchmark]
    public double TensorPrimitives()
    {
        int s = _data.Next();
        return _tensor.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
    }
}
