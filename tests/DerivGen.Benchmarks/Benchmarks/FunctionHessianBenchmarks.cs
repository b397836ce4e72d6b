using System;
using BenchmarkDotNet.Attributes;

namespace DerivGen.Benchmarks;

/// <summary>
/// A [Differentiable(Order = 2)] function of four variables (a chained Rosenbrock term, a log-sum-exp and a damped
/// oscillation, about 20 operations): <c>{Name}Gradient</c> against <c>{Name}Hessian</c>, which also computes the
/// gradient and the 4 × 4 Hessian. Forward-over-reverse costs about one tangent pass per variable over the gradient's
/// code, so the ratio should stay near 1 + n·(a small constant); both allocate nothing.
/// </summary>
[MemoryDiagnoser]
public partial class FunctionHessianBenchmarks
{
    private readonly double[] _gradient = new double[4];
    private readonly double[] _hessian = new double[16];
    private readonly double _b = -0.7, _c = 1.1, _d = 0.4;
    private double _a = 0.3;

    [Differentiable(Order = 2)]
    public static double Objective(double a, double b, double c, double d)
    {
        var rosenbrock = ((1 - a) * (1 - a)) + (100 * (b - (a * a)) * (b - (a * a)));
        var softMax = Math.Log(Math.Exp(c) + Math.Exp(d) + 1);
        return rosenbrock + softMax + (Math.Exp(-0.5 * d * d) * Math.Cos(3 * c * a));
    }

    /// <summary>Checks that both methods give the same value and gradient before timing them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        double value = ObjectiveGradient(_a, _b, _c, _d, out double da, out double db, out double dc, out double dd);
        double hessianValue = ObjectiveHessian(_a, _b, _c, _d, _gradient, _hessian);
        double[] expected = { da, db, dc, dd };
        for (int i = 0; i < 4; i++)
        {
            if (Math.Abs(expected[i] - _gradient[i]) > 1e-12 * Math.Max(1, Math.Abs(expected[i])))
            {
                throw new InvalidOperationException($"ObjectiveHessian's gradient[{i}] = {_gradient[i]:R}, ObjectiveGradient's {expected[i]:R}.");
            }
        }

        if (value != hessianValue)
        {
            throw new InvalidOperationException($"ObjectiveHessian returns {hessianValue:R}, ObjectiveGradient {value:R}.");
        }
    }

    /// <summary>The value and gradient.</summary>
    [Benchmark(Baseline = true)]
    public double Gradient()
    {
        _a += 1e-9;
        return ObjectiveGradient(_a, _b, _c, _d, out _, out _, out _, out _);
    }

    /// <summary>The value, gradient and full Hessian.</summary>
    [Benchmark]
    public double Hessian()
    {
        _a += 1e-9;
        return ObjectiveHessian(_a, _b, _c, _d, _gradient, _hessian);
    }
}
