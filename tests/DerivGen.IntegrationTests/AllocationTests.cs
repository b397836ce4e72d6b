using System;
using DerivGen.IntegrationTests.Networks;
using Xunit;

namespace DerivGen.IntegrationTests;

/// <summary>
/// The contract says nothing allocates except constructing an instance. Each test allocates its buffers first,
/// warms the method up (so that JIT tiering has happened), then counts the bytes this thread allocates over
/// <see cref="Calls"/> calls; the count must be exactly zero.
/// </summary>
public sealed class AllocationTests
{
    private const int Calls = 10_000;

    private readonly double[] _parameters = Seed331.Parameters();
    private readonly double[] _output = new double[TinyNet.OutputCount];
    private readonly double[] _gradient = new double[TinyNet.ParameterCount];
    private readonly double[] _trace = new double[TinyNet.TraceLength];
    private readonly TinyNet _net = CreateNet();

    [Fact]
    public void Static_Forward_does_not_allocate()
    {
        StaticForward(Calls); // warm-up: this count may include JIT work
        Assert.Equal(0, StaticForward(Calls));
    }

    [Fact]
    public void Static_Loss_does_not_allocate()
    {
        StaticLoss(Calls);
        Assert.Equal(0, StaticLoss(Calls));
    }

    [Fact]
    public void Static_Backward_does_not_allocate()
    {
        StaticBackward(Calls);
        Assert.Equal(0, StaticBackward(Calls));
    }

    [Fact]
    public void Static_Backward_with_trace_does_not_allocate()
    {
        StaticBackwardWithTrace(Calls);
        Assert.Equal(0, StaticBackwardWithTrace(Calls));
    }

    [Fact]
    public void Instance_Forward_does_not_allocate()
    {
        InstanceForward(Calls);
        Assert.Equal(0, InstanceForward(Calls));
    }

    [Fact]
    public void Instance_Loss_does_not_allocate()
    {
        InstanceLoss(Calls);
        Assert.Equal(0, InstanceLoss(Calls));
    }

    [Fact]
    public void Instance_Backward_does_not_allocate()
    {
        InstanceBackward(Calls);
        Assert.Equal(0, InstanceBackward(Calls));
    }

    [Fact]
    public void Instance_Backward_with_trace_does_not_allocate()
    {
        InstanceBackwardWithTrace(Calls);
        Assert.Equal(0, InstanceBackwardWithTrace(Calls));
    }

    [Fact]
    public void Instance_parameter_views_do_not_allocate()
    {
        ParameterViews(Calls);
        Assert.Equal(0, ParameterViews(Calls));
    }

    [Fact]
    public void Trace_view_does_not_allocate()
    {
        _net.Backward(Seed331.X, Seed331.Y, _gradient, _trace);
        TraceView(Calls);
        Assert.Equal(0, TraceView(Calls));
    }

    private static TinyNet CreateNet()
    {
        var net = new TinyNet();
        Seed331.Parameters().CopyTo(net.Parameters, 0);
        return net;
    }

    // Each measured loop folds the results into a sum that is checked afterwards, so no call can be dropped.
    private long StaticForward(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            TinyNet.Forward(_parameters, Seed331.X, _output);
            sum += _output[0];
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        return allocated;
    }

    private long StaticLoss(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            sum += TinyNet.Loss(_parameters, Seed331.X, Seed331.Y);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        return allocated;
    }

    private long StaticBackward(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            sum += TinyNet.Backward(_parameters, Seed331.X, Seed331.Y, _gradient);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        return allocated;
    }

    private long StaticBackwardWithTrace(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            sum += TinyNet.Backward(_parameters, Seed331.X, Seed331.Y, _gradient, _trace);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        return allocated;
    }

    private long InstanceForward(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            _net.Forward(Seed331.X, _output);
            sum += _output[0];
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        return allocated;
    }

    private long InstanceLoss(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            sum += _net.Loss(Seed331.X, Seed331.Y);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        return allocated;
    }

    private long InstanceBackward(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            sum += _net.Backward(Seed331.X, Seed331.Y, _gradient);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        return allocated;
    }

    private long InstanceBackwardWithTrace(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            sum += _net.Backward(Seed331.X, Seed331.Y, _gradient, _trace);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        return allocated;
    }

    private long ParameterViews(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            sum += _net.W1[0] + _net.b1[0] + _net.W2[0] + _net.b2[0] + _net.Parameters[0];
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum > 0);
        return allocated;
    }

    private long TraceView(int calls)
    {
        double sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < calls; n++)
        {
            var trace = new TinyNet.Trace(_trace);
            sum += trace.Z1[0] + trace.A1[0] + trace.dA1[0] + trace.dZ1[0]
                + trace.Z2[0] + trace.A2[0] + trace.dA2[0] + trace.dZ2[0];
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sum != 0);
        return allocated;
    }
}
