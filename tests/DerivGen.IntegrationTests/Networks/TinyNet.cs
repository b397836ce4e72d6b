namespace DerivGen.IntegrationTests.Networks;

/// <summary>The seeds' worked exercise: 3 inputs → Dense(3, ReLU) → Dense(1, Sigmoid), squared-error loss.</summary>
[Network(3, Loss = LossFunction.SquaredError)]
[Dense(3, Activation.ReLU)]
[Dense(1, Activation.Sigmoid)]
public partial class TinyNet
{
}
