namespace DerivGen
{
    /// <summary>The loss L(a, y) between the last layer's output a and the target y.</summary>
    public enum LossFunction
    {
        /// <summary>L = Σᵢ (aᵢ − yᵢ)²: no ½ and no mean.</summary>
        SquaredError = 0,

        /// <summary>L = (1/k)·Σᵢ (aᵢ − yᵢ)², where k is the output count.</summary>
        MeanSquaredError = 1,

        /// <summary>L = Σᵢ h(aᵢ − yᵢ), h(r) = r²/2 for |r| ≤ δ, else δ(|r| − δ/2) (<see cref="NetworkAttribute.HuberDelta"/>).</summary>
        Huber = 2,

        /// <summary>L = −Σᵢ [yᵢ log aᵢ + (1 − yᵢ) log(1 − aᵢ)]; needs a Sigmoid output layer and is computed from its z.</summary>
        BinaryCrossEntropy = 3,

        /// <summary>L = −Σᵢ yᵢ log aᵢ; needs a Softmax output layer and is computed from its z by log-sum-exp.</summary>
        CrossEntropy = 4,
    }
}
