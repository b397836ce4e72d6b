using System;

namespace DerivGen
{
    /// <summary>
    /// Marks a <c>partial</c> type as a dense network with the given number of inputs. Its
    /// <see cref="DenseAttribute"/>s, in source order, are the layers; the generator adds Forward, Loss and Backward.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
    public sealed class NetworkAttribute : Attribute
    {
        /// <summary>Declares a network with <paramref name="inputs"/> input values.</summary>
        /// <param name="inputs">The number of input values; at least 1.</param>
        public NetworkAttribute(int inputs) => Inputs = inputs;

        /// <summary>The number of input values.</summary>
        public int Inputs { get; }

        /// <summary>The loss that Loss and Backward compute. <see cref="LossFunction.SquaredError"/> by default.</summary>
        public LossFunction Loss { get; set; } = LossFunction.SquaredError;

        /// <summary>δ of the <see cref="LossFunction.Huber"/> loss; 1 by default.</summary>
        public double HuberDelta { get; set; } = 1.0;

        /// <summary>
        /// The name of a <see cref="DifferentiableAttribute"/> method <c>static double F(double output, double target)</c>
        /// of the network type to use as the loss, summed over the output units, instead of <see cref="Loss"/> (write it as
        /// <c>nameof(F)</c>); null by default. When it is set, leave <see cref="Loss"/> unset.
        /// </summary>
        public string? LossMethod { get; set; }

        /// <summary>
        /// The type the generated code computes in: <see cref="DerivGen.Precision.Double"/> (the default) or
        /// <see cref="DerivGen.Precision.Single"/>, which gives the same API over <c>float</c>.
        /// </summary>
        public Precision Precision { get; set; } = Precision.Double;

        /// <summary>
        /// How many weights (units × inputs) may be unrolled into one statement per scalar, counted from the output layer
        /// back; 640 by default, which keeps each generated method under the JIT's limits for full optimisation. The layers
        /// before that are computed with loops over SIMD kernels, from the same formulas.
        /// </summary>
        public int UnrollLimit { get; set; } = 640;

        /// <summary>
        /// Which optional groups of methods to generate besides Forward, Loss, Backward and BackwardAccumulate;
        /// <see cref="NetworkMethods.All"/> by default. A project that holds many networks and never asks for a trace, batches
        /// or second derivatives can leave them out: <c>Methods = NetworkMethods.Core</c> cuts the generated file by about 70%.
        /// </summary>
        public NetworkMethods Methods { get; set; } = NetworkMethods.All;
    }
}
