using System;
using DerivGen.IntegrationTests.Networks;
using Xunit;

namespace DerivGen.IntegrationTests;

/// <summary>
/// The seeds' 3-3-1 exercise run through the generated code, compared entry by entry with the exact (50-digit)
/// answers. The relative tolerance 1e-14 is per entry: this network has no cancellation, so every value the
/// generated code produces is within a few ulps of the exact one.
/// </summary>
public sealed class TinyNetExactValueTests
{
    private const double Tolerance = 1e-14;

    [Fact]
    public void Constants_match_the_contract()
    {
        Assert.Equal(3, TinyNet.InputCount);
        Assert.Equal(1, TinyNet.OutputCount);
        Assert.Equal(16, TinyNet.ParameterCount);
        Assert.Equal(16, TinyNet.TraceLength);

        Assert.Equal(0, TinyNet.Layout.W1);
        Assert.Equal(9, TinyNet.Layout.W1Length);
        Assert.Equal(9, TinyNet.Layout.b1);
        Assert.Equal(3, TinyNet.Layout.b1Length);
        Assert.Equal(12, TinyNet.Layout.W2);
        Assert.Equal(3, TinyNet.Layout.W2Length);
        Assert.Equal(15, TinyNet.Layout.b2);
        Assert.Equal(1, TinyNet.Layout.b2Length);
    }

    [Fact]
    public void Forward_gives_A2()
    {
        var output = new double[1];
        TinyNet.Forward(Seed331.Parameters(), Seed331.X, output);
        Seed331.AssertRelative(Seed331.A2, output[0], Tolerance, "A2");
    }

    [Fact]
    public void Loss_gives_L()
    {
        double loss = TinyNet.Loss(Seed331.Parameters(), Seed331.X, Seed331.Y);
        Seed331.AssertRelative(Seed331.Loss, loss, Tolerance, "L");
    }

    [Fact]
    public void Backward_returns_L_and_the_exact_gradient()
    {
        var gradient = new double[TinyNet.ParameterCount];
        double loss = TinyNet.Backward(Seed331.Parameters(), Seed331.X, Seed331.Y, gradient);

        Seed331.AssertRelative(Seed331.Loss, loss, Tolerance, "L");
        AssertGradient(gradient);
    }

    [Fact]
    public void Backward_overwrites_a_dirty_gradient_buffer()
    {
        var gradient = new double[TinyNet.ParameterCount];
        Array.Fill(gradient, 12345.0);
        TinyNet.Backward(Seed331.Parameters(), Seed331.X, Seed331.Y, gradient);
        AssertGradient(gradient);
    }

    [Fact]
    public void Backward_with_trace_gives_every_intermediate()
    {
        var gradient = new double[TinyNet.ParameterCount];
        var buffer = new double[TinyNet.TraceLength];
        Array.Fill(buffer, double.NaN);
        double loss = TinyNet.Backward(Seed331.Parameters(), Seed331.X, Seed331.Y, gradient, buffer);
        var trace = new TinyNet.Trace(buffer);

        Seed331.AssertRelative(Seed331.Loss, loss, Tolerance, "L");
        AssertGradient(gradient);

        // Forward: Z1 and z2 are sums of products of short decimals, so only a few ulps from the exact value.
        Assert.Equal(3, trace.Z1.Length);
        Assert.Equal(3, trace.A1.Length);
        for (int i = 0; i < 3; i++)
        {
            AssertWithinUlps(Seed331.Z1[i], trace.Z1[i], 4, $"Z1[{i}]");
            Assert.Equal(trace.Z1[i], trace.A1[i]); // ReLU of a positive value is the value itself.
        }

        Assert.Equal(1, trace.Z2.Length);
        AssertWithinUlps(Seed331.Z2, trace.Z2[0], 4, "z2");
        Seed331.AssertRelative(Seed331.A2, trace.A2[0], Tolerance, "A2");

        // Backward, in the seeds' order.
        Seed331.AssertRelative(Seed331.DLdA2, trace.dA2[0], Tolerance, "1. dL/dA2");
        Seed331.AssertRelative(Seed331.SigmoidPrimeZ2, trace.dZ2[0] / trace.dA2[0], Tolerance, "σ'(z2) = dL/dz2 / dL/dA2");
        Seed331.AssertRelative(Seed331.DLdz2, trace.dZ2[0], Tolerance, "2. dL/dz2");
        for (int i = 0; i < 3; i++)
        {
            Seed331.AssertRelative(Seed331.DLdz1[i], trace.dA1[i], Tolerance, $"5. dL/dA1[{i}]");
            Seed331.AssertRelative(Seed331.DLdz1[i], trace.dZ1[i], Tolerance, $"6. dL/dz1[{i}]");
        }
    }

    [Fact]
    public void Trace_blocks_sit_where_the_contract_says()
    {
        var buffer = new double[TinyNet.TraceLength];
        TinyNet.Backward(Seed331.Parameters(), Seed331.X, Seed331.Y, new double[TinyNet.ParameterCount], buffer);
        var trace = new TinyNet.Trace(buffer);

        // For each layer in order: z, a, dL/da, dL/dz, each of units(l) values.
        AssertBlock(buffer, 0, trace.Z1, "Z1");
        AssertBlock(buffer, 3, trace.A1, "A1");
        AssertBlock(buffer, 6, trace.dA1, "dA1");
        AssertBlock(buffer, 9, trace.dZ1, "dZ1");
        AssertBlock(buffer, 12, trace.Z2, "Z2");
        AssertBlock(buffer, 13, trace.A2, "A2");
        AssertBlock(buffer, 14, trace.dA2, "dA2");
        AssertBlock(buffer, 15, trace.dZ2, "dZ2");
    }

    [Fact]
    public void Loss_Backward_and_Forward_agree_exactly()
    {
        double[] parameters = Seed331.Parameters();
        var output = new double[1];
        var gradient = new double[TinyNet.ParameterCount];
        var buffer = new double[TinyNet.TraceLength];

        TinyNet.Forward(parameters, Seed331.X, output);
        double loss = TinyNet.Loss(parameters, Seed331.X, Seed331.Y);
        double loss2 = TinyNet.Backward(parameters, Seed331.X, Seed331.Y, gradient);
        var gradient3 = new double[TinyNet.ParameterCount];
        double loss3 = TinyNet.Backward(parameters, Seed331.X, Seed331.Y, gradient3, buffer);

        Assert.Equal(loss, loss2);
        Assert.Equal(loss, loss3);
        Assert.Equal(gradient, gradient3);
        Assert.Equal(output[0], new TinyNet.Trace(buffer).A2[0]);
    }

    private static void AssertGradient(double[] gradient)
    {
        double[] expected = Seed331.Gradient();
        string[] names =
        [
            "7. dL/dW1[0,0]", "7. dL/dW1[0,1]", "7. dL/dW1[0,2]",
            "7. dL/dW1[1,0]", "7. dL/dW1[1,1]", "7. dL/dW1[1,2]",
            "7. dL/dW1[2,0]", "7. dL/dW1[2,1]", "7. dL/dW1[2,2]",
            "8. dL/db1[0]", "8. dL/db1[1]", "8. dL/db1[2]",
            "3. dL/dW2[0]", "3. dL/dW2[1]", "3. dL/dW2[2]",
            "4. dL/db2",
        ];
        for (int k = 0; k < expected.Length; k++)
        {
            Seed331.AssertRelative(expected[k], gradient[k], Tolerance, names[k]);
        }
    }

    private static void AssertBlock(double[] buffer, int offset, ReadOnlySpan<double> view, string name)
    {
        Assert.True(
            view.SequenceEqual(buffer.AsSpan(offset, view.Length)),
            $"Trace.{name} is not the trace buffer's block at offset {offset}");
    }

    private static void AssertWithinUlps(double expected, double actual, int ulps, string what)
    {
        long distance = Math.Abs(BitConverter.DoubleToInt64Bits(expected) - BitConverter.DoubleToInt64Bits(actual));
        Assert.True(
            Math.Sign(expected) == Math.Sign(actual) && distance <= ulps,
            $"{what}: expected {expected:R}, actual {actual:R}, {distance} ulps apart (at most {ulps} allowed)");
    }
}
