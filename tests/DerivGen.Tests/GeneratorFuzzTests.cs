using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// Seeded fuzzing through <see cref="CSharpGeneratorDriver"/>: over two thousand malformed or extreme sources
    /// (<see cref="FuzzSourceMutator"/>), each of which must leave the generator without an exception, within a time
    /// limit, and, when no DG error is reported, with generated trees that add no error to the compilation
    /// (<see cref="FuzzOracle"/>). The oracle's own tests feed it broken generators, so a check that stopped working
    /// would show.
    /// </summary>
    /// <remarks>
    /// Set DERIVGEN_FUZZ_SEED to explore other seeds (the default seed is fixed, so CI is deterministic) and
    /// DERIVGEN_FUZZ_PER_CATEGORY to change the number of cases per category. A failure prints the seed, the case's
    /// index and category and its sources; <see cref="FuzzSourceMutator.Create"/> reproduces it alone.
    /// </remarks>
    public sealed class GeneratorFuzzTests
    {
        private const int DefaultSeed = 20_240_611;
        private const int DefaultPerCategory = 154;
        private const int MinimumInputs = 2_000;

        /// <summary>The limit for one input (generation plus both compilations' diagnostics), timed alone.</summary>
        // Generous: the slowest input takes about 2 s on an idle 2-core machine, but test assemblies run side by side
        // and a loaded machine once pushed one past 30 s. An input over it in the parallel run is timed again alone.
        private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(30);

        /// <summary>
        /// How long an input may run before it counts as a hang. A run past <see cref="PerInputLimit"/> that still ends is
        /// a slow machine, not a hang, and is timed again alone; only one that does not end by this bound is a hang.
        /// </summary>
        /// <remarks>
        /// The oracle's own tests that are not about time use it as their only limit: they check what the oracle reports,
        /// and a loaded machine once pushed one of them past 30 s.
        /// </remarks>
        private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(120);

        private readonly ITestOutputHelper _output;

        public GeneratorFuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        [Trait("Category", "Slow")]
        public void FuzzedSourcesNeverThrowHangOrIntroduceCompileErrors()
        {
            int seed = EnvironmentInt("DERIVGEN_FUZZ_SEED", DefaultSeed);
            int perCategory = EnvironmentInt("DERIVGEN_FUZZ_PER_CATEGORY", DefaultPerCategory);
            ImmutableArray<FuzzCase> cases = FuzzSourceMutator.Generate(seed, perCategory);

            // Warm up (metadata references, the JIT of Roslyn and of the generator) once, so the first inputs are not timed
            // with that cost.
            _ = FuzzOracle.Check(new FuzzCase(-1, "WarmUp", ImmutableArray.Create(TestNetworks.TinyNet)), TimeSpan.FromMinutes(1));

            var outcomes = new ConcurrentBag<FuzzOutcome>();
            int hangs = 0;
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var total = Stopwatch.StartNew();
            Parallel.ForEach(
                cases,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
                (fuzzCase, state) =>
                {
                    FuzzOutcome outcome = FuzzOracle.Check(fuzzCase, PerInputLimit, HangLimit);
                    outcomes.Add(outcome);
                    if (outcome.Failures.Any(f => f.Contains("did not finish", StringComparison.Ordinal)) && Interlocked.Increment(ref hangs) >= 3)
                    {
                        state.Stop(); // three hangs are enough to report; do not spend two minutes on each of the rest
                    }
                });
            total.Stop();
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

            // An input that failed only by time is run once more on its own: under heavy load from other processes a
            // slow input is not a hang. One that is over the limit twice fails.
            FuzzOutcome[] results = outcomes.OrderBy(o => o.Case.Index).ToArray();
            int retried = 0;
            for (int i = 0; i < results.Length && hangs < 3; i++)
            {
                if (!results[i].Passed && results[i].Failures.All(IsTimeFailure))
                {
                    retried++;
                    results[i] = FuzzOracle.Check(results[i].Case, PerInputLimit, HangLimit);
                }
            }

            _output.WriteLine(Summary(seed, results, total.Elapsed, cpu));
            _output.WriteLine(Invariant($"Inputs over the time limit in the parallel run and run again alone: {retried}."));

            FuzzOutcome[] failed = results.Where(o => !o.Passed).ToArray();
            if (Environment.GetEnvironmentVariable("DERIVGEN_FUZZ_REPORT") is { Length: > 0 } reportPath)
            {
                // Every input's outcome and every failure in full, for exploring a seed.
                System.IO.File.WriteAllText(reportPath, string.Join("\n", results.Select(o => Invariant(
                    $"#{o.Case.Index}\t{o.Case.Category}\t{o.Elapsed.TotalMilliseconds:0}\tgen={o.Generation.TotalMilliseconds:0}\tlines={o.GeneratedLines}\tfiles={o.GeneratedFiles}\tdgerr={o.GeneratorErrors}\t{(o.Passed ? "pass" : "FAIL")}\n")
                    + (o.Passed ? string.Empty : string.Join("\n", o.Failures) + "\n" + o.Case.Describe() + "\n"))));
            }

            if (failed.Length > 0)
            {
                Assert.Fail(FailureReport(seed, failed));
            }

            Assert.True(results.Length >= MinimumInputs || perCategory != DefaultPerCategory, Invariant($"Only {results.Length} inputs ran; expected at least {MinimumInputs}."));
            Assert.Equal(cases.Length, results.Length);
            foreach (string category in FuzzSourceMutator.Categories)
            {
                Assert.Equal(perCategory, results.Count(o => o.Case.Category == category));
            }

            // The fuzzer must actually reach the code paths it is meant to: valid and mixed inputs generate and get their
            // compilations compared, malformed ones are rejected.
            Assert.Contains(results, o => o.Case.Category == FuzzSourceMutator.Valid && o.CompilationCompared);
            Assert.Contains(results, o => o.Case.Category == FuzzSourceMutator.Mixed && o.CompilationCompared);
            Assert.Contains(results, o => o.Case.Category == FuzzSourceMutator.ExtremeArguments && o.CompilationCompared);
            Assert.Contains(results, o => o.Case.Category == FuzzSourceMutator.ExtremeArguments && o.GeneratorErrors > 0);
        }

        [Fact]
        public void TheMutatorIsDeterministicPerSeedAndCoversEveryCategory()
        {
            ImmutableArray<FuzzCase> first = FuzzSourceMutator.Generate(7, 3);
            ImmutableArray<FuzzCase> second = FuzzSourceMutator.Generate(7, 3);
            ImmutableArray<FuzzCase> other = FuzzSourceMutator.Generate(8, 3);

            Assert.Equal(first.Select(c => c.Describe()), second.Select(c => c.Describe()));
            Assert.NotEqual(first.Select(c => c.Describe()), other.Select(c => c.Describe()));
            Assert.Equal(FuzzSourceMutator.Categories.Length * 3, first.Length);
            Assert.Equal(FuzzSourceMutator.Categories.OrderBy(c => c, StringComparer.Ordinal), first.Select(c => c.Category).Distinct().OrderBy(c => c, StringComparer.Ordinal));
            foreach (FuzzCase c in first)
            {
                Assert.Equal(c.Describe(), FuzzSourceMutator.Create(7, c.Index, c.Category).Describe());
            }
        }

        [Fact]
        public void OracleReportsAGeneratorException()
        {
            FuzzOutcome outcome = FuzzOracle.Check(ValidCase(), HangLimit, HangLimit, () => FuzzOracle.DriverFor(new ThrowingGenerator()));

            Assert.Contains(outcome.Failures, f => f.Contains("generator exception", StringComparison.Ordinal));
        }

        [Fact]
        public void OracleReportsAnErrorInAGeneratedFile()
        {
            FuzzOutcome outcome = FuzzOracle.Check(ValidCase(), HangLimit, HangLimit, () => FuzzOracle.DriverFor(new FixedSourceGenerator("class Broken { int }")));

            Assert.Contains(outcome.Failures, f => f.StartsWith("Error in generated file", StringComparison.Ordinal));
        }

        [Fact]
        public void OracleReportsAnErrorThatTheGeneratedTreesIntroduceInTheUsersCode()
        {
            // Without the generated A.Ambig the name binds to B.Ambig; with it, the user's file has CS0104 (ambiguous).
            var fuzzCase = new FuzzCase(0, "Oracle", ImmutableArray.Create("""
                namespace A { public class Other { } }
                namespace B { public class Ambig { } }
                namespace C
                {
                    using A;
                    using B;
                    public class User { public Ambig? Field; }
                }
                """));
            FuzzOutcome outcome = FuzzOracle.Check(fuzzCase, HangLimit, HangLimit, () => FuzzOracle.DriverFor(new FixedSourceGenerator("namespace A { public class Ambig { } }")));

            Assert.Contains(outcome.Failures, f => f.StartsWith("Error that only the generated trees introduce", StringComparison.Ordinal) && f.Contains("CS0104", StringComparison.Ordinal));
        }

        [Fact]
        public void OracleReportsARunOverTheTimeLimit()
        {
            FuzzOutcome outcome = FuzzOracle.Check(ValidCase(), TimeSpan.FromMilliseconds(300), () => FuzzOracle.DriverFor(new SlowGenerator(TimeSpan.FromSeconds(2))));

            Assert.Contains(outcome.Failures, f => f.Contains("did not finish", StringComparison.Ordinal));
        }

        [Fact]
        public void OracleReportsAMissingRequiredDiagnosticAndAWrongFileCount()
        {
            FuzzCase fuzzCase = ValidCase() with { ExpectedSourceCount = 0, RequiredDiagnosticId = "DG0005" };

            FuzzOutcome outcome = FuzzOracle.Check(fuzzCase, PerInputLimit, HangLimit);

            Assert.Contains(outcome.Failures, f => f.StartsWith("Expected DG0005", StringComparison.Ordinal));
            Assert.Contains(outcome.Failures, f => f.StartsWith("Expected 0 generated files", StringComparison.Ordinal));
        }

        [Fact]
        public void OraclePassesAValidNetworkAndComparesItsCompilations()
        {
            FuzzOutcome outcome = FuzzOracle.Check(ValidCase() with { ExpectedSourceCount = 1, ExpectNoGeneratorDiagnostics = true }, HangLimit, HangLimit);

            Assert.True(outcome.Passed, string.Join("\n", outcome.Failures));
            Assert.True(outcome.CompilationCompared);
            Assert.Equal(1, outcome.GeneratedFiles);
        }

        private static FuzzCase ValidCase() => new(0, "Oracle", ImmutableArray.Create(TestNetworks.TinyNet));

        private static string Summary(int seed, IReadOnlyList<FuzzOutcome> results, TimeSpan elapsed, TimeSpan cpu)
        {
            var text = new StringBuilder();
            text.AppendLine(Invariant($"Fuzz seed {seed}: {results.Count} inputs in {elapsed.TotalSeconds:0.0} s wall, {cpu.TotalSeconds:0.0} s CPU ({Environment.ProcessorCount} workers, limit {PerInputLimit.TotalSeconds:0} s per input)."));
            text.AppendLine(Invariant($"{"category",-22} {"inputs",6} {"failed",6} {"DG err",6} {"gen'd",6} {"compared",8} {"files",6} {"max ms",7} {"mean ms",7}"));
            foreach (IGrouping<string, FuzzOutcome> group in results.GroupBy(o => o.Case.Category).OrderBy(g => FuzzSourceMutator.Categories.IndexOf(g.Key)))
            {
                text.AppendLine(Invariant(
                    $"{group.Key,-22} {group.Count(),6} {group.Count(o => !o.Passed),6} {group.Count(o => o.GeneratorErrors > 0),6} {group.Count(o => o.GeneratedFiles > 0),6} {group.Count(o => o.CompilationCompared),8} {group.Sum(o => o.GeneratedFiles),6} {group.Max(o => o.Elapsed.TotalMilliseconds),7:0} {group.Average(o => o.Elapsed.TotalMilliseconds),7:0}"));
            }

            text.AppendLine(Invariant($"{"total",-22} {results.Count,6} {results.Count(o => !o.Passed),6} {results.Count(o => o.GeneratorErrors > 0),6} {results.Count(o => o.GeneratedFiles > 0),6} {results.Count(o => o.CompilationCompared),8} {results.Sum(o => o.GeneratedFiles),6}"));
            text.AppendLine("(DG err: inputs with a DG error; gen'd: inputs with generated files; compared: compilations compared with and without the generated trees.)");

            FuzzOutcome[] warned = results.Where(o => !o.GeneratedWarnings.IsEmpty).ToArray();
            text.AppendLine(Invariant($"Inputs with warnings in generated files (not a failure): {warned.Length}"));
            foreach (IGrouping<string, (FuzzOutcome Outcome, string Warning)> group in warned
                .SelectMany(o => o.GeneratedWarnings.Select(w => (Outcome: o, Warning: w)))
                .GroupBy(x => Regex.Match(x.Warning, @"warning (CS\d{4})").Groups[1].Value)
                .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                (FuzzOutcome first, string warning) = group.First();
                text.AppendLine(Invariant($"  {group.Key}: {group.Select(x => x.Outcome.Case.Index).Distinct().Count()} inputs, e.g. [{first.Case.Category} #{first.Case.Index}] {Truncate(warning, 300)}"));
            }

            foreach (FuzzOutcome slow in results.OrderByDescending(o => o.Elapsed).Take(3))
            {
                text.AppendLine(Invariant($"Slowest: {slow.Case.Category} #{slow.Case.Index}: {slow.Elapsed.TotalMilliseconds:0} ms, {slow.GeneratedFiles} files"));
            }

            return text.ToString();
        }

        private static string FailureReport(int seed, IReadOnlyList<FuzzOutcome> failed)
        {
            var text = new StringBuilder();
            text.AppendLine(Invariant($"{failed.Count} fuzz inputs failed (seed {seed}); by category: ")
                + string.Join(", ", failed.GroupBy(o => o.Case.Category).Select(g => g.Key + " " + g.Count().ToString(CultureInfo.InvariantCulture))));

            // Group by the kind of the first failure, so one bug shows once with its smallest input; throws and errors in code
            // generated for a correct program come first, then errors in code generated for a program that has errors.
            foreach (IGrouping<string, FuzzOutcome> group in failed.GroupBy(o => Signature(o.Failures[0])).OrderBy(g => g.Key.Contains("input with errors", StringComparison.Ordinal) ? 1 : 0).Take(25))
            {
                FuzzOutcome smallest = group.OrderBy(o => o.Case.Sources.Sum(s => s.Length)).First();
                text.AppendLine();
                text.AppendLine(Invariant($"=== {group.Count()} input(s) like [{smallest.Case.Category} #{smallest.Case.Index}]:"));
                foreach (string failure in smallest.Failures.Take(5))
                {
                    text.AppendLine("  " + Truncate(failure, 1500));
                }

                text.AppendLine(Truncate(smallest.Case.Describe(), 3000));
            }

            return text.ToString();
        }

        /// <summary>A failure's kind without positions and names, to group failures that share a cause.</summary>
        private static string Signature(string failure)
        {
            string line = failure.Split('\n')[0];
            Match reported = Regex.Match(line, @"(?:error|warning) (CS\d{4}|DG\d{4})");
            string id = reported.Success ? reported.Groups[1].Value : Regex.Match(line, @"\b(CS\d{4}|DG\d{4})\b").Value;
            string exception = Regex.Match(line, @"System\.[A-Za-z.]*Exception").Value;
            string kind;
            if (line.StartsWith("Error in generated file", StringComparison.Ordinal))
            {
                int message = line.IndexOf(id + ": ", StringComparison.Ordinal);
                kind = "Error in generated file, input " + (line.Contains("compiles without errors", StringComparison.Ordinal) ? "clean" : "with errors")
                    + (message < 0 ? string.Empty : ": " + Regex.Replace(line[(message + id.Length + 2)..], @"'[^']*'", "_"));
            }
            else if (exception.Length > 0)
            {
                // The exception's message without names and numbers: one group per kind of throw.
                string message = line[(line.IndexOf(exception, StringComparison.Ordinal) + exception.Length)..];
                kind = "Exception " + Regex.Replace(message, @"'[^']*'", "_");
            }
            else
            {
                int colon = line.IndexOf(": ", StringComparison.Ordinal);
                kind = colon < 0 ? line : line[..colon];
            }

            return Regex.Replace(kind, @"\d+", "N") + " " + id + " " + exception;
        }

        private static bool IsTimeFailure(string failure) =>
            failure.Contains("did not finish", StringComparison.Ordinal) || failure.StartsWith("The run took", StringComparison.Ordinal)
            || failure.StartsWith("Cancelled after the time limit", StringComparison.Ordinal);

        private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + " ...";

        private static int EnvironmentInt(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

        /// <summary>A generator that throws when it produces output.</summary>
        private sealed class ThrowingGenerator : IIncrementalGenerator
        {
            public void Initialize(IncrementalGeneratorInitializationContext context) =>
                context.RegisterSourceOutput(context.CompilationProvider, static (_, _) => throw new InvalidOperationException("broken on purpose"));
        }

        /// <summary>A generator that adds one fixed source file.</summary>
        private sealed class FixedSourceGenerator(string text) : IIncrementalGenerator
        {
            public void Initialize(IncrementalGeneratorInitializationContext context) =>
                context.RegisterPostInitializationOutput(c => c.AddSource("Fixed.g.cs", text));
        }

        /// <summary>A generator that takes longer than the limit the test gives it.</summary>
        private sealed class SlowGenerator(TimeSpan delay) : IIncrementalGenerator
        {
            public void Initialize(IncrementalGeneratorInitializationContext context) =>
                context.RegisterSourceOutput(context.CompilationProvider, (_, _) => Thread.Sleep(delay));
        }
    }
}
