using System;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace DerivGen
{
    /// <summary>The argument checks the optimisers share; each throws with the offending argument's name.</summary>
    internal static class OptimizerChecks
    {
        /// <summary>A parameter count must be at least 1.</summary>
        public static int ParameterCount(int value, string name)
        {
            if (value < 1)
            {
                throw new ArgumentOutOfRangeException(name, value, "The parameter count must be at least 1.");
            }

            return value;
        }

        /// <summary>A learning rate (or ε) must be positive and finite; NaN is neither.</summary>
        public static double PositiveFinite(double value, string name)
        {
            if (!(value > 0.0) || double.IsPositiveInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "The value must be positive and finite.");
            }

            return value;
        }

        /// <summary>A decay rate (momentum, β1, β2) must lie in [0, 1); NaN does not.</summary>
        public static double UnitInterval(double value, string name)
        {
            if (!(value >= 0.0 && value < 1.0))
            {
                throw new ArgumentOutOfRangeException(name, value, "The value must be at least 0 and less than 1.");
            }

            return value;
        }

        /// <summary>Both spans of a step must have the optimiser's parameter count.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Lengths(int expected, int parameters, int gradient)
        {
            if (parameters != expected)
            {
                throw LengthMismatch("parameters", expected, parameters);
            }

            if (gradient != expected)
            {
                throw LengthMismatch("gradient", expected, gradient);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ArgumentException LengthMismatch(string name, int expected, int actual) =>
            new ArgumentException(
                "Expected a span of length " + expected.ToString(CultureInfo.InvariantCulture)
                + " but got " + actual.ToString(CultureInfo.InvariantCulture) + ".",
                name);
    }
}
