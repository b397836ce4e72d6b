using System;
using BenchmarkDotNet.Attributes;

namespace DerivGen.Benchmarks;

/// <summary>
/// A user function of 20 operations against its generated gradient and against central finite differences. The
/// issue's bound: the gradient (value and all four partials) costs at most 3× the function alone. Finite differences
/// need 2n = 8 evaluations and give a few fewer digits.
/// </summary>
[MemoryDiagnoser]
public class FunctionGradientBenchmarks
{
    private const int PointCount = 16;
    private readonly double[][] _points = new double[PointCount][];
    private int _next;

    /// <summary>Draws the points and checks the generated gradient against central differences at each of them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20);
        for (int s = 0; s < PointCount; s++)
        {
            _points[s] = new[] { Draw(random), Draw(random), Draw(random), Draw(random) };
            var p = _points[s];
            double value = BenchmarkFunctions.TwentyGradient(p[0], p[1], p[2], p[3], out double dx, out double dy, out double dz, out double dw);
            double[] analytic = { dx, dy, dz, dw };
            double[] differences = CentralDifferences(p);
            if (value != BenchmarkFunctions.Twenty(p[0], p[1], p[2], p[3]))
            {
                throw new InvalidOperationException($"Point {s}: the gradient method's value differs from the function's.");
            }

            for (int i = 0; i < 4; i++)
            {
                // Step 1e-5: truncation ~1e-10·|f‴|, rounding ~1e-16·|f|/1e-5, both far below 1e-6 here.
                if (Math.Abs(analytic[i] - differences[i]) > 1e-6 * Math.Max(1, Math.Abs(analytic[i])))
                {
                    throw new InvalidOperationException($"Point {s}, partial {i}: generated {analytic[i]:R}, central difference {differences[i]:R}.");
                }
            }
        }
    }

    /// <summary>The function alone.</summary>
    [Benchmark(Baseline = true)]
    public double Function()
    {
        var p = _points[Next()];
        return BenchmarkFunctions.Twenty(p[0], p[1], p[2], p[3]);
    }

    /// <summary>The generated <c>TwentyGradient</c>: the value and the four exact partials.</summary>
    [Benchmark]
    public double Gradient()
    {
        var p = _points[Next()];
        double value = BenchmarkFunctions.TwentyGradient(p[0], p[1], p[2], p[3], out double dx, out double dy, out double dz, out double dw);
        return value + dx + dy + dz + dw;
    }

    /// <summary>The value and four central differences (8 more evaluations), what a user without DerivGen writes.</summary>
    [Benchmark]
    public double FiniteDifferences()
    {
        var p = _points[Next()];
        double value = BenchmarkFunctions.Twenty(p[0], p[1], p[2], p[3]);
        return value + Sum(CentralDifferences(p, stackalloc double[4]));
    }

    private int Next() => _next = (_next + 1) & (PointCount - 1);

    private static double Draw(Random random) => (random.NextDouble() * 4) - 2;

    private static double[] CentralDifferences(double[] p)
    {
        var result = new double[4];
        CentralDifferences(p, result);
        return result;
    }

    private static Span<double> CentralDifferences(double[] p, Span<double> result)
    {
        Span<double> q = stackalloc double[4];
        for (int i = 0; i < 4; i++)
        {
            p.CopyTo(q);
            double h = 1e-5 * Math.Max(1, Math.Abs(p[i]));
            q[i] = p[i] + h;
            double up = BenchmarkFunctions.Twenty(q[0], q[1], q[2], q[3]);
            q[i] = p[i] - h;
            double down = BenchmarkFunctions.Twenty(q[0], q[1], q[2], q[3]);
            result[i] = (up - down) / (2 * h);
        }

        return result;
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }
}
