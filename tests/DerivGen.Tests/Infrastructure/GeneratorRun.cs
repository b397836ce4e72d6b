using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>What one run of <see cref="DerivGenerator"/> over a compilation produced.</summary>
    /// <param name="Input">The compilation the generator ran over.</param>
    /// <param name="Output">The input plus the generated trees.</param>
    /// <param name="Driver">The driver after the run; run it again to test caching.</param>
    /// <param name="Sources">The generated files, in the order the driver reports them.</param>
    /// <param name="GeneratorDiagnostics">
    /// The warnings and errors the generator reported (a build shows these; Info diagnostics are in <see cref="Information"/>).
    /// </param>
    /// <param name="Exception">The exception the generator threw, or null (the driver catches it and reports CS8785).</param>
    /// <param name="Result">The driver's raw result for the generator, with tracked steps when tracking was on.</param>
    internal sealed record GeneratorRun(
        Compilation Input,
        Compilation Output,
        GeneratorDriver Driver,
        ImmutableArray<GeneratedFile> Sources,
        ImmutableArray<Diagnostic> GeneratorDiagnostics,
        Exception? Exception,
        GeneratorRunResult Result)
    {
        /// <summary>The Info diagnostics the generator reported (DG0055 for a wide looped output layer).</summary>
        public ImmutableArray<Diagnostic> Information =>
            Result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Info).ToImmutableArray();

        /// <summary>The output compilation's diagnostics that are not hidden: warnings and errors that a build would show.</summary>
        public ImmutableArray<Diagnostic> OutputDiagnostics =>
            Output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).ToImmutableArray();

        /// <summary>The one generated file with the given hint name; fails the test when there is none.</summary>
        public GeneratedFile Source(string hintName) =>
            Sources.FirstOrDefault(s => string.Equals(s.HintName, hintName, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException(
                $"No generated source has hint name '{hintName}'. Generated: [{string.Join(", ", Sources.Select(s => s.HintName))}]");

        /// <summary>The hint names of the generated files.</summary>
        public IReadOnlyList<string> HintNames => Sources.Select(s => s.HintName).ToArray();

        /// <summary>A readable list of diagnostics for failure messages.</summary>
        public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
            string.Join("\n", diagnostics.Select(d => "  " + d.ToString()));
    }
}
