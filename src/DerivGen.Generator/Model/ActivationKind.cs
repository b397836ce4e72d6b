namespace DerivGen.Model
{
    /// <summary>
    /// The generator's copy of <c>DerivGen.Activation</c> (the analyzer cannot load the attributes assembly);
    /// names and values must match it, which a test checks.
    /// </summary>
    internal enum ActivationKind
    {
        Identity = 0,
        ReLU = 1,
        LeakyReLU = 2,
        Sigmoid = 3,
        Tanh = 4,
        Softplus = 5,
        Elu = 6,
        Silu = 7,
        Gelu = 8,
        Softmax = 9,
    }
}
