namespace DerivGen.Model
{
    /// <summary>The generator's copy of <c>DerivGen.LossFunction</c>; names and values must match it, which a test checks.</summary>
    internal enum LossKind
    {
        SquaredError = 0,
        MeanSquaredError = 1,
        Huber = 2,
        BinaryCrossEntropy = 3,
        CrossEntropy = 4,
    }
}
