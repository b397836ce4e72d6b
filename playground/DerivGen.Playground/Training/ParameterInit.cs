using System;

namespace DerivGen.Playground.Training;

/// <summary>Starting parameters in the generated layout: each layer's W (row-major, units × inputs), then its b.</summary>
public static class ParameterInit
{
    /// <summary>
    /// Glorot (Xavier) uniform: each weight of a layer with n_in inputs and n_out units from U(−r, r),
    /// r = √(6 / (n_in + n_out)), and every bias 0 (Glorot and Bengio, 2010). Suits tanh, sigmoid and softmax layers.
    /// </summary>
    /// <param name="parameters">θ, filled in place; its length must match <paramref name="layerSizes"/>.</param>
    /// <param name="layerSizes">The input count, then each layer's unit count, e.g. [2, 16, 16, 2].</param>
    /// <param name="random">The source of the weights (seeded, for reproducible runs).</param>
    public static void GlorotUniform(Span<double> parameters, ReadOnlySpan<int> layerSizes, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int expected = 0;
        for (int layer = 1; layer < layerSizes.Length; layer++)
        {
            expected += (layerSizes[layer - 1] * layerSizes[layer]) + layerSizes[layer];
        }

        if (expected != parameters.Length)
        {
            throw new ArgumentException(
                $"Layer sizes give {expected} parameters, the vector has {parameters.Length}.", nameof(layerSizes));
        }

        int offset = 0;
        for (int layer = 1; layer < layerSizes.Length; layer++)
        {
            int fanIn = layerSizes[layer - 1], fanOut = layerSizes[layer];
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            for (int k = 0; k < fanIn * fanOut; k++)
            {
                parameters[offset++] = limit * ((2 * random.NextDouble()) - 1);
            }

            parameters.Slice(offset, fanOut).Clear();
            offset += fanOut;
        }
    }
}
