using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// How long the generator itself takes, and how much compile time its output adds, for 3-3-1, 64-64-10 and
    /// 784-128-10 at the default UnrollLimit. The figures go to the test output (<c>dotnet test ... --logger
    /// "console;verbosity=detailed"</c>); the assertions are only generous sanity bounds, since CI machines differ and
    /// timings are noisy. It runs alone (its own collection, not in parallel with the other test classes), so the figures
    /// are not those of a machine busy compiling other tests; it takes 2 to 4 seconds (two cores). The time a real
    /// <c>dotnet build</c> adds, is measured from the shell, not here.
    /// </summary>
    [Trait("Category", "Slow")] // compiles 784-128-10 several times; see README, "Tests and snapshots"
    [Collection(nameof(GeneratorTimingReport))]
    public sealed class GeneratorTimingReport
    {
        /// <summary>Fresh-driver generator runs per network after the warm-up.</summary>
        private const int GeneratorRuns = 5;

        /// <summary>Emits per network and variant (with and without the generated tree) after the warm-up, at most.</summary>
        private const int EmitRuns = 2;

        /// <summary>No further emit of a network once its emits with the generated tree have taken this long.</summary>
        private static readonly TimeSpan EmitBudget = TimeSpan.FromSeconds(4);

        /// <summary>Sanity bounds, far above the expected (tens to hundreds of milliseconds, and a few seconds).</summary>
        private static readonly TimeSpan GeneratorBound = TimeSpan.FromSeconds(30);

        private static readonly TimeSpan EmitBound = TimeSpan.FromSeconds(120);

        private static readonly (string Name, NetworkDescription Network)[] Networks =
        {
            ("3-3-1", new NetworkDescription("TinyNet", 3, new LayerDescription[] { new(3, Activation.ReLU), new(1, Activation.Sigmoid) })),
            ("64-64-10", new NetworkDescription("Dense64", 64, new LayerDescription[] { new(64, Activation.ReLU), new(10, Activation.Softmax) }, LossFunction.CrossEntropy)),
            ("784-128-10", new NetworkDescription("Mnist", 784, new LayerDescription[] { new(128, Activation.ReLU), new(10, Activation.Softmax) }, LossFunction.CrossEntropy)),
        };

        private readonly ITestOutputHelper output;

        public GeneratorTimingReport(ITestOutputHelper output) => this.output = output;

        [Fact]
        public void GeneratorAndAddedEmitTimes()
        {
            // Warm-up: JIT the generator, the driver and the emitter on the smallest network.
            Measure(Networks[0].Network, runs: 1, emits: 1);

            var rows = new List<string>
            {
                "network    | lines  | generator, Stopwatch | generator, timing info | emits | parse generated | emit without | emit with | added (parse + emit)",
                "-----------|--------|----------------------|------------------------|-------|-----------------|--------------|-----------|---------------------",
            };
            foreach (var (name, network) in Networks)
            {
                Timings t = Measure(network, GeneratorRuns, EmitRuns);
                rows.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name,-10} | {t.Lines,6} | {Ms(t.Generator),17} ms | {Ms(t.GeneratorTiming),19} ms | {t.Emits,5} | {Ms(t.Parse),12} ms | {Ms(t.EmitWithout),9} ms | {Ms(t.EmitWith),6} ms | {Ms(t.Parse + t.EmitWith - t.EmitWithout),17} ms"));

                Assert.True(t.Generator < GeneratorBound, $"{name}: the generator took {t.Generator.TotalSeconds:F1} s on average");
                Assert.True(t.EmitWith < EmitBound, $"{name}: emitting the generated code took {t.EmitWith.TotalSeconds:F1} s on average");
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Means over {GeneratorRuns} fresh-driver generator runs and up to {EmitRuns} in-memory emits each (fewer past {EmitBudget.TotalSeconds:F0} s), after a warm-up; {Environment.ProcessorCount} logical processors."));
            foreach (string row in rows)
            {
                output.WriteLine(row);
            }
        }

        private static Timings Measure(NetworkDescription network, int runs, int emits)
        {
            CSharpCompilation user = GeneratorHarness.CreateCompilation("DerivGen.Timing", new[] { NetworkSource.File(network) });

            // (i) The generator: a fresh driver each time, so no run is served from the incremental cache.
            TimeSpan stopwatchTotal = TimeSpan.Zero, timingTotal = TimeSpan.Zero;
            string? text = null;
            for (int run = 0; run < runs; run++)
            {
                GeneratorDriver driver = GeneratorHarness.CreateDriver();
                var stopwatch = Stopwatch.StartNew();
                driver = driver.RunGenerators(user);
                stopwatch.Stop();
                stopwatchTotal += stopwatch.Elapsed;
                timingTotal += driver.GetTimingInfo().GeneratorTimes.Single().ElapsedTime;

                GeneratorRunResult result = driver.GetRunResult().Results.Single();
                Assert.Null(result.Exception);
                // Info (DG0055 for a wide looped output layer) is what a build does not show; warnings and errors would be problems.
                var shown = result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).ToArray();
                Assert.True(shown.Length == 0, GeneratorRun.Describe(shown));
                text = result.GeneratedSources.Single().SourceText.ToString();
            }

            // (ii) The compile time it adds: parse the generated text and emit, against emitting the user code alone. Each
            // emit gets a fresh compilation (Clone drops the bound state), so nothing is reused between them.
            TimeSpan parseTotal = TimeSpan.Zero, withoutTotal = TimeSpan.Zero, withTotal = TimeSpan.Zero;
            int emitted = 0;
            for (; emitted < emits && (emitted == 0 || withTotal < EmitBudget); emitted++)
            {
                withoutTotal += Emit(user.Clone());

                var stopwatch = Stopwatch.StartNew();
                SyntaxTree generated = CSharpSyntaxTree.ParseText(text!, GeneratorHarness.ParseOptions, path: "Generated.g.cs");
                stopwatch.Stop();
                parseTotal += stopwatch.Elapsed;
                withTotal += Emit(user.Clone().AddSyntaxTrees(generated));
            }

            return new Timings(
                text!.Split('\n').Length,
                stopwatchTotal / runs,
                timingTotal / runs,
                emitted,
                parseTotal / emitted,
                withoutTotal / emitted,
                withTotal / emitted);
        }

        private static TimeSpan Emit(Compilation compilation)
        {
            using var stream = new MemoryStream();
            var stopwatch = Stopwatch.StartNew();
            EmitResult result = compilation.Emit(stream);
            stopwatch.Stop();
            Assert.True(result.Success, GeneratorRun.Describe(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
            return stopwatch.Elapsed;
        }

        private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture);

        private sealed record Timings(int Lines, TimeSpan Generator, TimeSpan GeneratorTiming, int Emits, TimeSpan Parse, TimeSpan EmitWithout, TimeSpan EmitWith);
    }

    /// <summary>Runs <see cref="GeneratorTimingReport"/> on its own, after the test classes that run in parallel.</summary>
    [CollectionDefinition(nameof(GeneratorTimingReport), DisableParallelization = true)]
    public sealed class GeneratorTimingReportCollection
    {
    }
}
