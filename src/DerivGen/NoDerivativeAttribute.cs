using System;

namespace DerivGen
{
    /// <summary>
    /// Makes a parameter of a <see cref="DifferentiableAttribute"/> method a constant (a stop-gradient): it gets no
    /// <c>out</c> derivative, and functions with no useful derivative, such as <c>Math.Floor</c>, may be applied to it.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    public sealed class NoDerivativeAttribute : Attribute
    {
    }
}
