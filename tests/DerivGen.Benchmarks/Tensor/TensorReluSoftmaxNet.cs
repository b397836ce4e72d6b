using System;
using System.Numerics.Tensors;

namespace DerivGen.Benchmarks.Tensor;

/// <summary>
/// inputs → Dense(hidden, ReLU) → Dense(classes, Softmax), cross-entropy for one-hot targets, written by hand over
/// spans with <see cref="TensorPrimitives"/>. Parameters and gradient use the generated layout.
/// </summary>
public sealed class TensorReluSoftmaxNet(int inputs, int hidden, int classes)
{
    private readonly double[] _z1 = new double[hidden];
    private readonly double[] _a1 = new double[hidden];
    private readonly double[] _da1 = new double[hidden];
    private readonly double[] _shifted = new double[classes];
    private readonly double[] _dz2 = new double[classes];

    /// <summary>Computes the loss for (x, y) and overwrites <paramref name="gradient"/> with dL/dθ.</summary>
    public double Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient) =>
        Run(parameters, x, y, gradient, accumulate: false);

    /// <summary>Computes the loss for (x, y) and adds dL/dθ to <paramref name="gradient"/> (a mini-batch step).</summary>
    public double BackwardAccumulate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient) =>
        Run(parameters, x, y, gradient, accumulate: true);

    private double Run(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient, bool accumulate)
    {
        int w1Length = hidden * inputs, w2Start = w1Length + hidden, b2Start = w2Start + classes * hidden;
        ReadOnlySpan<double> w1 = parameters[..w1Length], b1 = parameters.Slice(w1Length, hidden);
        ReadOnlySpan<double> w2 = parameters.Slice(w2Start, classes * hidden), b2 = parameters.Slice(b2Start, classes);
        Span<double> z1 = _z1, a1 = _a1, da1 = _da1, shifted = _shifted, dz2 = _dz2;

        // Forward: z1 = W1·x + b1 (one SIMD dot product per unit), a1 = max(z1, 0); z2 = W2·a1 + b2.
        for (int i = 0; i < hidden; i++)
        {
            z1[i] = TensorPrimitives.Dot(w1.Slice(i * inputs, inputs), x) + b1[i];
        }

        TensorPrimitives.Max(z1, 0.0, a1);
        for (int k = 0; k < classes; k++)
        {
            shifted[k] = TensorPrimitives.Dot(w2.Slice(k * hidden, hidden), a1) + b2[k];
        }

        // Softmax and cross-entropy: z2 − m, e = exp(z2 − m), a2 = e/s; L = Σy·log s − Σ y·(z2 − m); dz2 = a2 − y.
        TensorPrimitives.Subtract(shifted, TensorPrimitives.Max(shifted), shifted);
        TensorPrimitives.Exp(shifted, dz2);
        double sum = TensorPrimitives.Sum(dz2);
        double loss = TensorPrimitives.Sum(y) * Math.Log(sum) - TensorPrimitives.Dot(y, shifted);
        TensorPrimitives.Divide(dz2, sum, dz2);
        TensorPrimitives.Subtract(dz2, y, dz2);

        // Layer 2: dL/dW2 = dz2 ⊗ a1, dL/db2 = dz2, dL/da1 = W2ᵀ·dz2 (one axpy per class).
        da1.Clear();
        for (int k = 0; k < classes; k++)
        {
            Span<double> g = gradient.Slice(w2Start + k * hidden, hidden);
            if (accumulate)
            {
                TensorPrimitives.MultiplyAdd(a1, dz2[k], g, g);
            }
            else
            {
                TensorPrimitives.Multiply(a1, dz2[k], g);
            }

            TensorPrimitives.MultiplyAdd(w2.Slice(k * hidden, hidden), dz2[k], da1, da1);
        }

        Span<double> gb2 = gradient.Slice(b2Start, classes);
        if (accumulate)
        {
            TensorPrimitives.Add(gb2, dz2, gb2);
        }
        else
        {
            dz2.CopyTo(gb2);
        }

        // Layer 1: dL/dz1 = dL/da1 where z1 > 0, else 0 (a scalar loop: TensorPrimitives has no step mask);
        // dL/dW1 = dz1 ⊗ x (one scaled copy of x per unit), dL/db1 = dz1.
        Span<double> gb1 = gradient.Slice(w1Length, hidden);
        for (int i = 0; i < hidden; i++)
        {
            double d = z1[i] > 0.0 ? da1[i] : 0.0;
            Span<double> g = gradient.Slice(i * inputs, inputs);
            if (accumulate)
            {
                TensorPrimitives.MultiplyAdd(x, d, g, g);
                gb1[i] += d;
            }
            else
            {
                TensorPrimitives.Multiply(x, d, g);
                gb1[i] = d;
            }
        }

        return loss;
    }
}
