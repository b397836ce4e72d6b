namespace DerivGen.Benchmarks;

// The networks under test. DerivGen generates Forward/Loss/Backward/BackwardBatchMean and the rest for each at
// compile time (obj/<Configuration>/net10.0/generated/). The 784-128-10 network is declared in Large/. Each asks only for
// the method groups its benchmarks call (H·v: SecondOrder; BackwardBatchMean: Batches; nothing here calls the trace or the
// input derivatives), which keeps the build, and so CI, shorter.

/// <summary>The seeds' network: 3 inputs, Dense(3, ReLU), Dense(1, Sigmoid), squared error.</summary>
[Network(3, Loss = LossFunction.SquaredError, Methods = NetworkMethods.SecondOrder | NetworkMethods.Batches)]
[Dense(3, Activation.ReLU)]
[Dense(1, Activation.Sigmoid)]
public partial class Net3x3x1
{
}

/// <summary>
/// A small tanh network, 8 inputs, Dense(8, Tanh), Dense(1), squared error: every fan-in under 16, so it gets the lane
/// batch, and each unit costs two exponentials (tanh, and sech² where |z| &gt; 1), in vectors in the lanes.
/// </summary>
[Network(8, Loss = LossFunction.SquaredError, Methods = NetworkMethods.Batches)]
[Dense(8, Activation.Tanh)]
[Dense(1, Activation.Identity)]
public partial class Net8x8x1
{
}

/// <summary>A small regression network: 16 inputs, Dense(32, Tanh), Dense(1), squared error.</summary>
[Network(16, Loss = LossFunction.SquaredError, Methods = NetworkMethods.SecondOrder | NetworkMethods.Batches)]
[Dense(32, Activation.Tanh)]
[Dense(1, Activation.Identity)]
public partial class Net16x32x1
{
}

/// <summary>The C++ peer's 16-32-1 network (<see cref="PeerCaseBenchmarks"/>): Dense(32, ReLU), Dense(1, Sigmoid), squared error.</summary>
[Network(16, Loss = LossFunction.SquaredError)]
[Dense(32, Activation.ReLU)]
[Dense(1, Activation.Sigmoid)]
public partial class PeerNet16x32x1
{
}

/// <summary>
/// A classifier: Dense(64, ReLU), Dense(10, Softmax), cross-entropy. With the default UnrollLimit (1024 weights) the
/// 64 × 64 layer is computed with loops and the 64 × 10 layer, softmax and loss are unrolled.
/// </summary>
[Network(64, Loss = LossFunction.CrossEntropy, Methods = NetworkMethods.SecondOrder | NetworkMethods.Batches)]
[Dense(64, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class Net64x64x10
{
}

/// <summary>
/// <see cref="Net64x64x10"/> in single precision (same layers, same default UnrollLimit): the same API over <c>float</c>,
/// benchmarked beside the double network to show what halving the element size buys.
/// </summary>
[Network(64, Loss = LossFunction.CrossEntropy, Precision = Precision.Single, Methods = NetworkMethods.Core)]
[Dense(64, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class Net64x64x10Single
{
}

/// <summary>
/// <see cref="Net64x64x10"/> with every layer unrolled (UnrollLimit = 4736, all its weights): one straight-line statement per scalar,
/// too long a method for the JIT to optimise. Benchmarked beside the default (first layer looped) to show the cost.
/// </summary>
#pragma warning disable DG0051 // the size DG0051 warns about is what this benchmark measures
[Network(64, Loss = LossFunction.CrossEntropy, UnrollLimit = 4736, Methods = NetworkMethods.SecondOrder)]
#pragma warning restore DG0051
[Dense(64, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class Net64x64x10Unrolled
{
}
