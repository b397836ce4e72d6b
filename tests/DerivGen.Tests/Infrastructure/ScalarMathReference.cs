using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// The 40-digit values in References/scalar-math (written by generate.py beside them with mpmath): tanh.txt, tanh and
    /// sech² at 722 points over every branch of ScalarMath.Tanh and SechSquared and the special values; exp.txt, e^x at 543
    /// points from 0 down to −708.39 (ScalarMath.ExpNonPositive's domain), with ±0, subnormal x and the reduction's
    /// thresholds (x = (k + ½)·ln 2).
    /// </summary>
    internal static class ScalarMathReference
    {
        public static readonly TanhPoint[] Tanh = Read("tanh.txt").Select(f => new TanhPoint(f[0], f[1], f[2])).ToArray();

        public static readonly ExpPoint[] Exp = Read("exp.txt").Select(f => new ExpPoint(f[0], f[1])).ToArray();

        /// <summary>|<paramref name="value"/> − <paramref name="expected"/>| in ulps of <paramref name="expected"/> (0 when equal, NaN when either is and they differ).</summary>
        public static double Ulps(double value, double expected) => value == expected ? 0 : Math.Abs(value - expected) / Ulp(expected);

        /// <summary>The spacing of doubles at <paramref name="value"/> (the smallest subnormal at 0).</summary>
        private static double Ulp(double value) => value == 0 ? double.Epsilon : Math.BitIncrement(Math.Abs(value)) - Math.Abs(value);

        /// <summary>The numbers of each line that is not a comment.</summary>
        private static double[][] Read(string file) =>
            File.ReadLines(Path.Combine(RepositoryPaths.Root, "tests", "DerivGen.Tests", "References", "scalar-math", file))
                .Where(line => !line.StartsWith('#'))
                .Select(line => line.Split(' ').Select(text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
                .ToArray();

        public readonly record struct TanhPoint(double X, double Tanh, double SechSquared);

        public readonly record struct ExpPoint(double X, double Exp);
    }
}
