using DerivGen;

namespace Library
{
    /// <summary>The seeds' 3-3-1 example in single precision.</summary>
    [Network(3, Loss = LossFunction.SquaredError, Precision = Precision.Single)]
    [Dense(3, Activation.ReLU)]
    [Dense(1, Activation.Sigmoid)]
    public static partial class SingleSeed331
    {
    }

    /// <summary>Every layer looped (VectorMath on netstandard2.0), in float, as a struct (its lazily made parameter array).</summary>
    [Network(4, Loss = LossFunction.CrossEntropy, Precision = Precision.Single, UnrollLimit = 0)]
    [Dense(8, Activation.Gelu)]
    [Dense(3, Activation.Softmax)]
    internal partial struct LoopedSingle
    {
    }

    /// <summary>Softplus, ELU and Huber in double: the ScalarMath calls.</summary>
    [Network(2, Loss = LossFunction.Huber, HuberDelta = 0.5)]
    [Dense(4, Activation.Softplus)]
    [Dense(2, Activation.Elu)]
    public sealed partial class Mixed
    {
    }

    /// <summary>A fan-in of 16 in float: the SIMD form (DenseKernels) on net8.0, the scalar form on the other targets.</summary>
    [Network(16, Precision = Precision.Single)]
    [Dense(2, Activation.Tanh)]
    [Dense(1, Activation.Identity)]
    public static partial class WideSingle
    {
    }
}
