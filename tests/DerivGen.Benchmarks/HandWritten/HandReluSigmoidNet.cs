using System;

namespace DerivGen.Benchmarks.HandWritten;

/// <summary>
/// Hand-written inputs → Dense(hidden, ReLU) → Dense(outputs, Sigmoid), loss Σ (a − y)²: the loops a user writes
/// for the seeds' 3-3-1 network.
/// </summary>
public sealed class HandReluSigmoidNet(int inputs, int hidden, int outputs) : JaggedMlp(inputs, hidden, outputs)
{
    /// <summary>Computes the loss for (x, y) and overwrites the gradient arrays with dL/dθ.</summary>
    public double Backward(double[] x, double[] y)
    {
        // Forward: z1 = W1·x + b1, a1 = ReLU(z1); z2 = W2·a1 + b2, a2 = σ(z2).
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

        double loss = 0.0;
        for (int k = 0; k < Outputs; k++)
        {
            double[] w = W2[k];
            double z = B2[k];
            for (int i = 0; i < w.Length; i++)
            {
                z += w[i] * A1[i];
            }

            double a = 1.0 / (1.0 + Math.Exp(-z));
            double r = a - y[k];
            loss += r * r;

            // Backward: dL/dz2 = 2r·σ'(z2), σ' = a(1 − a).
            DZ2[k] = 2.0 * r * a * (1.0 - a);
        }

        // Layer 2: dL/dW2 = dz2 ⊗ a1, dL/db2 = dz2, dL/da1 = W2ᵀ·dz2.
        Array.Clear(DA1);
        for (int k = 0; k < Outputs; k++)
        {
            double[] w = W2[k];
            double[] g = GW2[k];
            double d = DZ2[k];
            for (int i = 0; i < w.Length; i++)
            {
                g[i] = d * A1[i];
                DA1[i] += w[i] * d;
            }

            GB2[k] = d;
        }

        // Layer 1: dL/dz1 = dL/da1 where z1 > 0, else 0; dL/dW1 = dz1 ⊗ x, dL/db1 = dz1.
        for (int i = 0; i < Hidden; i++)
        {
            double d = Z1[i] > 0.0 ? DA1[i] : 0.0;
            double[] g = GW1[i];
            for (int j = 0; j < g.Length; j++)
            {
                g[j] = d * x[j];
            }

            GB1[i] = d;
        }

        return loss;
    }
}
