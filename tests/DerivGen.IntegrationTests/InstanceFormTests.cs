using System;
using DerivGen.IntegrationTests.Networks;
using Xunit;

namespace DerivGen.IntegrationTests;

/// <summary>
/// The instance form: an owned, zero-initialised <c>Parameters</c> array, named views W1/b1/W2/b2 over it at the
/// <c>Layout</c> offsets, and instance methods that compute exactly what the static ones compute.
/// </summary>
public sealed class InstanceFormTests
{
    [Fact]
    public void Parameters_is_owned_and_zero_initialised()
    {
        var net = new TinyNet();
        double[] parameters = net.Parameters;

        Assert.Equal(TinyNet.ParameterCount, parameters.Length);
        Assert.All(parameters, p => Assert.Equal(0.0, p));
        Assert.Same(parameters, net.Parameters);
        Assert.NotSame(parameters, new TinyNet().Parameters);
    }

    [Fact]
    public void Views_have_the_layout_lengths()
    {
        var net = new TinyNet();
        Assert.Equal(TinyNet.Layout.W1Length, net.W1.Length);
        Assert.Equal(TinyNet.Layout.b1Length, net.b1.Length);
        Assert.Equal(TinyNet.Layout.W2Length, net.W2.Length);
        Assert.Equal(TinyNet.Layout.b2Length, net.b2.Length);
    }

    [Fact]
    public void Writing_through_the_views_fills_Parameters_at_the_layout_offsets()
    {
        var net = new TinyNet();
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                net.W1[(i * 3) + j] = Seed331.W1[i, j]; // row-major: W1[i, j] joins input j to unit i
            }

            net.b1[i] = Seed331.B1[i];
            net.W2[i] = Seed331.W2[i];
        }

        net.b2[0] = Seed331.B2;

        Assert.Equal(Seed331.Parameters(), net.Parameters);
    }

    [Fact]
    public void Each_view_covers_exactly_its_block()
    {
        var net = new TinyNet();
        net.W1.Fill(1);
        net.b1.Fill(2);
        net.W2.Fill(3);
        net.b2.Fill(4);

        var expected = new double[TinyNet.ParameterCount];
        expected.AsSpan(TinyNet.Layout.W1, TinyNet.Layout.W1Length).Fill(1);
        expected.AsSpan(TinyNet.Layout.b1, TinyNet.Layout.b1Length).Fill(2);
        expected.AsSpan(TinyNet.Layout.W2, TinyNet.Layout.W2Length).Fill(3);
        expected.AsSpan(TinyNet.Layout.b2, TinyNet.Layout.b2Length).Fill(4);
        Assert.Equal(expected, net.Parameters);
    }

    [Fact]
    public void Views_read_what_is_written_into_Parameters()
    {
        var net = new TinyNet();
        for (int k = 0; k < TinyNet.ParameterCount; k++)
        {
            net.Parameters[k] = k + 1;
        }

        Assert.Equal(1, net.W1[0]);
        Assert.Equal(9, net.W1[8]);
        Assert.Equal(TinyNet.Layout.b1 + 1, net.b1[0]);
        Assert.Equal(TinyNet.Layout.W2 + 1, net.W2[0]);
        Assert.Equal(TinyNet.Layout.b2 + 1, net.b2[0]);
    }

    [Fact]
    public void A_fresh_instance_computes_with_zero_parameters()
    {
        // All weights zero: z = 0 everywhere, A2 = σ(0) = 0.5, L = (0.5 − 18)², dL/db2 = 2(0.5 − 18)·0.25.
        var net = new TinyNet();
        var gradient = new double[TinyNet.ParameterCount];
        double loss = net.Backward(Seed331.X, Seed331.Y, gradient);

        Assert.Equal(306.25, loss);
        Assert.Equal(-8.75, gradient[TinyNet.Layout.b2]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Instance_methods_equal_static_methods(int seed)
    {
        double[] parameters;
        double[] input;
        double[] target;
        if (seed == 0)
        {
            (parameters, input, target) = (Seed331.Parameters(), Seed331.X, Seed331.Y);
        }
        else
        {
            var random = new Random(seed);
            parameters = Normal(random, TinyNet.ParameterCount);
            input = Normal(random, TinyNet.InputCount);
            target = Normal(random, TinyNet.OutputCount);
        }

        var net = new TinyNet();
        parameters.CopyTo(net.Parameters, 0);

        var staticOutput = new double[TinyNet.OutputCount];
        var instanceOutput = new double[TinyNet.OutputCount];
        TinyNet.Forward(parameters, input, staticOutput);
        net.Forward(input, instanceOutput);
        Assert.Equal(staticOutput, instanceOutput);

        Assert.Equal(TinyNet.Loss(parameters, input, target), net.Loss(input, target));

        var staticGradient = new double[TinyNet.ParameterCount];
        var instanceGradient = new double[TinyNet.ParameterCount];
        Assert.Equal(
            TinyNet.Backward(parameters, input, target, staticGradient),
            net.Backward(input, target, instanceGradient));
        Assert.Equal(staticGradient, instanceGradient);

        var staticTrace = new double[TinyNet.TraceLength];
        var instanceTrace = new double[TinyNet.TraceLength];
        Array.Clear(staticGradient);
        Array.Clear(instanceGradient);
        Assert.Equal(
            TinyNet.Backward(parameters, input, target, staticGradient, staticTrace),
            net.Backward(input, target, instanceGradient, instanceTrace));
        Assert.Equal(staticGradient, instanceGradient);
        Assert.Equal(staticTrace, instanceTrace);

        Assert.Equal(parameters, net.Parameters); // no method writes to the parameters
    }

    private static double[] Normal(Random random, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            // Box–Muller; deterministic for a given seed.
            double u = 1.0 - random.NextDouble();
            double v = random.NextDouble();
            values[i] = Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
        }

        return values;
    }
}
