namespace DerivGen
{
    /// <summary>The function a <see cref="DenseAttribute"/> layer applies to its pre-activations z.</summary>
    /// <remarks>The README's vocabulary table gives each formula and the derivative the generator emits for it.</remarks>
    public enum Activation
    {
        /// <summary>a = z.</summary>
        Identity = 0,

        /// <summary>a = max(0, z); the derivative at z = 0 is taken as 0.</summary>
        ReLU = 1,

        /// <summary>a = z for z &gt; 0, else slope·z (<see cref="DenseAttribute.Slope"/>, 0.01 by default); the derivative at 0 is the slope.</summary>
        LeakyReLU = 2,

        /// <summary>a = σ(z) = 1 / (1 + e^−z).</summary>
        Sigmoid = 3,

        /// <summary>a = tanh(z).</summary>
        Tanh = 4,

        /// <summary>a = log(1 + e^z).</summary>
        Softplus = 5,

        /// <summary>a = z for z &gt; 0, else e^z − 1 (α = 1); the derivative at 0 is taken as 1.</summary>
        Elu = 6,

        /// <summary>a = z·σ(z).</summary>
        Silu = 7,

        /// <summary>The tanh approximation of GELU: a = ½·z·(1 + tanh(√(2/π)·(z + 0.044715·z³))).</summary>
        Gelu = 8,

        /// <summary>a_i = e^(z_i) / Σ_j e^(z_j): a vector activation over the whole layer.</summary>
        Softmax = 9,
    }
}
