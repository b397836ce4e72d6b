using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// The 40-digit values of tanh and sech² in References/scalar-math/tanh.txt (written by generate.py beside it with
    /// mpmath): 722 points over every branch of ScalarMath.Tanh and SechSquared, and the special values.
    /// </summary>
    internal static class TanhReference
    {
        public static readonly Point[] Points = File.ReadLines(Path.Combine(RepositoryPaths.Root, "tests", "DerivGen.Tests", "References", "scalar-math", "tanh.txt"))
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(' '))
            .Select(f => new Point(Parse(f[0]), Parse(f[1]), Parse(f[2])))
            .ToArray();

        /// <summary>|<paramref name="value"/> − <paramref name="expected"/>| in ulps of <paramref name="expected"/> (0 when equal, NaN when either is and they differ).</summary>
        public static double Ulps(double value, double expected) => value == expected ? 0 : Math.Abs(value - expected) / Ulp(expected);

        /// <summary>The spacing of doubles at <paramref name="value"/> (the smallest subnormal at 0).</summary>
        private static double Ulp(double value) => value == 0 ? double.Epsilon : Math.BitIncrement(Math.Abs(value)) - Math.Abs(value);

        private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

        public readonly record struct Point(double X, double Tanh, double SechSquared);
    }
}
