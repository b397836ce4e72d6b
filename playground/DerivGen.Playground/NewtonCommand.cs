using System;
using System.Globalization;
using System.Linq;

namespace DerivGen.Playground;

/// <summary>
/// <c>-- newton</c>: fits one small regression (y = sin 1.5x on 32 points, <see cref="NewtonNet"/>) twice from the same
/// start, by Newton–CG (conjugate gradient on the generated HessianVectorProduct, never forming H) and by Adam on the
/// generated BackwardBatchMean, and prints their losses side by side; then the seeds' 3-3-1 network's full 16 × 16
/// Hessian, built from 16 H·v products with unit directions.
/// </summary>
internal static class NewtonCommand
{
    private const int Rows = 32;
    private const int NewtonSteps = 30;
    private const int AdamSteps = 3000;

    /// <summary>Conjugate-gradient iterations per Newton step: enough for a 25-parameter system.</summary>
    private const int CgIterations = 25;

    public static int Run()
    {
        double[] inputs = Enumerable.Range(0, Rows).Select(i => -2.0 + (4.0 * i / (Rows - 1))).ToArray();
        double[] targets = inputs.Select(x => Math.Sin(1.5 * x)).ToArray();
        double[] start = Start();

        double[] newtonLosses = FitWithNewton(start, inputs, targets);
        double[] adamLosses = FitWithAdam(start, inputs, targets);

        Console.WriteLine();
        Console.WriteLine("  DerivGen playground: Newton–CG on HessianVectorProduct next to Adam, y = sin 1.5x, 32 points");
        Console.WriteLine("  network 1 → Dense(8, Tanh) → Dense(1), mean squared error, 25 parameters, same start");
        Console.WriteLine();
        Console.WriteLine("  step     Newton–CG loss   Adam loss");
        Console.WriteLine("  ───────  ───────────────  ───────────────");
        foreach (int step in new[] { 0, 1, 2, 3, 5, 10, 20, 30, 100, 300, 1000, 3000 })
        {
            string newton = step <= NewtonSteps ? newtonLosses[step].ToString("E6", CultureInfo.InvariantCulture) : "";
            Console.WriteLine(Invariant($"  {step,7}  {newton,15}  {adamLosses[step],15:E6}"));
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"  Each Newton step runs up to {CgIterations} H·v products per row (a few Backward's cost each); Adam one Backward."));
        PrintTinyNetHessian();
        return 0;
    }

    /// <summary>Levenberg-damped Newton–CG: solve (H + λI)p = −g by conjugate gradient, accept p when the loss falls.</summary>
    private static double[] FitWithNewton(double[] start, double[] inputs, double[] targets)
    {
        double[] theta = (double[])start.Clone();
        var losses = new double[NewtonSteps + 1];
        var gradient = new double[NewtonNet.ParameterCount];
        double damping = 1.0;
        losses[0] = NewtonNet.BackwardBatchMean(theta, inputs, targets, Rows, gradient);
        for (int step = 1; step <= NewtonSteps; step++)
        {
            double[] p = ConjugateGradient(theta, inputs, targets, gradient, damping);
            double[] trial = theta.Zip(p, (t, d) => t + d).ToArray();
            double trialLoss = NewtonNet.LossBatchMean(trial, inputs, targets, Rows);
            if (trialLoss < losses[step - 1])
            {
                theta = trial;
                damping = Math.Max(damping / 3, 1e-12);
                losses[step] = NewtonNet.BackwardBatchMean(theta, inputs, targets, Rows, gradient);
            }
            else
            {
                damping *= 4;
                losses[step] = losses[step - 1];
            }
        }

        return losses;
    }

    private static double[] ConjugateGradient(double[] theta, double[] inputs, double[] targets, double[] gradient, double damping)
    {
        int n = gradient.Length;
        var p = new double[n];
        double[] r = gradient.Select(g => -g).ToArray();
        double[] d = (double[])r.Clone();
        double rr = Dot(r, r);
        for (int i = 0; i < CgIterations && rr > 1e-30; i++)
        {
            double[] hd = MeanHessianVectorProduct(theta, inputs, targets, d);
            for (int k = 0; k < n; k++)
            {
                hd[k] += damping * d[k];
            }

            double curvature = Dot(d, hd);
            if (curvature <= 0)
            {
                break; // negative curvature along d: stop with the step so far
            }

            double alpha = rr / curvature;
            for (int k = 0; k < n; k++)
            {
                p[k] += alpha * d[k];
                r[k] -= alpha * hd[k];
            }

            double next = Dot(r, r);
            for (int k = 0; k < n; k++)
            {
                d[k] = r[k] + (next / rr * d[k]);
            }

            rr = next;
        }

        return p;
    }

    /// <summary>(1/rows) Σ H_row·v: the Hessian of the mean loss times v, one HessianVectorProduct per row.</summary>
    private static double[] MeanHessianVectorProduct(double[] theta, double[] inputs, double[] targets, double[] v)
    {
        var sum = new double[v.Length];
        var gradient = new double[v.Length];
        var product = new double[v.Length];
        for (int row = 0; row < Rows; row++)
        {
            NewtonNet.HessianVectorProduct(theta, inputs.AsSpan(row, 1), targets.AsSpan(row, 1), v, gradient, product);
            for (int k = 0; k < v.Length; k++)
            {
                sum[k] += product[k] / Rows;
            }
        }

        return sum;
    }

    private static double[] FitWithAdam(double[] start, double[] inputs, double[] targets)
    {
        double[] theta = (double[])start.Clone();
        var losses = new double[AdamSteps + 1];
        var gradient = new double[NewtonNet.ParameterCount];
        var adam = new Adam(NewtonNet.ParameterCount, learningRate: 0.01);
        for (int step = 0; step <= AdamSteps; step++)
        {
            losses[step] = NewtonNet.BackwardBatchMean(theta, inputs, targets, Rows, gradient);
            adam.Step(theta, gradient);
        }

        return losses;
    }

    /// <summary>W ~ N(0, 1/fan-in), b = 0, from a fixed seed.</summary>
    private static double[] Start()
    {
        var random = new Random(15);
        var theta = new double[NewtonNet.ParameterCount];
        for (int k = 0; k < NewtonNet.Layout.W1Length; k++)
        {
            theta[NewtonNet.Layout.W1 + k] = Gaussian(random);
        }

        for (int k = 0; k < NewtonNet.Layout.W2Length; k++)
        {
            theta[NewtonNet.Layout.W2 + k] = Gaussian(random) / Math.Sqrt(8);
        }

        return theta;
    }

    private static void PrintTinyNetHessian()
    {
        double[] theta = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.1, 0.2, 0.3, 0.2, 0.4, 0.6, 0.5];
        double[] x = [20, 3, 4];
        double[] y = [18];
        int n = TinyNet.ParameterCount;
        var hessian = new double[n, n];
        var unit = new double[n];
        var gradient = new double[n];
        var column = new double[n];
        for (int k = 0; k < n; k++)
        {
            unit[k] = 1;
            TinyNet.HessianVectorProduct(theta, x, y, unit, gradient, column);
            unit[k] = 0;
            for (int i = 0; i < n; i++)
            {
                hessian[i, k] = column[i];
            }
        }

        string[] names = ["W1₀₀", "W1₀₁", "W1₀₂", "W1₁₀", "W1₁₁", "W1₁₂", "W1₂₀", "W1₂₁", "W1₂₂", "b1₀", "b1₁", "b1₂", "W2₀", "W2₁", "W2₂", "b2"];
        Console.WriteLine();
        Console.WriteLine("  The seeds' 3-3-1 network at x = [20, 3, 4], y = 18: ∂²L/∂θ², 16 H·v products with unit directions");
        Console.WriteLine("  (every z1 > 0 here, so the ReLU units pass their tangents on unchanged; the curvature comes from σ and the square)");
        Console.WriteLine();
        Console.WriteLine("        " + string.Concat(names.Select(name => $"{name,10}")));
        for (int i = 0; i < n; i++)
        {
            Console.WriteLine($"  {names[i],-5} " + string.Concat(Enumerable.Range(0, n).Select(j => Invariant($"{hessian[i, j],10:0.0E+0}"))));
        }

        Console.WriteLine();
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
