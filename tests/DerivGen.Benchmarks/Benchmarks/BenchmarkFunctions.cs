using System;

namespace DerivGen.Benchmarks;

/// <summary>User functions whose generated gradients <see cref="FunctionGradientBenchmarks"/> times.</summary>
public static partial class BenchmarkFunctions
{
    /// <summary>
    /// Twenty operations (counted per line) of the kinds user code has: products, quotients, exp, log, sin, sqrt, tanh.
    /// </summary>
    [Differentiable]
    public static double Twenty(double x, double y, double z, double w)
    {
        double a = (x * y) + Math.Sin(z);               // 3: ·, sin, +
        double b = Math.Exp(-a * a);                    // 3: −, ·, exp
        double c = w / (1 + (z * z));                   // 3: ·, +, /
        double d = Math.Log(1 + b + (c * c));           // 4: ·, +, +, log
        double e = Math.Sqrt(1 + (x * x));              // 3: ·, +, √
        return (d * e) + Math.Tanh(y) - w;              // 4: ·, tanh, +, −
    }
}
