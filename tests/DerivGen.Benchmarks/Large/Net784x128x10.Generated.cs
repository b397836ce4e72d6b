// Compiled only when the MSBuild property DerivGenLargeNetwork is true (see DerivGen.Benchmarks.csproj). A 784 × 128
// layer is far past any unroll limit, so this network depends on the generator's loop form for large layers; kept
// apart so that the rest of the project builds whatever the state of that form.
using BenchmarkDotNet.Attributes;

namespace DerivGen.Benchmarks;

/// <summary>An MNIST-sized classifier: 784 inputs, Dense(128, ReLU), Dense(10, Softmax), cross-entropy.</summary>
[Network(784, Loss = LossFunction.CrossEntropy)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class Net784x128x10
{
}

/// <summary>The generated side of the 784-128-10 benchmarks.</summary>
public partial class Net784x128x10Benchmarks
{
    /// <summary>The generated <c>Backward</c> into a preallocated gradient.</summary>
    [Benchmark]
    public double Generated()
    {
        int s = _data.Next();
        return Net784x128x10.Backward(_data.Parameters, _data.Input(s), _data.Target(s), _data.Gradient);
    }

    partial void CheckGenerated(int sample, double referenceLoss)
    {
        double loss = Net784x128x10.Backward(_data.Parameters, _data.Input(sample), _data.Target(sample), _data.Gradient);
        Agreement.Check($"784-128-10 generated, sample {sample}", referenceLoss, _reference, loss, _data.Gradient);
    }
}
