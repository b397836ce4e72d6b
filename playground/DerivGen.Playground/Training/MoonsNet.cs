namespace DerivGen.Playground.Training;

/// <summary>
/// Two moons: 2 inputs → Dense(16, tanh) → Dense(16, tanh) → Dense(2, softmax), cross-entropy against one-hot labels.
/// </summary>
[Network(2, Loss = LossFunction.CrossEntropy)]
[Dense(16, Activation.Tanh)]
[Dense(16, Activation.Tanh)]
[Dense(2, Activation.Softmax)]
public partial class MoonsNet
{
}
