namespace DerivGen.Playground.Training;

/// <summary>
/// XOR: 2 inputs → Dense(8, tanh) → Dense(1, sigmoid), binary cross-entropy (computed from the logit, so it stays
/// finite however confident the network gets).
/// </summary>
[Network(2, Loss = LossFunction.BinaryCrossEntropy)]
[Dense(8, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet
{
}
