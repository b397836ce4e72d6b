using DerivGen;

/// <summary>
/// The seeds' worked exercise: 3 inputs → Dense(3, ReLU) → Dense(1, Sigmoid), loss (A2 − y)².
/// DerivGen fills in the rest of this partial class at compile time (see TinyNet.DerivGen.g.cs under obj/).
/// </summary>
[Network(3, Loss = LossFunction.SquaredError)]
[Dense(3, Activation.ReLU)]
[Dense(1, Activation.Sigmoid)]
public partial class TinyNet
{
}
