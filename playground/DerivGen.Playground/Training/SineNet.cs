namespace DerivGen.Playground.Training;

/// <summary>
/// Sine regression: 1 input → Dense(16, tanh) → Dense(16, tanh) → Dense(1), mean squared error.
/// </summary>
[Network(1, Loss = LossFunction.MeanSquaredError)]
[Dense(16, Activation.Tanh)]
[Dense(16, Activation.Tanh)]
[Dense(1)]
public partial class SineNet
{
}
