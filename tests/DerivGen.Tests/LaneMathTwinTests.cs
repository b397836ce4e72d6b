using System;
using System.Linq;
using System.Numerics;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The LaneMath functions that run ScalarMath's operations in vectors (ExpNonPositive, Tanh, SechSquared), and the
    /// lanes' ReLU, give every lane the scalar function's bits: at the 40-digit reference points of both functions and the special values, each
    /// point in every lane position, in double and in float. This is what lets a batch's lanes equal the single-sample
    /// results bit for bit (LaneBatchTests checks that on whole networks).
    /// </summary>
    public sealed class LaneMathTwinTests
    {
        private static readonly double[] Specials = { 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN, double.Epsilon, -double.Epsilon };

        private static readonly double[] TanhPoints = ScalarMathReference.Tanh.Select(p => p.X).Concat(Specials).ToArray();

        private static readonly double[] ExpPoints = ScalarMathReference.Exp.Select(p => p.X)
            .Concat(new[] { 0.0, -0.0, double.NegativeInfinity, double.NaN, -double.Epsilon, -708.4, -1e300 }).ToArray();

        [Fact]
        public void ExpNonPositiveLanesAreTheScalarResults() =>
            EveryLane(ExpPoints, LaneMath.ExpNonPositive, ScalarMath.ExpNonPositive, "ExpNonPositive");

        [Fact]
        public void TanhLanesAreTheScalarResults() => EveryLane(TanhPoints, LaneMath.Tanh, ScalarMath.Tanh, "Tanh");

        [Fact]
        public void SechSquaredLanesAreTheScalarResults() =>
            EveryLane(TanhPoints, LaneMath.SechSquared, ScalarMath.SechSquared, "SechSquared");

        [Fact]
        public void FloatTanhAndSechSquaredLanesAreTheScalarResults()
        {
            var points = TanhPoints.Select(x => (float)x).ToArray();
            EveryLane(points, LaneMath.Tanh, ScalarMath.Tanh, "float Tanh");
            EveryLane(points, LaneMath.SechSquared, ScalarMath.SechSquared, "float SechSquared");
        }

        /// <summary>LaneMath.Relu, the lanes' ReLU, is Math.Max(x, 0) (MathF.Max for float): ±0, NaN, ±∞ and both signs.</summary>
        [Fact]
        public void ReluLanesAreMathMax()
        {
            var random = new Random(20261205);
            var points = Specials.Concat(Enumerable.Range(0, 200).Select(_ => (2 * random.NextDouble() - 1) * Math.Pow(10, random.Next(-300, 300)))).ToArray();
            EveryLane(points, LaneMath.Relu, x => Math.Max(x, 0.0), "Relu");
            EveryLane(points.Select(x => (float)x).ToArray(), LaneMath.Relu, x => MathF.Max(x, 0f), "float Relu");
        }

        /// <summary>Each point in each lane (the points shifted by one lane at a time), compared by bits.</summary>
        private static void EveryLane<T>(T[] points, Func<Vector<T>, Vector<T>> lanes, Func<T, T> scalar, string name)
            where T : struct
        {
            int count = Vector<T>.Count;
            var padded = points.Concat(points.Take(count)).ToArray();
            int checkedLanes = 0;
            for (int start = 0; start < points.Length; start++)
            {
                var result = lanes(new Vector<T>(padded, start));
                for (int lane = 0; lane < count; lane++)
                {
                    T x = padded[start + lane];
                    T expected = scalar(x);
                    Assert.True(Bits(result[lane]) == Bits(expected),
                        FormattableString.Invariant($"{name}({x}) in lane {lane}: {result[lane]} against the scalar {expected}"));
                    checkedLanes++;
                }
            }

            Assert.True(checkedLanes >= points.Length, "no lane was checked");
        }

        private static long Bits<T>(T value) => value switch
        {
            double d => double.IsNaN(d) ? -1 : BitConverter.DoubleToInt64Bits(d),
            float f => float.IsNaN(f) ? -1 : BitConverter.SingleToInt32Bits(f),
            _ => throw new ArgumentException("double or float", nameof(value)),
        };
    }
}
