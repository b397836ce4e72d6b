using System;

namespace DerivGen.Tests.Infrastructure
{
    // The float (Precision.Single) counterparts of NetworkDelegates.cs, and the accumulating and mini-batch methods of
    // both precisions, bound with MethodInfo.CreateDelegate as the double ones are.

    /// <summary>The generated <c>static void Forward(parameters, input, output)</c> over float.</summary>
    internal delegate void SingleForwardDelegate(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output);

    /// <summary>The generated <c>static float Loss(parameters, input, target)</c>.</summary>
    internal delegate float SingleLossDelegate(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> target);

    /// <summary>
    /// The generated <c>static float Backward(parameters, input, target, gradient)</c>, and also
    /// <c>BackwardAccumulate</c>, which has the same signature.
    /// </summary>
    internal delegate float SingleBackwardDelegate(
        ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> target, Span<float> gradient);

    /// <summary>The generated <c>static float Backward(parameters, input, target, gradient, trace)</c>.</summary>
    internal delegate float SingleBackwardWithTraceDelegate(
        ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, ReadOnlySpan<float> target, Span<float> gradient, Span<float> trace);

    /// <summary>The generated <c>static float BackwardBatch(parameters, inputs, targets, rows, gradient)</c> and <c>BackwardBatchMean</c>.</summary>
    internal delegate float SingleBackwardBatchDelegate(
        ReadOnlySpan<float> parameters, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int rows, Span<float> gradient);

    /// <summary>The generated <c>static double BackwardBatch(parameters, inputs, targets, rows, gradient)</c> and <c>BackwardBatchMean</c>.</summary>
    internal delegate double BackwardBatchDelegate(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int rows, Span<double> gradient);
}
