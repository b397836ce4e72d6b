using System;

namespace DerivGen
{
    /// <summary>
    /// Supplies the derivative of another static method of the same type, so that callers in
    /// <see cref="DifferentiableAttribute"/> methods use this rule instead of differentiating that method's body (for
    /// numerically delicate functions, or functions whose body the generator cannot read).
    /// </summary>
    /// <remarks>
    /// Two shapes are accepted, in the precision of the target <c>F</c>:
    /// <c>static double FDerivative(double z)</c>, the derivative of a one-argument <c>F</c>; or
    /// <c>static double FGradient(double a, double b, out double da, out double db)</c>, the shape the generator emits:
    /// <c>F</c>'s parameters, one <c>out</c> partial derivative per parameter, returning <c>F</c>'s value.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DerivativeAttribute : Attribute
    {
        /// <summary>Declares this method the derivative rule of the method named <paramref name="of"/>.</summary>
        /// <param name="of">The name of the method this rule differentiates; write it as <c>nameof(F)</c>.</param>
        public DerivativeAttribute(string of) => Of = of;

        /// <summary>The name of the method this rule differentiates.</summary>
        public string Of { get; }
    }
}
