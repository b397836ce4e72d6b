using System;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace DerivGen.Benchmarks;

/// <summary>Entry point: BenchmarkDotNet's switcher, so <c>--filter</c>, <c>--job</c> and the rest work.</summary>
public static class Program
{
    /// <summary>
    /// Runs the benchmarks the command line selects; <c>--verify</c> instead only runs every benchmark class's
    /// agreement check (each variant's loss and gradient against the hand-written baseline) and exits.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args is ["--verify"])
        {
            new Net3x3x1Benchmarks().Setup();
            new Net16x32x1Benchmarks().Setup();
            new Net64x64x10Benchmarks().Setup();
            new Net784x128x10Benchmarks().Setup();
            new TrainingStepBenchmarks().Setup();
            new FunctionGradientBenchmarks().Setup();
            new LaneBatchBenchmarks().Setup();
            new FunctionHessianBenchmarks().Setup();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Every variant agrees with the hand-written baseline within {Agreement.Tolerance:R}: "
                + $"worst relative loss difference {Agreement.WorstLossError:G3}, "
                + $"worst normwise gradient or update difference {Agreement.WorstVectorError:G3}."));
            return 0;
        }

        // Median and Min beside the Mean: on a small shared machine they show how much of the Mean is interference.
        var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }
}
