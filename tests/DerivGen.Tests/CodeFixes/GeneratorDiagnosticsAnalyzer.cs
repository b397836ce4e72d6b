using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Reflection;
using DerivGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DerivGen.Tests.CodeFixes
{
    /// <summary>
    /// Brings the generator's diagnostics to the code-fix testing library, which collects diagnostics from analyzers only:
    /// once per compilation it runs <see cref="DerivGenerator"/> over the test's own compilation with a
    /// <see cref="CSharpGeneratorDriver"/> and reports what the generator reported, unchanged (same descriptor, same
    /// location), from the semantic-model action of the tree each diagnostic is in. In an IDE the generator's
    /// diagnostics reach the code fixes directly; here this adapter stands in for that, and nothing of it ships.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
#pragma warning disable RS1036 // The extended analyzer rules are for assemblies that ship as analyzers; this one is a test's.
    public sealed class GeneratorDiagnosticsAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1036
    {
        /// <summary>Every descriptor the generator declares, found by reflection so a new one needs no change here.</summary>
        private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToImmutableArray();

        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors;

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(static start =>
            {
                // One generator run per compilation; each tree then reports the diagnostics located in it, which makes them
                // local diagnostics (the kind code fixes may fix) rather than compilation-wide ones.
                Compilation compilation = start.Compilation;
                var run = new Lazy<ImmutableArray<Diagnostic>>(() =>
                {
                    var parseOptions = (CSharpParseOptions?)compilation.SyntaxTrees.FirstOrDefault()?.Options;
                    GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new DerivGenerator().AsSourceGenerator() }, parseOptions: parseOptions);
                    return driver.RunGenerators(compilation, start.CancellationToken).GetRunResult().Results.Single().Diagnostics;
                });
                start.RegisterSemanticModelAction(c =>
                {
                    SyntaxTree tree = c.SemanticModel.SyntaxTree;
                    foreach (Diagnostic diagnostic in run.Value)
                    {
                        if (diagnostic.Location.SourceTree == tree)
                        {
                            c.ReportDiagnostic(diagnostic);
                        }
                        else if (diagnostic.Location.Kind == LocationKind.ExternalFile && diagnostic.Location.GetLineSpan().Path == tree.FilePath)
                        {
                            c.ReportDiagnostic(InTree(diagnostic, tree));
                        }
                    }
                });
            });
        }

        /// <summary>
        /// The [Differentiable] diagnostics are located by path and span (they are cached, and a syntax tree is not
        /// equatable); the IDE finds their document by that path, as this does, so their code fixes apply.
        /// </summary>
        private static Diagnostic InTree(Diagnostic diagnostic, SyntaxTree tree)
        {
            DiagnosticDescriptor descriptor = diagnostic.Descriptor;
            return Diagnostic.Create(
                descriptor.Id, descriptor.Category, diagnostic.GetMessage(CultureInfo.InvariantCulture), diagnostic.Severity, descriptor.DefaultSeverity,
                descriptor.IsEnabledByDefault, diagnostic.WarningLevel, descriptor.Title, descriptor.Description, descriptor.HelpLinkUri,
                Location.Create(tree, diagnostic.Location.SourceSpan), customTags: descriptor.CustomTags);
        }
    }
}
