using System;

namespace DerivGen
{
    /// <summary>
    /// Marks a <c>static</c> method of a <c>partial</c> type whose exact gradient the generator derives from its body.
    /// Its parameters and return are all <c>double</c> or all <c>float</c>, 1 to 32 parameters; the body may use the
    /// syntax listed in the README ("Your own functions").
    /// </summary>
    /// <remarks>
    /// The generator will add <c>{Name}Gradient</c> to the same type: the method's parameters followed by one <c>out</c>
    /// parameter <c>d{parameter}</c> per parameter not marked <see cref="NoDerivativeAttribute"/>, returning the value.
    /// Other <c>[Differentiable]</c> methods may call this one.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DifferentiableAttribute : Attribute
    {
        /// <summary>The highest derivative order to generate: 1 (the gradient, the default) or 2.</summary>
        public int Order { get; set; } = 1;
    }
}
