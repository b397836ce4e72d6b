using System;
using System.Globalization;

namespace DerivGen.IntegrationTests;

/// <summary>
/// The seeds' 3-3-1 exercise (the seed exercise, tests/DerivGen.Tests/References/networks/seed-331.json): inputs, parameters, and the exact
/// answers. Every expected value below is the 50-digit result of evaluating the chain rule on the exact binary64
/// inputs, truncated to 30 digits here; the C# compiler rounds each literal to the nearest double.
/// </summary>
internal static class Seed331
{
    public static readonly double[] X = [20, 3, 4];

    public static readonly double[] Y = [18];

    public static readonly double[,] W1 =
    {
        { 0.1, 0.2, 0.3 },
        { 0.4, 0.5, 0.6 },
        { 0.7, 0.8, 0.9 },
    };

    public static readonly double[] B1 = [0.1, 0.2, 0.3];

    public static readonly double[] W2 = [0.2, 0.4, 0.6];

    public const double B2 = 0.5;

    /// <summary>The parameter vector in the contract's layout: W1 row-major, b1, W2, b2.</summary>
    public static double[] Parameters() =>
        [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.1, 0.2, 0.3, 0.2, 0.4, 0.6, 0.5];

    /// <summary>Z1 = W1·x + b1, exact sums of the binary64 products (they round to 3.9, 12.1 and 20.3).</summary>
    public static readonly double[] Z1 =
    [
        3.90000000000000010547118733938,
        12.1000000000000003663735981263,
        20.2999999999999993227639549786,
    ];

    /// <summary>z2 = W2·A1 + b2, exact (rounds to 18.3).</summary>
    public const double Z2 = 18.2999999999999996225241716274;

    /// <summary>A2 = σ(z2).</summary>
    public const double A2 = 0.999999988717353631801493145768;

    /// <summary>L = (A2 − y)².</summary>
    public const double Loss = 289.000000383609976646047342113;

    /// <summary>1. dL/dA2 = 2(A2 − y).</summary>
    public const double DLdA2 = -34.0000000225652927363970137084;

    /// <summary>σ'(z2) = A2(1 − A2) = dL/dz2 ÷ dL/dA2.</summary>
    public const double SigmoidPrimeZ2 = 1.12826462409003977844081800333e-8;

    /// <summary>2. dL/dz2 = dL/dA2 · σ'(z2); 4. dL/db2 = dL/dz2.</summary>
    public const double DLdz2 = -3.83609972445209739937004938582e-7;

    /// <summary>3. dL/dW2 = dL/dz2 · A1ᵀ.</summary>
    public static readonly double[] DLdW2 =
    [
        -1.49607889253631802621411852949e-6,
        -4.64168066658703799378232563872e-6,
        -7.78728244063775746092669968367e-6,
    ];

    /// <summary>5. dL/dA1 = W2ᵀ · dL/dz2; 6. dL/dz1 = dL/dA1 (every z1 &gt; 0); 8. dL/db1 = dL/dz1.</summary>
    public static readonly double[] DLdz1 =
    [
        -7.67219944890419522463272265613e-8,
        -1.53443988978083904492654453122e-7,
        -2.30165983467125835444350485459e-7,
    ];

    /// <summary>7. dL/dW1 = dL/dz1 · xᵀ.</summary>
    public static readonly double[,] DLdW1 =
    {
        { -1.53443988978083904492654453122e-6, -2.30165983467125856738981679684e-7, -3.06887977956167808985308906245e-7 },
        { -3.06887977956167808985308906245e-6, -4.60331966934251713477963359368e-7, -6.13775955912335617970617812491e-7 },
        { -4.60331966934251670888700970919e-6, -6.90497950401377506333051456378e-7, -9.20663933868503341777401941838e-7 },
    };

    /// <summary>The whole gradient in parameter order, assembled from the blocks above.</summary>
    public static double[] Gradient()
    {
        var g = new double[16];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                g[(i * 3) + j] = DLdW1[i, j];
            }

            g[9 + i] = DLdz1[i];
            g[12 + i] = DLdW2[i];
        }

        g[15] = DLdz2;
        return g;
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance·|expected|, naming the quantity on failure.</summary>
    public static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Abs(expected);
        if (!(error <= tolerance))
        {
            throw new Xunit.Sdk.XunitException(string.Create(
                CultureInfo.InvariantCulture,
                $"{what}: expected {expected:R}, actual {actual:R}, relative error {error:R} > {tolerance:R}"));
        }
    }
}
