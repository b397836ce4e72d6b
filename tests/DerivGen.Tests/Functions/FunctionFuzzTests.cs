using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// Seeded fuzzing of [Differentiable] bodies (<see cref="FunctionFuzzMutator"/>): the generator never throws, every
    /// diagnostic is located inside its input, every unsupported input gets its diagnostic and no IR, and every valid
    /// random body parses to IR that, interpreted, returns what the compiled C# returns. Inputs are compiled a hundred
    /// files at a time.
    /// </summary>
    public sealed class FunctionFuzzTests
    {
        private const int Seed = 20_251_201;
        private const int PerCategory = 500;
        private const int BatchSize = 100;

        private readonly ITestOutputHelper _output;

        public FunctionFuzzTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void FuzzedBodiesNeverThrowAndEachUnsupportedOneGetsALocatedDiagnostic()
        {
            var cases = FunctionFuzzMutator.Generate(Seed, PerCategory);
            Assert.True(cases.Length >= 2_000);
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            var clock = Stopwatch.StartNew();
            int checkedPoints = 0;
            var batches = cases.GroupBy(c => c.Category).SelectMany(g => g.Chunk(BatchSize)).ToArray();
            System.Threading.Tasks.Parallel.ForEach(batches, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, batch =>
            {
                var compilation = GeneratorHarness.CreateCompilation(
                    "DerivGen.FunctionFuzz", batch.Select(c => c.Source), GeneratorHarness.NumericParseOptions, GeneratorHarness.CompilationOptions);
                var run = FunctionRun.Of(compilation);
                if (run.Run.Exception is not null)
                {
                    failures.Add($"batch from case {batch[0].Index}: generator threw {run.Run.Exception}");
                    return;
                }

                var texts = compilation.SyntaxTrees.ToDictionary(t => t.FilePath, t => t.GetText().Length, StringComparer.Ordinal);
                var byFile = run.Diagnostics.ToLookup(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal);
                foreach (var diagnostic in run.Diagnostics)
                {
                    string path = diagnostic.Location.GetLineSpan().Path;
                    if (diagnostic.Id == "DG9999" || !texts.TryGetValue(path, out int length) || diagnostic.Location.SourceSpan.End > length || diagnostic.Location.SourceSpan.IsEmpty)
                    {
                        failures.Add($"badly located or internal: {diagnostic}");
                    }
                }

                for (int i = 0; i < batch.Length; i++)
                {
                    var fuzzCase = batch[i];
                    string path = "Source" + i.ToString(CultureInfo.InvariantCulture) + ".cs";
                    var parsed = run.Functions.SingleOrDefault(f => f.Type.Name == fuzzCase.ClassName && f.Name == "F");
                    var ids = byFile[path].Select(d => d.Id).ToArray();
                    if (fuzzCase.RequiredId is { } required && !ids.Contains(required))
                    {
                        failures.Add($"case {fuzzCase.Index} ({fuzzCase.Category}) needs {required}, got [{string.Join(", ", ids)}]:\n{fuzzCase.Source}");
                    }

                    // Body problems leave no IR; call problems (found when resolving) leave IR that is not resolved.
                    if (fuzzCase.RequiredId is not null && parsed is not null && (fuzzCase.RequiredId is not ("DG0022" or "DG0023") || run.Resolved.Any(r => r.Function == parsed)))
                    {
                        failures.Add($"case {fuzzCase.Index} ({fuzzCase.Category}) is unsupported but has IR:\n{fuzzCase.Source}");
                    }

                    if (fuzzCase.Category == FunctionFuzzMutator.Valid && (ids.Length > 0 || parsed is null || !run.Resolved.Any(r => r.Function == parsed)))
                    {
                        failures.Add($"case {fuzzCase.Index} is valid but got [{string.Join(", ", ids)}]:\n{fuzzCase.Source}");
                    }
                }

                if (batch[0].Category == FunctionFuzzMutator.Valid)
                {
                    System.Threading.Interlocked.Add(ref checkedPoints, CompareWithCompiledCSharp(batch, run, failures));
                }
            });

            _output.WriteLine($"{cases.Length} cases, {checkedPoints} valid points compared, {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(failures.Count == 0, $"{failures.Count} failures; first ones:\n" + string.Join("\n\n", failures.Take(5)));
            Assert.True(checkedPoints >= 3 * PerCategory, $"only {checkedPoints} points compared");
        }

        [Fact]
        public void TheMutatorIsDeterministicAndCoversEveryCategory()
        {
            var first = FunctionFuzzMutator.Generate(7, 3);
            var second = FunctionFuzzMutator.Generate(7, 3);
            Assert.Equal(first.Select(c => c.Source), second.Select(c => c.Source));
            Assert.Equal(FunctionFuzzMutator.Categories.OrderBy(c => c, StringComparer.Ordinal), first.Select(c => c.Category).Distinct().OrderBy(c => c, StringComparer.Ordinal));
        }

        /// <summary>Valid bodies: the interpreted IR returns the compiled method's double (NaN for NaN) at three points each.</summary>
        private static int CompareWithCompiledCSharp(FunctionFuzzCase[] batch, FunctionRun run, System.Collections.Concurrent.ConcurrentBag<string> failures)
        {
            using var assembly = CollectibleAssembly.Load(run.Run.Output);
            var interpreter = new FunctionInterpreter(run.Functions);
            var random = new Random(batch[0].Index);
            int points = 0;
            foreach (var fuzzCase in batch)
            {
                var function = run.Functions.SingleOrDefault(f => f.Type.Name == fuzzCase.ClassName && f.Name == "F");
                if (function is null)
                {
                    continue;
                }

                var method = assembly.GetType(fuzzCase.ClassName).GetMethod("F", BindingFlags.Public | BindingFlags.Static)!;
                for (int p = 0; p < 3; p++)
                {
                    double x = Math.Round((random.NextDouble() * 4) - 2, 3), y = Math.Round((random.NextDouble() * 4) - 2, 3);
                    double expected = (double)method.Invoke(null, new object[] { x, y })!;
                    double actual = interpreter.Evaluate(function, new[] { x, y });
                    if (!expected.Equals(actual))
                    {
                        failures.Add($"case {fuzzCase.Index} at ({x}, {y}): C# gives {expected:R}, the IR {actual:R}:\n{fuzzCase.Source}");
                    }

                    points++;
                }
            }

            return points;
        }
    }
}
