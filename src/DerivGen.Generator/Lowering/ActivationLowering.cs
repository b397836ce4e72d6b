using System.Collections.Generic;
using System.Threading;
using DerivGen.Model;
using DerivGen.Symbolic;

// Switches over ActivationKind are exhaustive over its named values: a new activation does not compile until it has a
// lowering (CS8509), instead of silently becoming the identity.
#pragma warning disable CS8524

namespace DerivGen.Lowering
{
    /// <summary>Expresses a layer's activation a = f(z) in graph nodes. Derivatives come from the graph, not from here.</summary>
    internal static class ActivationLowering
    {
        /// <summary>√(2/π) as <c>Math.Sqrt(2 / Math.PI)</c> returns it, and the cubic coefficient of the tanh GELU.</summary>
        private const double GeluC = 0.7978845608028654;
        private const double GeluK = 0.044715;

        /// <summary>Past |z| = 1e10 the GELU's σ(w) is exactly 0 or 1 in double; clamping there keeps z³ finite.</summary>
        private const double GeluClamp = 1e10;

        /// <param name="layerNumber">1-based, for the names of the intermediate values (m2, e2_0, …).</param>
        /// <param name="functions">The user's methods by key, for a layer with an ActivationMethod.</param>
        public static Node[] Apply(
            ExpressionGraph g, LayerSpec layer, Node[] z, int layerNumber,
            IReadOnlyDictionary<string, ResolvedFunction>? functions = null, CancellationToken cancellationToken = default)
        {
            if (layer.ActivationMethod is { } key)
            {
                return UserFunction(g, Lookup(functions, key), z, cancellationToken);
            }

            if (layer.Activation == ActivationKind.Softmax)
            {
                return Softmax(g, z, layerNumber);
            }

            var a = new Node[z.Length];
            for (int i = 0; i < z.Length; i++)
            {
                a[i] = Elementwise(g, layer, z[i]);
            }

            return a;
        }

        /// <summary>a_i = f(z_i) with the user's body inlined for every unit, so reverse mode builds f′ as for a built-in.</summary>
        private static Node[] UserFunction(ExpressionGraph g, ResolvedFunction function, Node[] z, CancellationToken cancellationToken)
        {
            var a = new Node[z.Length];
            for (int i = 0; i < z.Length; i++)
            {
                a[i] = FunctionLowering.Inline(g, function.Function, new[] { z[i] }, function.Calls, nameLets: false, cancellationToken);
            }

            return a;
        }

        /// <summary>The method a network names; the pipeline passes every one it names, or drops the network.</summary>
        internal static ResolvedFunction Lookup(IReadOnlyDictionary<string, ResolvedFunction>? functions, string key) =>
            functions is not null && functions.TryGetValue(key, out var function)
                ? function
                : throw new KeyNotFoundException($"The [Differentiable] method {key} was not resolved.");

        private static Node Elementwise(ExpressionGraph g, LayerSpec layer, Node z) => layer.Activation switch
        {
            ActivationKind.ReLU => g.Apply(Op.Relu, z),
            ActivationKind.LeakyReLU => g.Apply(Op.LeakyRelu, z, layer.Slope),
            ActivationKind.Sigmoid => Sigmoid(g, z),
            ActivationKind.Tanh => g.Apply(Op.Tanh, z),
            ActivationKind.Softplus => g.Apply(Op.Softplus, z),
            ActivationKind.Elu => g.Apply(Op.Elu, z),
            ActivationKind.Silu => Silu(g, z),
            ActivationKind.Gelu => Gelu(g, z),
            ActivationKind.Identity => z,
            ActivationKind.Softmax => throw new System.ArgumentException("Softmax is not elementwise.", nameof(layer)),
        };

        /// <summary>
        /// σ(z) and σ′(z) from one exponential, e = e^−|z|, which never overflows. With p = σ(|z|) = 1/(1 + e) and
        /// q = σ(−|z|) = e·p, σ(z) is p for z &gt; 0 and q otherwise, and σ′(z) = σ(z)·σ(−z) = p·q: a product of two
        /// values in [0, 1], where σ(z)·(1 − σ(z)) would cancel as σ(z) nears 1, and e/(1 + e)² would need e again.
        /// </summary>
        private static Node Sigmoid(ExpressionGraph g, Node z) => SigmoidParts.Of(g, z).Value;

        /// <summary>
        /// SiLU z·σ(z), with its derivative given as σ(z)·(1 + z·σ(−z)). Composing the product rule would form
        /// (ā·z)·σ′(z), which is ∞·0 = NaN once ā·z overflows (z = 1e300); this form has no such product. σ(z) and σ(−z)
        /// are the two halves of one exponential (<see cref="SigmoidParts"/>), so a unit costs one Exp, not two.
        /// </summary>
        private static Node Silu(ExpressionGraph g, Node z)
        {
            var sigmoid = SigmoidParts.Of(g, z);
            var derivative = g.InBackwardPass(() =>
                g.Multiply(sigmoid.Value, g.Add(g.Constant(1), g.Multiply(z, sigmoid.Mirror(g)))));
            NameDerivative(g, z, derivative, "silu", "SiLU'");
            return g.KnownDerivative(z, g.Multiply(z, sigmoid.Value), derivative);
        }

        /// <summary>
        /// The tanh GELU written as z·σ(w), w = 2c(z + k z³) (the same function: ½(1 + tanh u) = σ(2u)), with its
        /// derivative given as σ(w) + z·σ′(w)·2c(1 + 3k z²), σ(w) and σ′(w) from one exponential
        /// (<see cref="SigmoidParts"/>). z enters w clamped to ±1e10: beyond that σ(w) is already exactly 0 or 1 in
        /// double, and the clamp keeps z³ finite, so no 0·∞ appears for huge inputs.
        /// </summary>
        private static Node Gelu(ExpressionGraph g, Node z)
        {
            var clamped = g.Apply(Op.ClampSymmetric, z, GeluClamp);
            g.Annotate(clamped, "GELU: z enters w = 2c(z + k·z³) clamped to ±1e10; past that σ(w) is exactly 0 or 1 in double "
                + "anyway, and the clamp keeps z³ and the derivative's z² finite.");
            var square = g.Square(clamped);
            var w = g.Multiply(g.Constant(2 * GeluC), g.Add(clamped, g.Multiply(g.Constant(GeluK), g.Multiply(square, clamped))));
            if (g.NameOf(z) is { } name)
            {
                g.Name(w, $"w_{name.CSharp}", $"w({name.Math})");
            }

            var sigmoid = SigmoidParts.Of(g, w);
            var derivative = g.InBackwardPass(() =>
            {
                var slope = g.Multiply(g.Constant(2 * GeluC), g.Add(g.Constant(1), g.Multiply(g.Constant(3 * GeluK), square)));
                return g.Add(sigmoid.Value, g.Multiply(g.Multiply(z, sigmoid.Derivative), slope));
            });
            NameDerivative(g, z, derivative, "gelu", "GELU'");
            return g.KnownDerivative(z, g.Multiply(z, sigmoid.Value), derivative);
        }

        private static void NameDerivative(ExpressionGraph g, Node z, Node derivative, string function, string symbol)
        {
            if (g.NameOf(z) is { } name)
            {
                g.Name(derivative, $"d{function}_{name.CSharp}", $"{symbol}({name.Math})");
            }
        }

        /// <summary>
        /// a_i = e^(z_i − m) / (1 + ρ) with m = max_j z_j, reached first at unit r, and ρ = Σ_{j≠r} e^(z_j − m): no
        /// exponential overflows, and unit r's numerator is the constant 1 (which e^(z_r − m) is). The value is the textbook
        /// one; the difference is in the derivative. Then z_r reaches the loss only through m, and reverse mode gives
        /// dL/dz_r = Σ_{j≠r} a_j (ḡ − ā_j) with ḡ = Σ_i a_i ā_i, a sum of terms as small as the result, instead of
        /// a_r(ā_r − ḡ), where ā_r − ḡ cancels as a_r nears 1 (with logit gaps near 30 it kept only about four digits).
        /// </summary>
        private static Node[] Softmax(ExpressionGraph g, Node[] z, int layerNumber)
        {
            var first = FirstMaximum.Of(g, z, layerNumber);
            var total = g.Add(g.Constant(1), first.Rest);
            g.Name(total, $"s{layerNumber}", $"s{layerNumber}");
            var a = new Node[z.Length];
            for (int i = 0; i < z.Length; i++)
            {
                a[i] = g.Divide(first.UnlessFirstMax(i, first.Exponentials[i], g.Constant(1)), total);
            }

            return a;
        }

        /// <summary>
        /// The running maxima max(z_0 … z_j), one named statement each (m2_1, m2_2, …); the last is the layer's maximum m2.
        /// </summary>
        public static Node[] PrefixMaxima(ExpressionGraph g, Node[] z, int layerNumber)
        {
            var prefixMax = new Node[z.Length];
            prefixMax[0] = z[0];
            for (int j = 1; j < z.Length; j++)
            {
                prefixMax[j] = g.Max(prefixMax[j - 1], z[j]);
                if (j < z.Length - 1)
                {
                    g.Name(prefixMax[j], $"m{layerNumber}_{j}", $"max(z{layerNumber}[0..{j}])");
                }
            }

            g.Name(prefixMax[z.Length - 1], $"m{layerNumber}", $"m{layerNumber}");
            return prefixMax;
        }
    }
}
