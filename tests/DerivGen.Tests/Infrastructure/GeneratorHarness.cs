using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// Builds compilations from source strings and runs <see cref="DerivGenerator"/> over them in-process, as the
    /// compiler would (Regex and STJ generator tests do the same).
    /// </summary>
    internal static class GeneratorHarness
    {
        /// <summary>C# "latest" as this Roslyn knows it, with documentation comments parsed and checked.</summary>
        public static readonly CSharpParseOptions ParseOptions = new(
            LanguageVersion.Latest,
            DocumentationMode.Diagnose);

        /// <summary>
        /// A library with nullable reference types on and every warning wave (/warn:9999), so generated code that a
        /// user's strictest build would warn about fails here.
        /// </summary>
        public static readonly CSharpCompilationOptions CompilationOptions =
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithNullableContextOptions(NullableContextOptions.Enable)
                .WithWarningLevel(9999)
                .WithOptimizationLevel(OptimizationLevel.Release)
                .WithDeterministic(true)
                // Test sources declare public types without XML docs; the generated code's docs are still checked
                // for well-formedness (CS1570-CS1574 and friends), only "missing comment" is not asked for.
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1591"] = ReportDiagnostic.Suppress,

                    // Off in every SDK build (its default NoWarn): the DerivGen runtime here is its net8.0 build, compiled
                    // against System.Runtime 8.0, and the reference assemblies are those of the test's own framework.
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                });

        /// <summary>
        /// <see cref="ParseOptions"/> without the two passes that can only warn: documentation comments are not parsed and
        /// nullable analysis does not run. For the shared compilations of many networks, which test what the generated
        /// code computes; they bind and emit every method as before. That the generated code is free of documentation
        /// and nullable warnings is checked with <see cref="ParseOptions"/> over every activation, loss, precision and
        /// type shape (GeneratorDriverTests, LanguageVersionTests, SupportedTypeKindTests), and by the package test's
        /// warnings-as-errors builds. The two passes took about 40% of the fuzz test's compile time and a quarter of a shared compilation's.
        /// </summary>
        public static readonly CSharpParseOptions NumericParseOptions = ParseOptions
            .WithDocumentationMode(DocumentationMode.None)
            .WithFeatures(new[] { new KeyValuePair<string, string>("run-nullable-analysis", "never") });

        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>
        /// The framework's reference assemblies this project compiles against (Microsoft.NETCore.App's, listed at build time
        /// in framework-references.txt, so the test project's own dependencies do not leak in) plus the DerivGen runtime.
        /// </summary>
        public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

        /// <summary>Parses the sources (named Source0.cs, Source1.cs, ...) into one compilation.</summary>
        public static CSharpCompilation CreateCompilation(params string[] sources) =>
            CreateCompilation("DerivGen.TestInput", sources);

        /// <summary>Parses the sources into one compilation with the given assembly name.</summary>
        public static CSharpCompilation CreateCompilation(string assemblyName, IEnumerable<string> sources) =>
            CreateCompilation(assemblyName, sources, ParseOptions, CompilationOptions);

        /// <summary>Parses the sources with <paramref name="parseOptions"/> into one compilation with the given options.</summary>
        public static CSharpCompilation CreateCompilation(
            string assemblyName,
            IEnumerable<string> sources,
            CSharpParseOptions parseOptions,
            CSharpCompilationOptions compilationOptions)
        {
            ArgumentNullException.ThrowIfNull(sources);
            var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(
                SourceText.From(text, Encoding.UTF8),
                parseOptions,
                path: "Source" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".cs"));
            return CSharpCompilation.Create(assemblyName, trees, References, compilationOptions);
        }

        /// <summary>A driver holding one fresh <see cref="DerivGenerator"/>.</summary>
        public static GeneratorDriver CreateDriver(bool trackIncrementalGeneratorSteps = false) =>
            CreateDriver(new DerivGenerator(), ParseOptions, trackIncrementalGeneratorSteps);

        /// <summary>A driver holding <paramref name="generator"/>, parsing what it generates with <paramref name="parseOptions"/>.</summary>
        public static GeneratorDriver CreateDriver(IIncrementalGenerator generator, CSharpParseOptions parseOptions, bool trackIncrementalGeneratorSteps = false) =>
            CSharpGeneratorDriver.Create(
                new[] { generator.AsSourceGenerator() },
                parseOptions: parseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps));

        /// <summary>Compiles the sources and runs a fresh generator over them.</summary>
        public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

        /// <summary>Runs a fresh generator over the compilation, parsing what it generates as the compilation's own trees are parsed.</summary>
        public static GeneratorRun Run(Compilation compilation, bool trackIncrementalGeneratorSteps = false) =>
            Run(
                compilation.SyntaxTrees.FirstOrDefault()?.Options is CSharpParseOptions options
                    ? CreateDriver(new DerivGenerator(), options, trackIncrementalGeneratorSteps)
                    : CreateDriver(trackIncrementalGeneratorSteps),
                compilation);

        /// <summary>Runs the given driver (fresh or from an earlier run) over the compilation.</summary>
        public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
        {
            ArgumentNullException.ThrowIfNull(driver);
            ArgumentNullException.ThrowIfNull(compilation);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
            GeneratorDriverRunResult result = driver.GetRunResult();
            GeneratorRunResult generator = result.Results.Single();
            var files = generator.GeneratedSources
                .Select(s => new GeneratedFile(s.HintName, s.SourceText.ToString()))
                .ToImmutableArray();
            return new GeneratorRun(compilation, output, driver, files, generator.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).ToImmutableArray(), generator.Exception, generator);
        }

        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            // Written by the project's ListFrameworkReferenceAssemblies target: one path per line.
            string list = Path.Combine(AppContext.BaseDirectory, "framework-references.txt");
            if (!File.Exists(list))
            {
                throw new InvalidOperationException($"{list} is missing: build the test project with MSBuild, which writes it.");
            }

            var builder = ImmutableArray.CreateBuilder<MetadataReference>();
            foreach (string path in File.ReadAllLines(list).Where(line => line.Length > 0).OrderBy(p => p, StringComparer.Ordinal))
            {
                builder.Add(MetadataReference.CreateFromFile(path));
            }

            builder.Add(MetadataReference.CreateFromFile(typeof(NetworkAttribute).Assembly.Location));
            return builder.ToImmutable();
        }
    }
}
