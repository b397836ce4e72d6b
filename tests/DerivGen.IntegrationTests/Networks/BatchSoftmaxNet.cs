namespace DerivGen.IntegrationTests.Networks;

/// <summary>A 3-5-4 classifier for the batch tests: tanh hidden layer, softmax output, cross-entropy loss.</summary>
[Network(3, Loss = LossFunction.CrossEntropy)]
[Dense(5, Activation.Tanh)]
[Dense(4, Activation.Softmax)]
public partial class BatchSoftmaxNet
{
}
