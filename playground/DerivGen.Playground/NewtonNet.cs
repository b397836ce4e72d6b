using DerivGen;

namespace DerivGen.Playground;

/// <summary>The regression of the <c>newton</c> command: 1 input → Dense(8, Tanh) → Dense(1), mean squared error.</summary>
[Network(1, Loss = LossFunction.MeanSquaredError)]
[Dense(8, Activation.Tanh)]
[Dense(1)]
public partial class NewtonNet
{
}
