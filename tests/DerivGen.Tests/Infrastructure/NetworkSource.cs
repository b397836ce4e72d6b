using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>Writes the C# a user would write for a <see cref="NetworkDescription"/>: a partial class with attributes.</summary>
    internal static class NetworkSource
    {
        /// <summary>A whole source file declaring the networks, in <paramref name="namespaceName"/> or the global namespace.</summary>
        public static string File(IEnumerable<NetworkDescription> networks, string? namespaceName = null)
        {
            ArgumentNullException.ThrowIfNull(networks);
            var text = new StringBuilder();
            text.Append("using DerivGen;\n\n");
            if (namespaceName is not null)
            {
                text.Append("namespace ").Append(namespaceName).Append(";\n\n");
            }

            bool first = true;
            foreach (NetworkDescription network in networks)
            {
                if (!first)
                {
                    text.Append('\n');
                }

                first = false;
                text.Append(Class(network));
            }

            return text.ToString();
        }

        /// <summary>A whole source file declaring one network.</summary>
        public static string File(NetworkDescription network, string? namespaceName = null) =>
            File(new[] { network }, namespaceName);

        /// <summary>The attribute lists and the (empty) partial class declaration of one network.</summary>
        public static string Class(NetworkDescription network)
        {
            ArgumentNullException.ThrowIfNull(network);
            var text = new StringBuilder();
            text.Append("[Network(").Append(Integer(network.Inputs))
                .Append(", Loss = LossFunction.").Append(network.Loss.ToString());
            if (network.Delta is double delta)
            {
                text.Append(", HuberDelta = ").Append(Literal(delta));
            }

            if (network.Precision != Precision.Double)
            {
                text.Append(", Precision = Precision.").Append(network.Precision.ToString());
            }

            if (network.UnrollLimit is int unrollLimit)
            {
                text.Append(", UnrollLimit = ").Append(Integer(unrollLimit));
            }

            if (network.Methods != NetworkMethods.All)
            {
                // "NetworkMethods.Trace | NetworkMethods.SecondOrder" for a combination, as a user writes it.
                text.Append(", Methods = ").Append(string.Join(" | ", network.Methods.ToString().Split(", ").Select(name => "NetworkMethods." + name)));
            }

            text.Append(")]\n");
            foreach (LayerDescription layer in network.Layers)
            {
                text.Append("[Dense(").Append(Integer(layer.Units))
                    .Append(", Activation.").Append(layer.Activation.ToString());
                if (layer.Slope is double slope)
                {
                    text.Append(", Slope = ").Append(Literal(slope));
                }

                text.Append(")]\n");
            }

            text.Append("public partial class ").Append(network.Name).Append("\n{\n}\n");
            return text.ToString();
        }

        /// <summary>A C# double literal that parses back to exactly <paramref name="value"/>.</summary>
        public static string Literal(double value)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values have literals.");
            }

            return value.ToString("R", CultureInfo.InvariantCulture) + "d";
        }

        private static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
