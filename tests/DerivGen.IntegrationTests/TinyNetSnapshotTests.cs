using System;
using System.Globalization;
using System.Text;
using DerivGen.Tests.Infrastructure;
using DerivGen.IntegrationTests.Networks;
using Xunit;

namespace DerivGen.IntegrationTests;

/// <summary>
/// A numeric snapshot of the whole 3-3-1 run: every trace entry and every gradient entry, bit for bit (round-trip
/// format). Any change to the arithmetic the generator emits, even one ulp, shows up here as a diff.
/// </summary>
public sealed class TinyNetSnapshotTests
{
    [Fact]
    public void Seed331_run()
    {
        var gradient = new double[TinyNet.ParameterCount];
        var buffer = new double[TinyNet.TraceLength];
        var output = new double[TinyNet.OutputCount];
        double[] parameters = Seed331.Parameters();

        TinyNet.Forward(parameters, Seed331.X, output);
        double lossOnly = TinyNet.Loss(parameters, Seed331.X, Seed331.Y);
        double loss = TinyNet.Backward(parameters, Seed331.X, Seed331.Y, gradient, buffer);
        var trace = new TinyNet.Trace(buffer);

        var text = new StringBuilder();
        Line(text, "# TinyNet: 3 -> Dense(3, ReLU) -> Dense(1, Sigmoid), loss (A2 - y)^2");
        Line(text, "# x = [20, 3, 4], y = 18, parameters as in tests/DerivGen.Tests/References/networks/seed-331.json");
        Line(text, "# values are binary64 in round-trip (\"R\") format; [k] is the index in the trace or gradient buffer");
        Line(text, string.Empty);

        Line(text, "## forward (trace)");
        Vector(text, "Z1", trace.Z1, 0);
        Vector(text, "A1", trace.A1, 3);
        Value(text, "z2", trace.Z2[0], 12);
        Value(text, "A2", trace.A2[0], 13);
        Value(text, "Forward(...) output[0]", output[0]);
        Value(text, "L = Loss(...)", lossOnly);
        Value(text, "L = Backward(...)", loss);
        Line(text, string.Empty);

        Line(text, "## backward (trace)");
        Value(text, "1. dL/dA2", trace.dA2[0], 14);
        Value(text, "2. dL/dz2", trace.dZ2[0], 15);
        Vector(text, "5. dL/dA1", trace.dA1, 6);
        Vector(text, "6. dL/dz1", trace.dZ1, 9);
        Line(text, string.Empty);

        Line(text, "## gradient dL/dθ");
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                int k = TinyNet.Layout.W1 + (i * 3) + j;
                Value(text, Invariant($"7. dL/dW1[{i},{j}]"), gradient[k], k);
            }
        }

        for (int i = 0; i < 3; i++)
        {
            int k = TinyNet.Layout.b1 + i;
            Value(text, Invariant($"8. dL/db1[{i}]"), gradient[k], k);
        }

        for (int i = 0; i < 3; i++)
        {
            int k = TinyNet.Layout.W2 + i;
            Value(text, Invariant($"3. dL/dW2[{i}]"), gradient[k], k);
        }

        Value(text, "4. dL/db2", gradient[TinyNet.Layout.b2], TinyNet.Layout.b2);

        SnapshotAssert.Matches(text.ToString(), "txt");
    }

    private static void Vector(StringBuilder text, string name, ReadOnlySpan<double> values, int offset)
    {
        for (int i = 0; i < values.Length; i++)
        {
            Value(text, Invariant($"{name}[{i}]"), values[i], offset + i);
        }
    }

    private static void Value(StringBuilder text, string name, double value, int index = -1)
    {
        string where = index < 0 ? string.Empty : Invariant($"[{index}]");
        Line(text, Invariant($"{name,-24} {where,-5} = {value:R}"));
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
