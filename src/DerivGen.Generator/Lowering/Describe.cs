using DerivGen.Model;

// Exhaustive over LossKind's named values (CS8509 flags a new one); no unnamed value is ever made.
#pragma warning disable CS8524

namespace DerivGen.Lowering
{
    /// <summary>Human-readable descriptions of layers and losses for section headings and documentation comments.</summary>
    internal static class Describe
    {
        public static string Layer(NetworkSpec spec, int layer)
        {
            var l = spec.Layers[layer];
            var activation = l.ActivationMethod is { } method
                ? MethodName(method)
                : l.Activation == ActivationKind.LeakyReLU
                    ? $"LeakyReLU (slope {Numbers.Short(l.Slope)})"
                    : l.Activation.ToString();
            return $"Layer {layer + 1}: Dense {spec.InputsOf(layer)} -> {l.Units}, {activation}";
        }

        public static string Loss(NetworkSpec spec)
        {
            int last = spec.Layers.Count;
            if (spec.LossMethod is { } method)
            {
                var name = MethodName(method);
                return $"Loss: {name}, L = Σ {name}(a{last}[i], y[i])";
            }

            return spec.Loss switch
            {
                LossKind.MeanSquaredError => $"Loss: mean squared error, L = (1/{spec.OutputCount}) Σ (a{last}[i] - y[i])²",
                LossKind.Huber => $"Loss: Huber (δ = {Numbers.Short(spec.HuberDelta)}), L = Σ huber(a{last}[i] - y[i])",
                LossKind.BinaryCrossEntropy =>
                    $"Loss: binary cross-entropy on z{last}, L = Σ [y[i]·softplus(-z{last}[i]) + (1 - y[i])·softplus(z{last}[i])]",
                LossKind.CrossEntropy => $"Loss: cross-entropy on z{last}, L = Σ y[i]·(log Σ_j e^z{last}[j] - z{last}[i])",
                LossKind.SquaredError => $"Loss: squared error, L = Σ (a{last}[i] - y[i])²",
            };
        }

        /// <summary>The method's name in a key: <c>Swish</c> of <c>global::Ns.Net.Swish(double)</c>.</summary>
        private static string MethodName(string key)
        {
            var name = key.Substring(0, key.IndexOf('('));
            return name.Substring(name.LastIndexOf('.') + 1);
        }
    }
}
