using System;

namespace DerivGen.Tests.Infrastructure
{
    // Typed views of the generated static members. Span parameters cannot go through MethodInfo.Invoke(object[]),
    // so the loader binds the methods to these delegate types with MethodInfo.CreateDelegate.

    /// <summary>The generated <c>static void Forward(parameters, input, output)</c>.</summary>
    internal delegate void ForwardDelegate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> output);

    /// <summary>The generated <c>static double Loss(parameters, input, target)</c>.</summary>
    internal delegate double LossDelegate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target);

    /// <summary>The generated <c>static double Backward(parameters, input, target, gradient)</c>.</summary>
    internal delegate double BackwardDelegate(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> gradient);

    /// <summary>The generated <c>static double Backward(parameters, input, target, gradient, trace)</c>.</summary>
    internal delegate double BackwardWithTraceDelegate(
        ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> target, Span<double> gradient, Span<double> trace);
}
