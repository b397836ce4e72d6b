namespace DerivGen.Emitting
{
    /// <summary>What the looped layers' backward pass carries back to θ and x (<see cref="LoopEmitter.Backward"/>).</summary>
    internal enum LoopPass
    {
        /// <summary>dL/dθ (Backward).</summary>
        Gradient,

        /// <summary>dL/dθ and its tangent along v, R{dL/dθ} = H·v (HessianVectorProduct).</summary>
        Tangent,

        /// <summary>dL/dx alone (InputGradient, and each row of InputJacobian).</summary>
        InputGradient,
    }
}
