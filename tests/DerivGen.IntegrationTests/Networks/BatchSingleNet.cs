namespace DerivGen.IntegrationTests.Networks;

/// <summary>A 2-4-2 regression network in single precision for the batch tests: SiLU hidden layer, mean squared error.</summary>
[Network(2, Loss = LossFunction.MeanSquaredError, Precision = Precision.Single)]
[Dense(4, Activation.Silu)]
[Dense(2)]
public partial class BatchSingleNet
{
}
