using System;

namespace DerivGen.Benchmarks;

/// <summary>
/// Deterministic benchmark data: parameters in the generated layout (per layer W row-major [units × inputs], then b),
/// inputs and targets as row-major blocks of <c>rows</c> samples, the layout the generated batch methods take.
/// </summary>
public static class Data
{
    /// <summary>
    /// He-uniform weights, U(±√(6/fan_in)), and small biases for a two-layer network, in the generated layout.
    /// </summary>
    public static double[] Parameters(int inputs, int hidden, int outputs, int seed)
    {
        var random = new Random(seed);
        var parameters = new double[hidden * inputs + hidden + outputs * hidden + outputs];
        int k = 0;
        Fill(random, parameters.AsSpan(k, hidden * inputs), Math.Sqrt(6.0 / inputs));
        k += hidden * inputs;
        Fill(random, parameters.AsSpan(k, hidden), 0.1);
        k += hidden;
        Fill(random, parameters.AsSpan(k, outputs * hidden), Math.Sqrt(6.0 / hidden));
        k += outputs * hidden;
        Fill(random, parameters.AsSpan(k, outputs), 0.1);
        return parameters;
    }

    /// <summary><paramref name="count"/> values drawn from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static double[] Uniform(int count, double low, double high, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = low + (high - low) * random.NextDouble();
        }

        return values;
    }

    /// <summary><paramref name="rows"/> one-hot rows of <paramref name="classes"/> values (the targets sum to 1).</summary>
    public static double[] OneHot(int rows, int classes, int seed)
    {
        var random = new Random(seed);
        var values = new double[rows * classes];
        for (int row = 0; row < rows; row++)
        {
            values[row * classes + random.Next(classes)] = 1.0;
        }

        return values;
    }

    /// <summary>Row <paramref name="row"/> of a row-major block with rows of <paramref name="width"/> values, as its own array.</summary>
    public static double[] Row(double[] block, int row, int width) => block.AsSpan(row * width, width).ToArray();

    /// <summary>Every row of a row-major block as its own array: the jagged form hand-written code takes.</summary>
    public static double[][] Rows(double[] block, int width)
    {
        var rows = new double[block.Length / width][];
        for (int row = 0; row < rows.Length; row++)
        {
            rows[row] = Row(block, row, width);
        }

        return rows;
    }

    private static void Fill(Random random, Span<double> values, double limit)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = limit * (2.0 * random.NextDouble() - 1.0);
        }
    }
}
