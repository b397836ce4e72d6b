using System;
using System.Numerics.Tensors;

namespace DerivGen.Benchmarks.Tensor;

/// <summary>
/// inputs → Dense(hidden, Tanh) → Dense(outputs, Identity), loss Σ (a − y)², written by hand over spans with
/// <see cref="TensorPrimitives"/> (SIMD dot products, tanh, element-wise products). Parameters and gradient use the
/// generated layout, so they are the same flat arrays the generated code takes.
/// </summary>
public sealed class TensorTanhLinearNet(int inputs, int hidden, int outputs)
{
    private readonly double[] _a1 = new double[hidden];
    private readonly double[] _da1 = new double[hidden];
    private readonly double[] _dz1 = new double[hidden];
    private readonly double[] _dz2 = new double[outputs];

    /// <summary>Computes the loss for (x, y) and overwrites <paramref name="gradient"/> with dL/dθ.</summary>
    public double Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient)
    {
        int w1Length = hidden * inputs, w2Start = w1Length + hidden, b2Start = w2Start + outputs * hidden;
        ReadOnlySpan<double> w1 = parameters[..w1Length], b1 = parameters.Slice(w1Length, hidden);
        ReadOnlySpan<double> w2 = parameters.Slice(w2Start, outputs * hidden), b2 = parameters.Slice(b2Start, outputs);
        Span<double> a1 = _a1, da1 = _da1, dz1 = _dz1, dz2 = _dz2;

        // Forward: z1 = W1·x + b1 (one SIMD dot product per unit), a1 = tanh(z1); a2 = z2 = W2·a1 + b2.
        for (int i = 0; i < hidden; i++)
        {
            a1[i] = TensorPrimitives.Dot(w1.Slice(i * inputs, inputs), x) + b1[i];
        }

        TensorPrimitives.Tanh(a1, a1);
        double loss = 0.0;
        for (int k = 0; k < outputs; k++)
        {
            double r = TensorPrimitives.Dot(w2.Slice(k * hidden, hidden), a1) + b2[k] - y[k];
            loss += r * r;
            dz2[k] = 2.0 * r;
        }

        // Layer 2: dL/dW2 = dz2 ⊗ a1, dL/db2 = dz2, dL/da1 = W2ᵀ·dz2 (one axpy per output).
        da1.Clear();
        for (int k = 0; k < outputs; k++)
        {
            TensorPrimitives.Multiply(a1, dz2[k], gradient.Slice(w2Start + k * hidden, hidden));
            TensorPrimitives.MultiplyAdd(w2.Slice(k * hidden, hidden), dz2[k], da1, da1);
        }

        dz2.CopyTo(gradient.Slice(b2Start, outputs));

        // Layer 1: dL/dz1 = dL/da1·(1 − a1²); dL/dW1 = dz1 ⊗ x (one scaled copy of x per unit), dL/db1 = dz1.
        TensorPrimitives.Multiply(a1, a1, dz1);
        TensorPrimitives.Subtract(1.0, dz1, dz1);
        TensorPrimitives.Multiply(da1, dz1, dz1);
        for (int i = 0; i < hidden; i++)
        {
            TensorPrimitives.Multiply(x, dz1[i], gradient.Slice(i * inputs, inputs));
        }

        dz1.CopyTo(gradient.Slice(w1Length, hidden));
        return loss;
    }
}
