using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DerivGen.Diagnostics;
using DerivGen.Emitting;
using DerivGen.Model;
using DerivGen.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DerivGen
{
    /// <summary>
    /// Generates exact forward and backward code for every [Network] type. Pipeline: attribute → parse (model and
    /// diagnostics) → model → generated source. This class only wires the steps; each lives in its own folder.
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

            // What the project's C# version allows, combined late: only a change of it re-emits every network.
            var target = context.ParseOptionsProvider
                .Select(static (options, _) => TargetFactsReader.Read(options))
                .WithTrackingName(TrackingNames.TargetFacts);

            var sources = parsed
                .Select(static (r, _) => r.Spec)
                .Where(static spec => spec is not null)
                .WithTrackingName(TrackingNames.NetworkModel)
                .Combine(target)
                .Select(static (pair, _) => GeneratedFile.For(pair.Left!, pair.Right))
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
                        hintName = file.HintName.Replace(GeneratedFile.Suffix, $".{copy}{GeneratedFile.Suffix}");
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
