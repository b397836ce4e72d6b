using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>A network to generate: what <see cref="NetworkSource"/> turns into an attribute-annotated class.</summary>
    /// <param name="Name">The class name.</param>
    /// <param name="Inputs">The <c>[Network]</c> inputs argument.</param>
    /// <param name="Layers">The <c>[Dense]</c> layers in order.</param>
    /// <param name="Loss">The loss.</param>
    /// <param name="Delta">The Huber δ, or null to leave the attribute's default.</param>
    /// <param name="Precision">The <c>[Network]</c> Precision; <see cref="DerivGen.Precision.Double"/> (the default) is not written.</param>
    /// <param name="UnrollLimit">The <c>[Network]</c> UnrollLimit, or null to leave the attribute's default.</param>
    /// <param name="Methods">
    /// The <c>[Network]</c> Methods; <see cref="NetworkMethods.All"/> (the default) is not written. A shared compilation asks
    /// only for the groups its tests call: compiling the generated code is most of the suite's time.
    /// </param>
    internal sealed record NetworkDescription(
        string Name,
        int Inputs,
        IReadOnlyList<LayerDescription> Layers,
        LossFunction Loss = LossFunction.SquaredError,
        double? Delta = null,
        Precision Precision = Precision.Double,
        int? UnrollLimit = null,
        NetworkMethods Methods = NetworkMethods.All)
    {
        /// <summary>The input count of each layer: the network inputs, then each previous layer's units.</summary>
        public IReadOnlyList<int> LayerInputs =>
            Layers.Select((layer, i) => i == 0 ? Inputs : Layers[i - 1].Units).ToArray();

        /// <summary>The number of outputs: the last layer's units.</summary>
        public int OutputCount => Layers[^1].Units;

        /// <summary>Σ units·(inputs + 1) over the layers: every W and b.</summary>
        public int ParameterCount => Layers.Select((layer, i) => layer.Units * (LayerInputs[i] + 1)).Sum();

        /// <summary>Four trace blocks (z, a, dL/da, dL/dz) of units values per layer.</summary>
        public int TraceLength => 4 * Layers.Sum(layer => layer.Units);

        /// <summary>Where layer <paramref name="layer"/>'s four trace blocks start (0-based layer index).</summary>
        public int TraceOffset(int layer) => 4 * Layers.Take(layer).Sum(l => l.Units);

        /// <summary>Where layer <paramref name="layer"/>'s W starts in the parameter vector (0-based layer index).</summary>
        public int ParameterOffset(int layer) => Layers.Take(layer).Select((l, i) => l.Units * (LayerInputs[i] + 1)).Sum();

        /// <inheritdoc/>
        public override string ToString()
        {
            string precision = Precision == Precision.Double ? string.Empty : ", " + Precision.ToString();
            string limit = UnrollLimit is int value ? ", UnrollLimit = " + value.ToString(CultureInfo.InvariantCulture) : string.Empty;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{Name}: {Inputs} -> {string.Join(" -> ", Layers.Select(l => string.Create(CultureInfo.InvariantCulture, $"Dense({l.Units}, {l.Activation})")))}, {Loss}{precision}{limit}");
        }
    }
}
