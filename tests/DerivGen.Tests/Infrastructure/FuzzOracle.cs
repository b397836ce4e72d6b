using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>What the oracle made of one fuzz input.</summary>
    /// <param name="Case">The input.</param>
    /// <param name="Failures">Every rule the run broke; empty when it passed.</param>
    /// <param name="Elapsed">Wall-clock time of the run and the checks.</param>
    /// <param name="GeneratorErrors">How many DG diagnostics of severity Error were reported.</param>
    /// <param name="GeneratedFiles">How many files the generator added.</param>
    /// <param name="CompilationCompared">Whether the compilation with and without the generated trees was compared.</param>
    /// <param name="GeneratedWarnings">Warnings located in generated files (not a failure; reported for information).</param>
    internal sealed record FuzzOutcome(
        FuzzCase Case,
        ImmutableArray<string> Failures,
        TimeSpan Elapsed,
        int GeneratorErrors,
        int GeneratedFiles,
        bool CompilationCompared,
        ImmutableArray<string> GeneratedWarnings)
    {
        public bool Passed => Failures.IsEmpty;

        /// <summary>How long the generator run took (the rest of <see cref="Elapsed"/> is compiling and checking).</summary>
        public TimeSpan Generation { get; init; }

        /// <summary>How many lines the generator added.</summary>
        public int GeneratedLines { get; init; }
    }

    /// <summary>
    /// Runs one fuzz input through a <see cref="CSharpGeneratorDriver"/> and checks what must hold for every input,
    /// however malformed: the driver reports no generator exception and nothing is thrown; the run ends within a time
    /// limit; DG diagnostics sit in the user's source and DG9999 (internal error) never appears; and whenever no DG
    /// error was reported, the generated trees introduce no error: none located in a generated file and none in the
    /// compilation that was not there without them (compared by ID, file and span). Case-specific expectations (a
    /// required diagnostic, an exact number of generated files, no diagnostics at all) are checked too.
    /// </summary>
    internal static class FuzzOracle
    {
        private const string InternalErrorId = "DG9999";

        /// <summary>
        /// The harness's parse options less the two passes that can only ever report warnings
        /// (<see cref="GeneratorHarness.NumericParseOptions"/>): the oracle judges errors alone.
        /// </summary>
        public static readonly CSharpParseOptions ParseOptions = GeneratorHarness.NumericParseOptions;

        /// <summary>
        /// The harness's compilation options, binding on the calling thread only: the fuzz test already runs one input
        /// per core, and each input is small, so a compilation's own parallel binding would only compete with them.
        /// </summary>
        public static readonly CSharpCompilationOptions CompilationOptions = GeneratorHarness.CompilationOptions.WithConcurrentBuild(false);

        /// <summary>Runs and checks one case with DerivGen, failing it when it takes longer than <paramref name="limit"/>.</summary>
        public static FuzzOutcome Check(FuzzCase fuzzCase, TimeSpan limit) =>
            Check(fuzzCase, limit, limit, () => DriverFor(new DerivGenerator()));

        /// <summary>
        /// Runs and checks one case with DerivGen, failing it when it takes longer than <paramref name="limit"/>, and
        /// reporting it as a hang (and leaving it) only when it has not ended after <paramref name="hangLimit"/>.
        /// </summary>
        public static FuzzOutcome Check(FuzzCase fuzzCase, TimeSpan limit, TimeSpan hangLimit) =>
            Check(fuzzCase, limit, hangLimit, () => DriverFor(new DerivGenerator()));

        /// <summary>A driver for <paramref name="generator"/> that parses its output with the oracle's <see cref="ParseOptions"/>.</summary>
        public static GeneratorDriver DriverFor(IIncrementalGenerator generator) => GeneratorHarness.CreateDriver(generator, ParseOptions);

        /// <summary>
        /// Runs and checks one case with the driver <paramref name="createDriver"/> makes (the oracle's own tests give it
        /// broken generators). The run happens on a dedicated thread; when it has not ended after
        /// <paramref name="limit"/>, it is cancelled and reported as a hang (the thread is left to finish on its own).
        /// </summary>
        public static FuzzOutcome Check(FuzzCase fuzzCase, TimeSpan limit, Func<GeneratorDriver> createDriver) =>
            Check(fuzzCase, limit, limit, createDriver);

        /// <summary>
        /// Runs and checks one case with the driver <paramref name="createDriver"/> makes. The run happens on a dedicated
        /// thread. One that ends after <paramref name="limit"/> fails as too slow; one that has not ended after
        /// <paramref name="hangLimit"/> (at least <paramref name="limit"/>) is cancelled and reported as a hang (the thread
        /// is left to finish on its own). Waiting past <paramref name="limit"/> tells a hang from a run that a loaded
        /// machine merely slowed down: the first never ends, the second does, and its caller can time it again alone.
        /// </summary>
        public static FuzzOutcome Check(FuzzCase fuzzCase, TimeSpan limit, TimeSpan hangLimit, Func<GeneratorDriver> createDriver)
        {
            ArgumentNullException.ThrowIfNull(fuzzCase);
            ArgumentNullException.ThrowIfNull(createDriver);
            if (hangLimit < limit)
            {
                throw new ArgumentOutOfRangeException(nameof(hangLimit), hangLimit, "The hang limit must not be below the time limit.");
            }

            using var cancellation = new CancellationTokenSource();
            var stopwatch = Stopwatch.StartNew();
            Task<FuzzOutcome> run = Task.Factory.StartNew(
                () => Run(fuzzCase, createDriver, stopwatch, cancellation.Token),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            bool finished;
            try
            {
                finished = run.Wait(hangLimit);
            }
            catch (AggregateException e)
            {
                return Failed(fuzzCase, stopwatch.Elapsed, "The run threw: " + e.InnerException);
            }

            if (!finished)
            {
                cancellation.Cancel();
                return Failed(fuzzCase, stopwatch.Elapsed, Invariant($"The run did not finish within {hangLimit.TotalSeconds:0.#} s (cancelled; it may hang)."));
            }

            FuzzOutcome outcome = run.Result;
            if (outcome.Elapsed > limit)
            {
                return outcome with { Failures = outcome.Failures.Add(Invariant($"The run took {outcome.Elapsed.TotalSeconds:0.00} s, over the {limit.TotalSeconds:0.#} s limit.")) };
            }

            return outcome;
        }

        private static FuzzOutcome Run(FuzzCase fuzzCase, Func<GeneratorDriver> createDriver, Stopwatch stopwatch, CancellationToken ct)
        {
            var failures = new List<string>();
            try
            {
                Compilation input = GeneratorHarness.CreateCompilation("DerivGen.FuzzInput", fuzzCase.Sources, ParseOptions, CompilationOptions);
                GeneratorDriver driver = createDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics, ct);
                TimeSpan generation = stopwatch.Elapsed;
                GeneratorRunResult result = driver.GetRunResult().Results.Single();

                if (result.Exception is not null)
                {
                    failures.Add("The driver reported a generator exception: " + result.Exception);
                }

                // CS8784 (generator failed to initialize) and CS8785 (generator failed) are how the driver reports throws.
                foreach (Diagnostic d in driverDiagnostics.Where(d => d.Id is "CS8784" or "CS8785"))
                {
                    failures.Add("The driver reported " + d);
                }

                ImmutableArray<Diagnostic> generatorDiagnostics = result.Diagnostics;
                var inputTrees = new HashSet<SyntaxTree>(input.SyntaxTrees);
                foreach (Diagnostic d in generatorDiagnostics.Where(d => d.Id.StartsWith("DG", StringComparison.Ordinal)))
                {
                    if (d.Id == InternalErrorId)
                    {
                        failures.Add("The generator reported an internal error: " + d);
                    }
                    else if (!d.Location.IsInSource || !inputTrees.Contains(d.Location.SourceTree!))
                    {
                        failures.Add("A DG diagnostic has no location in the user's source: " + d);
                    }
                }

                int generatorErrors = generatorDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("DG", StringComparison.Ordinal));
                int generatedFiles = result.GeneratedSources.Length;

                if (fuzzCase.RequiredDiagnosticId is { } required && !generatorDiagnostics.Any(d => d.Id == required))
                {
                    failures.Add($"Expected {required}; the generator reported [{string.Join(", ", generatorDiagnostics.Select(d => d.Id))}]");
                }

                if (fuzzCase.ExpectedSourceCount >= 0 && generatedFiles != fuzzCase.ExpectedSourceCount)
                {
                    failures.Add(Invariant($"Expected {fuzzCase.ExpectedSourceCount} generated files; got {generatedFiles} [{string.Join(", ", result.GeneratedSources.Select(s => s.HintName))}]"));
                }

                if (fuzzCase.ExpectNoGeneratorDiagnostics && !generatorDiagnostics.IsEmpty)
                {
                    failures.Add("A valid network produced diagnostics:\n" + GeneratorRun.Describe(generatorDiagnostics));
                }

                bool compared = false;
                var generatedWarnings = ImmutableArray<string>.Empty;
                if (generatedFiles > 0 && generatorErrors == 0)
                {
                    compared = true;
                    generatedWarnings = CompareCompilations(input, output, failures, ct);
                }

                return new FuzzOutcome(fuzzCase, failures.ToImmutableArray(), stopwatch.Elapsed, generatorErrors, generatedFiles, compared, generatedWarnings)
                {
                    Generation = generation,
                    GeneratedLines = result.GeneratedSources.Sum(s => s.SourceText.Lines.Count),
                };
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return Failed(fuzzCase, stopwatch.Elapsed, "Cancelled after the time limit.");
            }
            catch (Exception e)
            {
                failures.Add("Running the generator threw: " + e);
                return new FuzzOutcome(fuzzCase, failures.ToImmutableArray(), stopwatch.Elapsed, 0, 0, false, ImmutableArray<string>.Empty);
            }
        }

        /// <summary>
        /// Adds a failure for every error located in a generated tree and every error of <paramref name="output"/> that
        /// <paramref name="input"/> does not have (same ID, file and span); returns the warnings in generated trees.
        /// </summary>
        private static ImmutableArray<string> CompareCompilations(Compilation input, Compilation output, List<string> failures, CancellationToken ct)
        {
            var generatedTrees = new HashSet<SyntaxTree>(output.SyntaxTrees.Except(input.SyntaxTrees));
            ImmutableArray<Diagnostic> after = output.GetDiagnostics(ct);
            Diagnostic[]? inputErrors = null; // computed only when needed
            HashSet<(string, string, int, int)>? before = null;
            foreach (Diagnostic d in after.Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                inputErrors ??= input.GetDiagnostics(ct).Where(e => e.Severity == DiagnosticSeverity.Error).ToArray();
                before ??= new HashSet<(string, string, int, int)>(inputErrors.Select(Key));
                if (d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
                {
                    // Say whether the user's code compiled on its own: an error in generated code for a correct program is
                    // the worst case; for a program that already has errors it is still noise the generator should avoid.
                    string state = inputErrors.Length == 0
                        ? "the input compiles without errors"
                        : "the input already has errors: " + string.Join(", ", inputErrors.Select(e => e.Id).Distinct().Take(5));
                    failures.Add("Error in generated file (" + state + "): " + d + "\n      line: " + LineOf(d));
                }
                else if (!before.Contains(Key(d)))
                {
                    failures.Add("Error that only the generated trees introduce: " + d);
                }
            }

            return after
                .Where(d => d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))
                .Select(d => d.ToString())
                .ToImmutableArray();
        }

        private static (string Id, string Path, int Start, int Length) Key(Diagnostic d) =>
            (d.Id, d.Location.SourceTree?.FilePath ?? string.Empty, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length);

        private static string LineOf(Diagnostic d)
        {
            if (d.Location.SourceTree is not { } tree)
            {
                return string.Empty;
            }

            var text = tree.GetText();
            return text.Lines.GetLineFromPosition(d.Location.SourceSpan.Start).ToString().Trim();
        }

        private static FuzzOutcome Failed(FuzzCase fuzzCase, TimeSpan elapsed, string failure) =>
            new(fuzzCase, ImmutableArray.Create(failure), elapsed, 0, 0, false, ImmutableArray<string>.Empty);

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
