using System;
using System.Globalization;

namespace DerivGen.Benchmarks;

/// <summary>
/// The check each benchmark class runs in its GlobalSetup, so that every method it times computes the same numbers:
/// the loss within 1e-9 relative, and every gradient (or updated-parameter) entry within 1e-9 of the largest
/// reference entry (normwise: entries near zero come out of sums that cancel, so an entrywise relative test would
/// measure summation order, not correctness).
/// </summary>
public static class Agreement
{
    /// <summary>The tolerance, relative to the reference loss and to the reference vector's largest entry.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>The largest relative loss difference any check has seen in this process.</summary>
    public static double WorstLossError { get; private set; }

    /// <summary>The largest normwise difference ‖v − ref‖∞/‖ref‖∞ any check has seen in this process.</summary>
    public static double WorstVectorError { get; private set; }

    /// <summary>Throws <see cref="InvalidOperationException"/> unless <paramref name="loss"/> and
    /// <paramref name="vector"/> agree with the reference values within <see cref="Tolerance"/>.</summary>
    public static void Check(string what, double referenceLoss, ReadOnlySpan<double> reference, double loss, ReadOnlySpan<double> vector)
    {
        if (reference.Length != vector.Length)
        {
            throw new InvalidOperationException($"{what}: {vector.Length} values where the reference has {reference.Length}.");
        }

        if (!(Math.Abs(loss - referenceLoss) <= Tolerance * Math.Abs(referenceLoss)))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: loss {loss:R} differs from the reference {referenceLoss:R} by more than {Tolerance} relative."));
        }

        double scale = 0.0, difference = 0.0;
        for (int k = 0; k < reference.Length; k++)
        {
            scale = Math.Max(scale, Math.Abs(reference[k]));
            difference = Math.Max(difference, Math.Abs(vector[k] - reference[k]));
        }

        WorstLossError = Math.Max(WorstLossError, Math.Abs(loss - referenceLoss) / Math.Abs(referenceLoss));
        WorstVectorError = Math.Max(WorstVectorError, difference / scale);

        for (int k = 0; k < reference.Length; k++)
        {
            if (!(Math.Abs(vector[k] - reference[k]) <= Tolerance * scale))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: entry {k} is {vector[k]:R} where the reference has {reference[k]:R} (largest entry {scale:R}, tolerance {Tolerance} of it)."));
            }
        }
    }

    /// <summary>
    /// The tolerance for a float network against the double one on the same data rounded to float: rounding the
    /// parameters and inputs alone moves the results by a few float ulps (6e-8 each), times the network's condition.
    /// </summary>
    public const double SingleTolerance = 1e-4;

    /// <summary>Throws <see cref="InvalidOperationException"/> unless the float results agree with the double ones within
    /// <see cref="SingleTolerance"/> (the loss relative, the vector normwise as in <see cref="Check"/>).</summary>
    public static void CheckSingle(string what, double referenceLoss, ReadOnlySpan<double> reference, float loss, ReadOnlySpan<float> vector)
    {
        if (reference.Length != vector.Length)
        {
            throw new InvalidOperationException($"{what}: {vector.Length} values where the reference has {reference.Length}.");
        }

        double scale = 0.0, difference = 0.0;
        for (int k = 0; k < reference.Length; k++)
        {
            scale = Math.Max(scale, Math.Abs(reference[k]));
            difference = Math.Max(difference, Math.Abs(vector[k] - reference[k]));
        }

        if (!(Math.Abs(loss - referenceLoss) <= SingleTolerance * Math.Abs(referenceLoss)) || !(difference <= SingleTolerance * scale))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: loss {loss:R} against {referenceLoss:R}, gradient off by {difference:R} of a largest entry {scale:R}: more than {SingleTolerance} relative."));
        }
    }
}
