using System;

namespace DerivGen
{
    /// <summary>
    /// One fully connected layer of a <see cref="NetworkAttribute"/> type: z = W·a_prev + b, then a = f(z).
    /// Layers apply in the order their attributes appear in source.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
    public sealed class DenseAttribute : Attribute
    {
        /// <summary>Declares a layer of <paramref name="units"/> units with the given activation.</summary>
        /// <param name="units">The number of units (outputs) of the layer; at least 1.</param>
        /// <param name="activation">The activation f applied to z.</param>
        public DenseAttribute(int units, Activation activation = Activation.Identity)
        {
            Units = units;
            Activation = activation;
        }

        /// <summary>The number of units of the layer.</summary>
        public int Units { get; }

        /// <summary>The activation applied to the layer's pre-activations.</summary>
        public Activation Activation { get; }

        /// <summary>The negative-side slope of <see cref="Activation.LeakyReLU"/>; 0.01 by default.</summary>
        public double Slope { get; set; } = 0.01;

        /// <summary>
        /// The name of a <see cref="DifferentiableAttribute"/> method <c>static double F(double z)</c> of the network type
        /// to use as this layer's activation instead of <see cref="Activation"/> (write it as <c>nameof(F)</c>); null by
        /// default. When it is set, leave <see cref="Activation"/> out or <see cref="DerivGen.Activation.Identity"/>.
        /// </summary>
        public string? ActivationMethod { get; set; }
    }
}
