using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DerivGen.Diagnostics;
using DerivGen.Emitting;
using DerivGen.Lowering;
using DerivGen.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DerivGen
{
    /// <summary>
    /// Generates exact forward and backward code for every [Network] type. Pipeline: attribute → parse (model and
    /// diagnostics) → lower (expression graph) → differentiate (reverse mode) → emit (source). This class only wires the
    /// steps; each lives in its own folder.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class DerivGenerator : IIncrementalGenerator
    {
        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.NetworkAttribute,
                    predicate: static (node, _) => node is TypeDeclarationSyntax,
                    transform: static (ctx, ct) => NetworkParser.Parse(ctx, ct))
                .WithTrackingName(TrackingNames.ParseResult);

            context.RegisterSourceOutput(parsed.Select(static (r, _) => r.Diagnostics), static (spc, diagnostics) =>
            {
                foreach (var diagnostic in diagnostics)
                {
                    spc.ReportDiagnostic(diagnostic);
                }
            });

            var models = parsed
                .Select(static (r, _) => r.Spec)
                .Where(static spec => spec is not null)
                .WithTrackingName(TrackingNames.NetworkModel);

            // model → expression graph (forward values and loss) → its reverse-mode derivative → C# text. The middle steps
            // hold graphs, which compare by reference: they re-run only when the model before them changes, and the text
            // after them is equatable, so an unchanged network's source is still cached.
            var lowered = models
                .Select(static (spec, ct) => StepResult<LoweredNetwork>.Run(spec!.HintName, spec.Name, () => NetworkLowering.Lower(spec, ct)))
                .WithTrackingName(TrackingNames.LoweredGraph);

            var differentiated = lowered
                .Select(static (network, ct) => network.Then(n => NetworkDifferentiation.Differentiate(n, ct)))
                .WithTrackingName(TrackingNames.DerivativeGraph);

            var sources = differentiated
                .Select(static (network, ct) => GeneratedFile.For(network, ct))
                .WithTrackingName(TrackingNames.GeneratedSource);

            // Collected so that hint names can be made unique: Roslyn compares them ignoring case, so Net and NET would clash.
            // Each file's text is still computed, and cached, per network above.
            context.RegisterSourceOutput(sources.Collect(), static (spc, files) =>
            {
                var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var file in files.OrderBy(f => f.HintName, StringComparer.Ordinal))
                {
                    if (file.Error is not null)
                    {
                        spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, file.TypeName, file.Error));
                        continue;
                    }

                    var hintName = file.HintName;
                    for (int copy = 2; !used.Add(hintName); copy++)
                    {
                        hintName = file.HintName.Replace(KnownNames.GeneratedFileSuffix, $".{copy}{KnownNames.GeneratedFileSuffix}");
                    }

                    spc.AddSource(hintName, SourceText.From(file.Text, Encoding.UTF8));
                }
            });

            var orphanLayers = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.DenseAttribute,
                    predicate: static (node, _) => node is TypeDeclarationSyntax,
                    transform: static (ctx, ct) => NetworkParser.ParseOrphanDense(ctx, ct))
                .WithTrackingName(TrackingNames.OrphanDenseDiagnostics);

            context.RegisterSourceOutput(orphanLayers, static (spc, diagnostics) =>
            {
                foreach (var diagnostic in diagnostics)
                {
                    spc.ReportDiagnostic(diagnostic);
                }
            });
        }
    }
}
