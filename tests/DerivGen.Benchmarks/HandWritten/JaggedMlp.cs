using System;

namespace DerivGen.Benchmarks.HandWritten;

/// <summary>
/// The storage a careful C# user gives a two-layer network written by hand: jagged weight arrays
/// (<c>W[i][j]</c> joins input j to unit i), bias arrays, a gradient array of the same shape for each, and
/// scratch buffers for the activations and adjoints, all allocated once so that a training call allocates nothing.
/// The derived classes hold the forward and backward loops for one choice of activations and loss.
/// </summary>
public abstract class JaggedMlp
{
    /// <summary>Creates zeroed parameters, gradients and scratch buffers for inputs → hidden → outputs.</summary>
    protected JaggedMlp(int inputs, int hidden, int outputs)
    {
        Inputs = inputs;
        Hidden = hidden;
        Outputs = outputs;
        W1 = Matrix(hidden, inputs);
        B1 = new double[hidden];
        W2 = Matrix(outputs, hidden);
        B2 = new double[outputs];
        GW1 = Matrix(hidden, inputs);
        GB1 = new double[hidden];
        GW2 = Matrix(outputs, hidden);
        GB2 = new double[outputs];
        Z1 = new double[hidden];
        A1 = new double[hidden];
        DA1 = new double[hidden];
        Z2 = new double[outputs];
        A2 = new double[outputs];
        DZ2 = new double[outputs];
    }

    /// <summary>The sizes.</summary>
    public int Inputs { get; }

    /// <inheritdoc cref="Inputs"/>
    public int Hidden { get; }

    /// <inheritdoc cref="Inputs"/>
    public int Outputs { get; }

    /// <summary>Parameters.</summary>
    protected readonly double[][] W1, W2;

    /// <summary>Parameters.</summary>
    protected readonly double[] B1, B2;

    /// <summary>Gradients, the same shapes as the parameters.</summary>
    protected readonly double[][] GW1, GW2;

    /// <summary>Gradients, the same shapes as the parameters.</summary>
    protected readonly double[] GB1, GB2;

    /// <summary>Scratch: pre-activations, activations and adjoints.</summary>
    protected readonly double[] Z1, A1, DA1, Z2, A2, DZ2;

    /// <summary>Copies parameters from the generated layout (W1 row-major, b1, W2 row-major, b2).</summary>
    public void LoadParameters(ReadOnlySpan<double> parameters) => Transfer(parameters, W1, B1, W2, B2);

    /// <summary>Writes the parameters in the generated layout.</summary>
    public void StoreParameters(Span<double> parameters) => Transfer(W1, B1, W2, B2, parameters);

    /// <summary>Writes the gradient in the generated layout.</summary>
    public void StoreGradient(Span<double> gradient) => Transfer(GW1, GB1, GW2, GB2, gradient);

    /// <summary>Sets every gradient entry to zero (the start of a mini-batch).</summary>
    public void ClearGradient()
    {
        foreach (double[] row in GW1)
        {
            Array.Clear(row);
        }

        Array.Clear(GB1);
        foreach (double[] row in GW2)
        {
            Array.Clear(row);
        }

        Array.Clear(GB2);
    }

    /// <summary>Plain SGD on the accumulated gradient of <paramref name="rows"/> samples:
    /// θ ← θ − learningRate·(Σ g)/rows.</summary>
    public void SgdStep(double learningRate, int rows)
    {
        double step = learningRate / rows;
        Step(W1, GW1, step);
        Step(B1, GB1, step);
        Step(W2, GW2, step);
        Step(B2, GB2, step);
    }

    private static void Step(double[][] parameters, double[][] gradient, double step)
    {
        for (int i = 0; i < parameters.Length; i++)
        {
            Step(parameters[i], gradient[i], step);
        }
    }

    private static void Step(double[] parameters, double[] gradient, double step)
    {
        for (int j = 0; j < parameters.Length; j++)
        {
            parameters[j] -= step * gradient[j];
        }
    }

    private static double[][] Matrix(int rows, int columns)
    {
        var matrix = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            matrix[i] = new double[columns];
        }

        return matrix;
    }

    private static void Transfer(ReadOnlySpan<double> flat, double[][] w1, double[] b1, double[][] w2, double[] b2)
    {
        int k = 0;
        foreach (double[] row in w1)
        {
            flat.Slice(k, row.Length).CopyTo(row);
            k += row.Length;
        }

        flat.Slice(k, b1.Length).CopyTo(b1);
        k += b1.Length;
        foreach (double[] row in w2)
        {
            flat.Slice(k, row.Length).CopyTo(row);
            k += row.Length;
        }

        flat.Slice(k, b2.Length).CopyTo(b2);
    }

    private static void Transfer(double[][] w1, double[] b1, double[][] w2, double[] b2, Span<double> flat)
    {
        int k = 0;
        foreach (double[] row in w1)
        {
            row.CopyTo(flat.Slice(k, row.Length));
            k += row.Length;
        }

        b1.CopyTo(flat.Slice(k, b1.Length));
        k += b1.Length;
        foreach (double[] row in w2)
        {
            row.CopyTo(flat.Slice(k, row.Length));
            k += row.Length;
        }

        b2.CopyTo(flat.Slice(k, b2.Length));
    }
}
