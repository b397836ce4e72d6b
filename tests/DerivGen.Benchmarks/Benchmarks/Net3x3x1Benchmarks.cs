using BenchmarkDotNet.Attributes;
using DerivGen.Benchmarks.HandWritten;

namespace DerivGen.Benchmarks;

/// <summary>
/// One forward and backward pass of the seeds' 3-3-1 network (ReLU, Sigmoid, squared error). Too small for vector
/// operations to help, so there is no TensorPrimitives variant.
/// </summary>
[MemoryDiagnoser]
public class Net3x3x1Benchmarks
{
    private readonly PerSampleData _data = new(3, 3, 1, oneHot: false, inputLow: -1.0, seed: 331);
    private readonly HandReluSigmoidNet _hand = new(3, 3, 1);

    /// <summary>Loads the parameters and checks that every variant computes the same loss and gradient.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _hand.LoadParameters(_data.Parameters);
        var reference = new double[Net3x3x1.ParameterCount];
        for (int s = 0; s < PerSampleData.Count; s++)
        {
            double referenceLoss = _hand.Backward(_data.InputRows[s], _data.TargetRows[s]);
            _hand.StoreGradient(reference);
            double loss = Net3x3x1.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
            Agreement.Check($"3-3-1 generated, sample {s}", referenceLoss, reference, loss, _data.Gradient);
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
        return Net3x3x1.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
    }
}
