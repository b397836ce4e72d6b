using System;

namespace DerivGen.Playground.Training;

/// <summary>A generated <c>BackwardBatchMean</c>: mean loss of a mini-batch, gradient overwritten with its mean gradient.</summary>
public delegate double BatchGradient(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int rows, Span<double> gradient);

/// <summary>A generated <c>LossBatchMean</c>.</summary>
public delegate double BatchLoss(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int rows);

/// <summary>A generated <c>ForwardBatch</c>.</summary>
public delegate void BatchForward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, int rows, Span<double> outputs);
