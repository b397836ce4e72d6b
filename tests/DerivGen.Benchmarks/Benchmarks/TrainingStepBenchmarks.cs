using System;
using BenchmarkDotNet.Attributes;
using DerivGen.Benchmarks.HandWritten;
using DerivGen.Benchmarks.Tensor;

namespace DerivGen.Benchmarks;

/// <summary>
/// One mini-batch training step of the 64-64-10 classifier: the mean loss and gradient over 32 samples, then plain
/// SGD, θ ← θ − η·g (written inline, or the attributes library's <see cref="Sgd"/>). Each variant trains its own copy
/// of the parameters, so they drift (identically, up to rounding) from one invocation to the next, as in training.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    /// <summary>The mini-batch size.</summary>
    public const int BatchSize = 32;

    private const double LearningRate = 0.01;
    private const int Inputs = 64, Hidden = 64, Classes = 10;

    private readonly double[] _initial = Data.Parameters(Inputs, Hidden, Classes, seed: 3232);
    private readonly double[] _inputs = Data.Uniform(BatchSize * Inputs, -1.0, 1.0, seed: 3233);
    private readonly double[] _targets = Data.OneHot(BatchSize, Classes, seed: 3234);
    private readonly double[][] _inputRows;
    private readonly double[][] _targetRows;
    private readonly HandReluSoftmaxNet _hand = new(Inputs, Hidden, Classes);
    private readonly double[] _generatedParameters = new double[Net64x64x10.ParameterCount];
    private readonly double[] _generatedGradient = new double[Net64x64x10.ParameterCount];
    private readonly double[] _sgdParameters = new double[Net64x64x10.ParameterCount];
    private readonly double[] _sgdGradient = new double[Net64x64x10.ParameterCount];
    private readonly Sgd _sgd = new(Net64x64x10.ParameterCount, LearningRate);
    private readonly TensorReluSoftmaxNet _tensor = new(Inputs, Hidden, Classes);
    private readonly double[] _tensorParameters = new double[Net64x64x10.ParameterCount];
    private readonly double[] _tensorGradient = new double[Net64x64x10.ParameterCount];

    /// <summary>Splits the batch into one array per sample for the hand-written code.</summary>
    public TrainingStepBenchmarks()
    {
        _inputRows = Data.Rows(_inputs, Inputs);
        _targetRows = Data.Rows(_targets, Classes);
    }

    /// <summary>
    /// Takes one step with each variant from the same parameters and checks that the mean losses and the parameter
    /// updates θ' − θ agree, then starts every variant again from those parameters.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        Reset();
        double referenceLoss = HandWritten();
        var reference = new double[_initial.Length];
        _hand.StoreParameters(reference);
        Subtract(reference, _initial);

        double loss = Generated();
        Subtract(_generatedParameters, _initial);
        Agreement.Check("64-64-10 training step, generated", referenceLoss, reference, loss, _generatedParameters);
        loss = GeneratedWithSgd();
        Subtract(_sgdParameters, _initial);
        Agreement.Check("64-64-10 training step, generated with Sgd", referenceLoss, reference, loss, _sgdParameters);
        loss = TensorPrimitives();
        Subtract(_tensorParameters, _initial);
        Agreement.Check("64-64-10 training step, TensorPrimitives", referenceLoss, reference, loss, _tensorParameters);
        Reset();
    }

    /// <summary>Hand-written: clear the gradient arrays, accumulate 32 samples, SGD over the jagged arrays.</summary>
    [Benchmark(Baseline = true)]
    public double HandWritten()
    {
        _hand.ClearGradient();
        double loss = 0.0;
        for (int row = 0; row < BatchSize; row++)
        {
            loss += _hand.BackwardAccumulate(_inputRows[row], _targetRows[row]);
        }

        _hand.SgdStep(LearningRate, BatchSize);
        return loss / BatchSize;
    }

    /// <summary>The generated <c>BackwardBatchMean</c> over the row-major batch, then SGD written inline.</summary>
    [Benchmark]
    public double Generated()
    {
        double[] parameters = _generatedParameters, gradient = _generatedGradient;
        double loss = Net64x64x10.BackwardBatchMean(parameters, _inputs, _targets, BatchSize, gradient);
        for (int k = 0; k < parameters.Length; k++)
        {
            parameters[k] -= LearningRate * gradient[k];
        }

        return loss;
    }

    /// <summary>The generated <c>BackwardBatchMean</c>, then the attributes library's <see cref="Sgd"/> optimiser.</summary>
    [Benchmark]
    public double GeneratedWithSgd()
    {
        double loss = Net64x64x10.BackwardBatchMean(_sgdParameters, _inputs, _targets, BatchSize, _sgdGradient);
        _sgd.Step(_sgdParameters, _sgdGradient);
        return loss;
    }

    /// <summary>TensorPrimitives: accumulate 32 samples into one gradient, then θ ← θ + (−η/32)·g in one MultiplyAdd.</summary>
    [Benchmark]
    public double TensorPrimitives()
    {
        Array.Clear(_tensorGradient);
        double loss = 0.0;
        for (int row = 0; row < BatchSize; row++)
        {
            loss += _tensor.BackwardAccumulate(
                _tensorParameters, _inputs.AsSpan(row * Inputs, Inputs), _targets.AsSpan(row * Classes, Classes), _tensorGradient);
        }

        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_tensorGradient, -LearningRate / BatchSize, _tensorParameters, _tensorParameters);
        return loss / BatchSize;
    }

    private static void Subtract(double[] values, double[] subtrahend)
    {
        for (int k = 0; k < values.Length; k++)
        {
            values[k] -= subtrahend[k];
        }
    }

    private void Reset()
    {
        _hand.LoadParameters(_initial);
        _initial.CopyTo(_generatedParameters, 0);
        _initial.CopyTo(_sgdParameters, 0);
        _initial.CopyTo(_tensorParameters, 0);
    }
}
