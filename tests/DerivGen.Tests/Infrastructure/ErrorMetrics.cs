using System;
using System.Collections.Generic;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>The error measures of References/networks/README.md's acceptance metric.</summary>
    internal static class ErrorMetrics
    {
        /// <summary>max_i |actual_i − expected_i| / max(max_i |expected_i|, <paramref name="floor"/>).</summary>
        /// <remarks>NaN in either vector gives NaN (which fails every ≤ comparison).</remarks>
        public static double Normwise(IReadOnlyList<double> actual, IReadOnlyList<double> expected, double floor = 0.0)
        {
            ArgumentNullException.ThrowIfNull(actual);
            ArgumentNullException.ThrowIfNull(expected);
            if (actual.Count != expected.Count)
            {
                throw new ArgumentException("The vectors have different lengths.", nameof(actual));
            }

            double maxError = 0.0;
            double maxExpected = floor;
            for (int i = 0; i < actual.Count; i++)
            {
                double error = Math.Abs(actual[i] - expected[i]);
                if (double.IsNaN(error))
                {
                    return double.NaN;
                }

                maxError = Math.Max(maxError, error);
                maxExpected = Math.Max(maxExpected, Math.Abs(expected[i]));
            }

            return maxExpected == 0.0 ? maxError : maxError / maxExpected;
        }

        /// <summary>|actual − expected| / |expected|, or |actual| when expected is 0.</summary>
        public static double Relative(double actual, double expected) =>
            expected == 0.0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);

        /// <summary>The index of the largest |actual_i − expected_i| (for failure messages).</summary>
        public static int WorstIndex(IReadOnlyList<double> actual, IReadOnlyList<double> expected)
        {
            ArgumentNullException.ThrowIfNull(actual);
            ArgumentNullException.ThrowIfNull(expected);
            int worst = 0;
            double worstError = -1.0;
            for (int i = 0; i < Math.Min(actual.Count, expected.Count); i++)
            {
                double error = Math.Abs(actual[i] - expected[i]);
                if (double.IsNaN(error) || error > worstError)
                {
                    worst = i;
                    worstError = double.IsNaN(error) ? double.PositiveInfinity : error;
                }
            }

            return worst;
        }

        /// <summary>Whether every value is finite.</summary>
        public static bool AllFinite(IEnumerable<double> values)
        {
            ArgumentNullException.ThrowIfNull(values);
            foreach (double value in values)
            {
                if (!double.IsFinite(value))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
