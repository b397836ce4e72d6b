using System;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// Reads a trace buffer by the contract's layout: for each layer in order, four blocks of units values:
    /// z, a = f(z), dL/da and dL/dz.
    /// </summary>
    internal sealed class TraceBlocks
    {
        private readonly double[] trace;
        private readonly NetworkDescription network;

        public TraceBlocks(double[] trace, NetworkDescription network)
        {
            ArgumentNullException.ThrowIfNull(trace);
            ArgumentNullException.ThrowIfNull(network);
            if (trace.Length != network.TraceLength)
            {
                throw new ArgumentException("The trace length does not match the network.", nameof(trace));
            }

            this.trace = trace;
            this.network = network;
        }

        /// <summary>z of layer <paramref name="layer"/> (0-based).</summary>
        public ReadOnlySpan<double> Z(int layer) => Block(layer, 0);

        /// <summary>a = f(z) of layer <paramref name="layer"/> (0-based).</summary>
        public ReadOnlySpan<double> A(int layer) => Block(layer, 1);

        /// <summary>dL/da of layer <paramref name="layer"/> (0-based).</summary>
        public ReadOnlySpan<double> DA(int layer) => Block(layer, 2);

        /// <summary>dL/dz of layer <paramref name="layer"/> (0-based).</summary>
        public ReadOnlySpan<double> DZ(int layer) => Block(layer, 3);

        private ReadOnlySpan<double> Block(int layer, int which)
        {
            int units = network.Layers[layer].Units;
            return trace.AsSpan(network.TraceOffset(layer) + (which * units), units);
        }
    }
}
