using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DerivGen.Diagnostics;
using DerivGen.Emitting;
using DerivGen.Model;
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
            var functions = RegisterFunctions(context);
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

            // What the project's C# version and DerivGen runtime allow, combined late (at emitting): only a change of them
            // re-emits every network. The compilation changes on every edit; the bool read from it does not.
            var target = context.ParseOptionsProvider
                .Combine(context.CompilationProvider.Select(static (compilation, _) => TargetFactsReader.HasLaneMath(compilation)))
                .Select(static (pair, _) => TargetFactsReader.Read(pair.Left, pair.Right))
                .WithTrackingName(TrackingNames.TargetFacts);

            // Each network with the resolved [Differentiable] methods it names. Every function edit re-runs this cheap step, but
            // the result only changes when a named method does, so the steps after it stay cached otherwise. A network whose
            // named method failed to parse or resolve is not emitted: that method's own diagnostics say why.
            var networks = models
                .Combine(functions.Where(static f => f is not null).Collect())
                .Select(static (pair, ct) => WithFunctions(pair.Left!, pair.Right!))
                .Where(static model => model is not null)
                .WithTrackingName(TrackingNames.NetworkWithFunctions);

            // model → expression graph (forward values and loss) → its reverse-mode derivative → C# text. The middle steps
            // hold graphs, which compare by reference: they re-run only when the model before them changes, and the text
            // after them is equatable, so an unchanged network's source is still cached.
            var lowered = networks
                .Select(static (model, ct) => StepResult<LoweredNetwork>.Run(model!.Spec.HintName, model.Spec.Name, () => NetworkLowering.Lower(model, ct)))
                .WithTrackingName(TrackingNames.LoweredGraph);

            var differentiated = lowered
                .Select(static (network, ct) => network.Then(n => NetworkDifferentiation.Differentiate(n, ct)))
                .WithTrackingName(TrackingNames.DerivativeGraph);

            var sources = differentiated
                .Combine(target)
                .Select(static (pair, ct) => GeneratedFile.For(pair.Left, pair.Right, ct))
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

        /// <summary>
        /// The [Differentiable] chain: parse each method (IR and diagnostics as plain data) → table of all signatures and
        /// [Derivative] rules → each function resolved against the table. Resolution is its own step so that editing one
        /// body re-runs only that function's steps → lower → differentiate → emit {Name}Gradient, one file per type.
        /// </summary>
        private static NetworkModel? WithFunctions(NetworkSpec spec, System.Collections.Immutable.ImmutableArray<ResolvedFunction?> functions)
        {
            var named = new List<ResolvedFunction>();
            foreach (var key in spec.MethodKeys())
            {
                var function = functions.FirstOrDefault(f => f!.Function.Key == key);
                if (function is null)
                {
                    return null;
                }

                named.Add(function);
            }

            return new NetworkModel(spec, new EquatableArray<ResolvedFunction>(named.ToArray()));
        }

        /// <returns>The resolved functions, which networks that name them inline.</returns>
        private static IncrementalValuesProvider<ResolvedFunction?> RegisterFunctions(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.DifferentiableAttribute,
                    predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                    transform: static (ctx, ct) => FunctionParser.Parse(ctx, ct))
                .WithTrackingName(FunctionTrackingNames.FunctionParse);
            var rules = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.DerivativeAttribute,
                    predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                    transform: static (ctx, ct) => FunctionRuleParser.Parse(ctx, ct))
                .WithTrackingName(FunctionTrackingNames.DerivativeRuleParse);
            var noDerivative = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.NoDerivativeAttribute,
                    predicate: static (node, _) => node is ParameterSyntax,
                    transform: static (ctx, ct) => FunctionRuleParser.ParseNoDerivative(ctx, ct))
                .WithTrackingName(FunctionTrackingNames.NoDerivativeDiagnostics);

            var functions = parsed
                .Select(static (r, _) => r.Function)
                .Where(static f => f is not null)
                .Select(static (f, _) => f!)
                .WithTrackingName(FunctionTrackingNames.FunctionModel);
            var table = parsed.Select(static (r, _) => r.Signature).Collect()
                .Combine(rules.Select(static (r, _) => r.Rule).Collect())
                .Select(static (input, ct) => FunctionResolver.BuildTable(input, ct))
                .WithTrackingName(FunctionTrackingNames.FunctionTable);
            var resolved = functions.Combine(table)
                .Select(static (input, ct) => FunctionResolver.Resolve(input, ct))
                .WithTrackingName(FunctionTrackingNames.ResolvedFunction);
            var resolutionDiagnostics = parsed.Combine(table)
                .Select(static (input, ct) => FunctionResolver.Diagnose(input, ct))
                .WithTrackingName(FunctionTrackingNames.FunctionResolutionDiagnostics);

            // resolved IR → expression graph → its reverse-mode derivative → the text of {Name}Gradient, as for networks: the
            // middle steps hold graphs (compared by reference), the text is equatable, so an unchanged function stays cached.
            var lowered = resolved
                .Where(static r => r is not null)
                .Select(static (r, ct) => StepResult<LoweredFunction>.Run(r!.Function.Type.HintName, r.Function.Key, () => FunctionLowering.Lower(r, ct)))
                .WithTrackingName(FunctionTrackingNames.LoweredFunction);
            var differentiated = lowered
                .Select(static (f, ct) => f.Then(l => FunctionDifferentiation.Differentiate(l, ct)))
                .WithTrackingName(FunctionTrackingNames.DifferentiatedFunction);
            var gradients = differentiated
                .Select(static (f, ct) => GeneratedGradient.For(f, ct))
                .WithTrackingName(FunctionTrackingNames.GeneratedGradient);

            // Order = 2: each such function with the bodies of the functions it calls (a cheap step every function edit
            // re-runs, whose result changes only with one of those bodies) → the graph with every call inlined → gradient by
            // reverse mode and Hessian by forward mode over it → the text of {Name}Hessian.
            // One step over all resolved functions, not each Order = 2 function combined with all of them: that pairs every
            // function with the whole collection, and the cost grows with the square of the number of functions.
            var secondOrder = resolved
                .Collect()
                .SelectMany(static (all, ct) => SecondOrderResolver.GatherAll(all, ct))
                .WithTrackingName(FunctionTrackingNames.SecondOrderFunction);
            var loweredHessians = secondOrder
                .Select(static (f, ct) => StepResult<LoweredFunction>.Run(f!.Function.Function.Type.HintName, f.Function.Function.Key, () => FunctionLowering.LowerInlined(f, ct)))
                .WithTrackingName(FunctionTrackingNames.LoweredHessian);
            var differentiatedHessians = loweredHessians
                .Select(static (f, ct) => f.Then(l => HessianDifferentiation.Differentiate(l, ct)))
                .WithTrackingName(FunctionTrackingNames.DifferentiatedHessian);
            var hessians = differentiatedHessians
                .Select(static (f, ct) => GeneratedGradient.ForHessian(f, ct))
                .WithTrackingName(FunctionTrackingNames.GeneratedHessian);
            var target = context.ParseOptionsProvider.Select(static (options, _) => TargetFactsReader.Read(options));

            // One file per type: its methods are gathered here, in key order (each method's text is cached above).
            context.RegisterSourceOutput(gradients.Collect().Combine(hessians.Collect()).Combine(target), static (spc, input) =>
            {
                var ((gradientMethods, hessianMethods), facts) = input;
                var methods = gradientMethods.AddRange(hessianMethods);
                foreach (var failed in methods.Where(m => m.Error is not null).OrderBy(m => m.FunctionKey, StringComparer.Ordinal))
                {
                    spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, failed.FunctionKey, failed.Error));
                }

                var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                var byType = methods.Where(m => m.Error is null && m.Type is not null).GroupBy(m => m.Type!).OrderBy(t => t.Key.HintName, StringComparer.Ordinal);
                foreach (var type in byType)
                {
                    var baseName = GeneratedGradient.HintNameOf(type.Key);
                    var hintName = baseName;
                    for (int copy = 2; !used.Add(hintName); copy++)
                    {
                        hintName = baseName.Replace(KnownNames.GeneratedFileSuffix, $".{copy}{KnownNames.GeneratedFileSuffix}");
                    }

                    var text = FunctionEmitter.WriteFile(type.Key, type.OrderBy(m => m.FunctionKey, StringComparer.Ordinal).Select(m => m.Text), facts);
                    spc.AddSource(hintName, SourceText.From(text, Encoding.UTF8));
                }
            });

            context.RegisterSourceOutput(parsed.Select(static (r, _) => r.Diagnostics), static (spc, d) => FunctionDiagnostics.Report(spc, d));
            context.RegisterSourceOutput(rules.Select(static (r, _) => r.Diagnostics), static (spc, d) => FunctionDiagnostics.Report(spc, d));
            context.RegisterSourceOutput(noDerivative, static (spc, d) => FunctionDiagnostics.Report(spc, d));
            context.RegisterSourceOutput(resolutionDiagnostics, static (spc, d) => FunctionDiagnostics.Report(spc, d));
            return resolved;
        }
    }
}
