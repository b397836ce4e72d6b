using System;

namespace DerivGen.IntegrationTests.Networks;

/// <summary>
/// The seeds' 3-3-1 exercise with its output activation and its loss written as the user's own functions: the same
/// network as <see cref="TinyNet"/>, so it must give the same numbers.
/// </summary>
[Network(3, LossMethod = nameof(SquaredError))]
[Dense(3, Activation.ReLU)]
[Dense(1, ActivationMethod = nameof(Logistic))]
public partial class TinyNetWithOwnFunctions
{
    [Differentiable]
    public static double Logistic(double z) => 1 / (1 + Math.Exp(-z));

    [Differentiable]
    public static double SquaredError(double output, double target) => (output - target) * (output - target);
}
