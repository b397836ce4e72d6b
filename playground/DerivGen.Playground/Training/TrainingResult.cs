using System;

namespace DerivGen.Playground.Training;

/// <summary>Where a training run stands after an epoch.</summary>
/// <param name="Epoch">Epochs done, 1-based.</param>
/// <param name="Epochs">Epochs planned.</param>
/// <param name="Loss">Mean mini-batch loss over the epoch (each batch's mean weighted by its rows).</param>
/// <param name="Value">The task's metric on its evaluation rows, or NaN when not measured this epoch.</param>
public readonly record struct EpochReport(int Epoch, int Epochs, double Loss, double Value);

/// <summary>The outcome of a training run.</summary>
/// <param name="Task">The task trained.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="Steps">Optimiser steps taken.</param>
/// <param name="FinalLoss">LossBatchMean over the whole training set with the final parameters.</param>
/// <param name="Value">The metric on the evaluation rows with the final parameters.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <param name="Parameters">The trained θ.</param>
public sealed record TrainingResult(TrainingTask Task, int Epochs, long Steps, double FinalLoss, double Value, TimeSpan Elapsed, double[] Parameters)
{
    /// <summary>True when the final metric meets the task's target.</summary>
    public bool TargetMet => Task.Meets(Value);
}
