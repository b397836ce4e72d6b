using System;
using Xunit;

namespace DerivGen.IntegrationTests.Training;

/// <summary>
/// The optimisers allocate their state in the constructor and nothing in <c>Step</c>: after a warm-up (JIT tiering),
/// 10,000 steps on a 370-parameter vector (the size of a 2-16-16-2 network) must allocate exactly 0 bytes on this
/// thread.
/// </summary>
public sealed class OptimizerAllocationTests
{
    private const int Steps = 10_000;
    private const int Count = 370;

    public static TheoryData<string> Optimizers() => new() { "sgd", "momentum", "adam" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Double_step_does_not_allocate(string name)
    {
        IOptimizer optimizer = Create(name);
        double[] parameters = Filled(1.0);
        double[] gradient = Filled(1e-3);

        StepDouble(optimizer, parameters, gradient, Steps);
        Assert.Equal(0, StepDouble(optimizer, parameters, gradient, Steps));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Float_step_does_not_allocate(string name)
    {
        IOptimizer optimizer = Create(name);
        float[] parameters = Array.ConvertAll(Filled(1.0), p => (float)p);
        float[] gradient = Array.ConvertAll(Filled(1e-3), g => (float)g);

        StepSingle(optimizer, parameters, gradient, Steps);
        Assert.Equal(0, StepSingle(optimizer, parameters, gradient, Steps));
    }

    [Fact]
    public void Zeroing_gradients_does_not_allocate()
    {
        double[] gradient = Filled(1.0);
        float[] single = new float[Count];
        Zero(gradient, single, Steps);

        gradient[7] = 1.0;
        single[7] = 1.0f;
        Assert.Equal(0, Zero(gradient, single, Steps));
        Assert.All(gradient, g => Assert.Equal(0.0, g));
        Assert.All(single, g => Assert.Equal(0.0f, g));
    }

    private static IOptimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(Count, learningRate: 1e-3),
        "momentum" => new Sgd(Count, learningRate: 1e-3, momentum: 0.9),
        _ => new Adam(Count, learningRate: 1e-3),
    };

    private static double[] Filled(double value)
    {
        var values = new double[Count];
        for (int k = 0; k < Count; k++)
        {
            values[k] = value * (1 + (k % 7));
        }

        return values;
    }

    private static long StepDouble(IOptimizer optimizer, double[] parameters, double[] gradient, int steps)
    {
        double before0 = parameters[0];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < steps; n++)
        {
            optimizer.Step(parameters, gradient);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(parameters[0] < before0); // the steps happened
        return allocated;
    }

    private static long StepSingle(IOptimizer optimizer, float[] parameters, float[] gradient, int steps)
    {
        float before0 = parameters[0];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < steps; n++)
        {
            optimizer.Step(parameters, gradient);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(parameters[0] < before0);
        return allocated;
    }

    private static long Zero(double[] gradient, float[] single, int calls)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            Gradients.Zero(gradient);
            Gradients.Zero(single);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
