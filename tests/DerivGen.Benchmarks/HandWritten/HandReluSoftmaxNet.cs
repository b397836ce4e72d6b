using System;

namespace DerivGen.Benchmarks.HandWritten;

/// <summary>
/// Hand-written inputs → Dense(hidden, ReLU) → Dense(classes, Softmax), cross-entropy loss, for one-hot targets:
/// the stable log-sum-exp form a careful user writes, with dL/dz2 = a2 − y.
/// </summary>
public sealed class HandReluSoftmaxNet(int inputs, int hidden, int classes) : JaggedMlp(inputs, hidden, classes)
{
    /// <summary>Computes the loss for (x, y) and overwrites the gradient arrays with dL/dθ.</summary>
    public double Backward(double[] x, double[] y) => Run(x, y, accumulate: false);

    /// <summary>Computes the loss for (x, y) and adds dL/dθ to the gradient arrays (a mini-batch step).</summary>
    public double BackwardAccumulate(double[] x, double[] y) => Run(x, y, accumulate: true);

    private double Run(double[] x, double[] y, bool accumulate)
    {
        // Forward: z1 = W1·x + b1, a1 = ReLU(z1); z2 = W2·a1 + b2.
        for (int i = 0; i < Hidden; i++)
        {
            double[] w = W1[i];
            double z = B1[i];
            for (int j = 0; j < w.Length; j++)
            {
                z += w[j] * x[j];
            }

            Z1[i] = z;
            A1[i] = z > 0.0 ? z : 0.0;
        }

        double max = double.NegativeInfinity;
        for (int k = 0; k < Outputs; k++)
        {
            double[] w = W2[k];
            double z = B2[k];
            for (int i = 0; i < w.Length; i++)
            {
                z += w[i] * A1[i];
            }

            Z2[k] = z;
            max = Math.Max(max, z);
        }

        // Softmax and cross-entropy: a2 = e^(z2 − m)/s, s = Σ e^(z2 − m); L = Σ y·(log s − (z2 − m)).
        double sum = 0.0;
        for (int k = 0; k < Outputs; k++)
        {
            double e = Math.Exp(Z2[k] - max);
            A2[k] = e;
            sum += e;
        }

        double logSum = Math.Log(sum);
        double loss = 0.0;
        for (int k = 0; k < Outputs; k++)
        {
            A2[k] /= sum;
            loss += y[k] * (logSum - (Z2[k] - max));
            DZ2[k] = A2[k] - y[k];
        }

        // Layer 2: dL/dW2 = dz2 ⊗ a1, dL/db2 = dz2, dL/da1 = W2ᵀ·dz2.
        Array.Clear(DA1);
        for (int k = 0; k < Outputs; k++)
        {
            double[] w = W2[k];
            double[] g = GW2[k];
            double d = DZ2[k];
            if (accumulate)
            {
                for (int i = 0; i < w.Length; i++)
                {
                    g[i] += d * A1[i];
                    DA1[i] += w[i] * d;
                }

                GB2[k] += d;
            }
            else
            {
                for (int i = 0; i < w.Length; i++)
                {
                    g[i] = d * A1[i];
                    DA1[i] += w[i] * d;
                }

                GB2[k] = d;
            }
        }

        // Layer 1: dL/dz1 = dL/da1 where z1 > 0, else 0; dL/dW1 = dz1 ⊗ x, dL/db1 = dz1.
        for (int i = 0; i < Hidden; i++)
        {
            double d = Z1[i] > 0.0 ? DA1[i] : 0.0;
            double[] g = GW1[i];
            if (accumulate)
            {
                for (int j = 0; j < g.Length; j++)
                {
                    g[j] += d * x[j];
                }

                GB1[i] += d;
            }
            else
            {
                for (int j = 0; j < g.Length; j++)
                {
                    g[j] = d * x[j];
                }

                GB1[i] = d;
            }
        }

        return loss;
    }
}
