using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DerivGen.Diagnostics;
using DerivGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DerivGen.Parsing
{
    /// <summary>
    /// Reads a [Network] type's attributes into a <see cref="NetworkSpec"/> and reports misuse. The only code that touches
    /// symbols and syntax; it runs on every edit, so it validates and copies values, nothing more.
    /// </summary>
    internal static class NetworkParser
    {
        /// <summary>Members DerivGen always generates, which a user type must not declare itself.</summary>
        private static readonly string[] FixedMemberNames =
        {
            "InputCount", "OutputCount", "ParameterCount", "TraceLength", "Layout", "Trace", "Parameters",
            "Forward", "Loss", "Backward", "BackwardAccumulate", "BackwardRow", "ForwardBatch", "LossBatch", "LossBatchMean",
            "BackwardBatch", "BackwardBatchMean", "LengthMismatch", "NonEmpty",
            // The lane-parallel batch methods, reserved whether or not a target gets them, so that a project's names do not
            // depend on its target framework.
            "ForwardBatchLanes", "LossBatchLanes", "BackwardBatchLanes",
            // The second-order and input methods, reserved likewise although a network may leave them out ([Network(Methods = …)]).
            "HessianVectorProduct", "HessianVectorProductAccumulate", "HessianVectorProductBatchMean", "InputGradient", "InputJacobian",
        };

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var networkAttribute = context.Attributes[0];
            var networkSyntax = SyntaxOf(networkAttribute, ct);
            var networkLocation = networkSyntax?.GetLocation() ?? LocationOf(context.TargetNode);
            var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
            var typeName = type.Name;

            void Report(DiagnosticDescriptor descriptor, Location location, params object[] args) =>
                diagnostics.Add(Diagnostic.Create(descriptor, location, args));

            // [Network] twice (on two partial declarations) is the compiler's CS0579; generate from the first one only,
            // or both would add a file under the same name.
            var firstNetwork = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.NetworkAttribute);
            if (firstNetwork is not null && firstNetwork.ApplicationSyntaxReference?.GetSyntax(ct) is { } firstSyntax
                && !context.TargetNode.Contains(firstSyntax))
            {
                return new ParseResult(null, ImmutableArray<Diagnostic>.Empty);
            }

            // A declaration the compiler rejects (a missing name, `Net<>`, `namespace A..B`, `class Net<out T>`) gets its own
            // CS errors; re-declaring it would only add more.
            if (HasMalformedHeader(context.TargetNode))
            {
                return new ParseResult(null, ImmutableArray<Diagnostic>.Empty);
            }

            // A top-level type cannot be private or protected (CS1527); the compiler says so, and a re-declaration only repeats it.
            if (type.ContainingType is null && type.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected
                or Accessibility.ProtectedAndInternal or Accessibility.ProtectedOrInternal)
            {
                return new ParseResult(null, ImmutableArray<Diagnostic>.Empty);
            }

            if (HasErrors(networkAttribute))
            {
                Report(DiagnosticDescriptors.ArgumentNotConstant, networkLocation, "Network", typeName);
                return new ParseResult(null, diagnostics.ToImmutable());
            }

            // The project's C# version (from this declaration's parse options, as the compiler reads them).
            if (context.TargetNode.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: var version } && (int)version < TargetFacts.MinimumLanguageVersion)
            {
                Report(DiagnosticDescriptors.LanguageVersionTooOld, networkLocation, typeName, version.ToDisplayString(),
                    ((LanguageVersion)TargetFacts.MinimumLanguageVersion).ToDisplayString());
            }

            // Type shape: partial all the way out, a kind that can hold the generated members.
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                Report(DiagnosticDescriptors.NotPartial, networkLocation, typeName);
            }

            for (var parent = declaration.Parent as TypeDeclarationSyntax; parent is not null; parent = parent.Parent as TypeDeclarationSyntax)
            {
                if (!parent.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    Report(DiagnosticDescriptors.ContainingTypeNotPartial, networkLocation, parent.Identifier.ValueText, typeName);
                }
            }

            if (type.IsFileLocal)
            {
                Report(DiagnosticDescriptors.UnsupportedTypeKind, networkLocation, "file-local type", typeName,
                    "all parts of a file-local type must be in one file, and the generated members are in a file of their own; drop the file modifier");
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                Report(DiagnosticDescriptors.UnsupportedTypeKind, networkLocation, "interface", typeName,
                    "an interface cannot hold the generated parameter array or the static methods' bodies portably; use a class, record or struct");
            }

            // The network attribute's own arguments.
            int inputs = (int)networkAttribute.ConstructorArguments[0].Value!; // HasErrors checked the shape: one int
            if (inputs <= 0)
            {
                Report(DiagnosticDescriptors.InputsNotPositive, ArgumentLocation(networkSyntax, 0, "inputs") ?? networkLocation, typeName, inputs);
            }

            var loss = LossKind.SquaredError;
            var precision = PrecisionKind.Double;
            int unrollLimit = 640;
            double huberDelta = 1.0;
            var methods = MethodGroups.All;
            foreach (var named in networkAttribute.NamedArguments)
            {
                var location = NamedArgumentLocation(networkSyntax, named.Key) ?? networkLocation;
                if (named.Key == KnownNames.LossArgument && named.Value.Value is int lossValue)
                {
                    if (!System.Enum.IsDefined(typeof(LossKind), lossValue))
                    {
                        Report(DiagnosticDescriptors.UndefinedEnumValue, location, $"(LossFunction){lossValue}", "LossFunction");
                    }

                    loss = (LossKind)lossValue;
                }
                else if (named.Key == KnownNames.PrecisionArgument && named.Value.Value is int precisionValue)
                {
                    if (!System.Enum.IsDefined(typeof(PrecisionKind), precisionValue))
                    {
                        Report(DiagnosticDescriptors.UndefinedEnumValue, location, $"(Precision){precisionValue}", "Precision");
                    }

                    precision = (PrecisionKind)precisionValue;
                }
                else if (named.Key == KnownNames.UnrollLimitArgument && named.Value.Value is int limit)
                {
                    if (limit < 0)
                    {
                        Report(DiagnosticDescriptors.InvalidNumber, location, "UnrollLimit", typeName, limit, "give 0 or more weights");
                    }

                    unrollLimit = limit;
                }
                else if (named.Key == KnownNames.MethodsArgument && named.Value.Value is int methodsValue)
                {
                    if ((methodsValue & ~(int)MethodGroups.All) != 0)
                    {
                        Report(DiagnosticDescriptors.UndefinedEnumValue, location, $"(NetworkMethods){methodsValue}", "NetworkMethods");
                    }

                    methods = (MethodGroups)methodsValue & MethodGroups.All;
                }
                else if (named.Key == KnownNames.HuberDeltaArgument && named.Value.Value is double delta)
                {
                    if (!(delta > 0) || double.IsInfinity(delta))
                    {
                        Report(DiagnosticDescriptors.InvalidNumber, location, "HuberDelta", typeName, delta, "give a positive, finite δ");
                    }

                    huberDelta = delta;
                }
            }

            // Layers: the [Dense] attributes in source order, all on one declaration.
            var denseAttributes = type.GetAttributes()
                .Where(a => a.AttributeClass?.ToDisplayString() == KnownNames.DenseAttribute)
                .Select(a => (Data: a, Syntax: SyntaxOf(a, ct)))
                .ToList();
            var declarationsWithLayers = denseAttributes
                .Select(a => a.Syntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>())
                .Distinct()
                .Count();
            if (declarationsWithLayers > 1)
            {
                Report(DiagnosticDescriptors.LayersSplit, networkLocation, typeName);
            }

            denseAttributes = denseAttributes
                .OrderBy(a => a.Syntax?.SyntaxTree.FilePath, System.StringComparer.Ordinal)
                .ThenBy(a => a.Syntax?.SpanStart ?? 0)
                .ToList();

            if (denseAttributes.Count == 0)
            {
                Report(DiagnosticDescriptors.NoLayers, networkLocation, typeName);
            }

            var layers = new List<LayerSpec>(denseAttributes.Count);
            int layerInputs = inputs;
            for (int l = 0; l < denseAttributes.Count; l++)
            {
                ct.ThrowIfCancellationRequested();
                var (data, syntax) = denseAttributes[l];
                var location = syntax?.GetLocation() ?? networkLocation;
                if (HasErrors(data))
                {
                    Report(DiagnosticDescriptors.ArgumentNotConstant, location, "Dense", typeName);

                    // The sizes after a layer of unknown width are unknown too: check no more of them.
                    layerInputs = 0;
                    continue;
                }

                int units = (int)data.ConstructorArguments[0].Value!; // HasErrors checked the shape: an int first
                int activationValue = data.ConstructorArguments.Length > 1 && data.ConstructorArguments[1].Value is int value ? value : 0;
                if (units <= 0)
                {
                    Report(DiagnosticDescriptors.UnitsNotPositive, ArgumentLocation(syntax, 0, "units") ?? location, l + 1, typeName, units);
                }
                else if (layerInputs > 0 && (long)units * layerInputs > DiagnosticDescriptors.MaxWeightsPerLayer)
                {
                    Report(DiagnosticDescriptors.LayerTooLarge, location, l + 1, typeName, $"{(long)units * layerInputs} weights ({units} units × {layerInputs} inputs)");
                }

                if (!System.Enum.IsDefined(typeof(ActivationKind), activationValue))
                {
                    Report(DiagnosticDescriptors.UndefinedEnumValue, ArgumentLocation(syntax, 1, "activation") ?? location, $"(Activation){activationValue}", "Activation");
                }
                else if (activationValue == (int)ActivationKind.Softmax && units == 1)
                {
                    Report(DiagnosticDescriptors.SoftmaxOneUnit, location, l + 1, typeName);
                }

                double slope = 0.01;
                foreach (var named in data.NamedArguments)
                {
                    if (named.Key == KnownNames.SlopeArgument && named.Value.Value is double s)
                    {
                        if (double.IsNaN(s) || double.IsInfinity(s))
                        {
                            Report(DiagnosticDescriptors.InvalidNumber, NamedArgumentLocation(syntax, named.Key) ?? location, $"The slope of Dense layer {l + 1}", typeName, s, "give a finite slope");
                        }

                        slope = s;
                    }
                }

                layers.Add(new LayerSpec(units, (ActivationKind)activationValue, slope,
                    FunctionNetworkMethods.KeyOf(type, data, KnownNames.ActivationMethodArgument, 1, precision)));
                layerInputs = units;
            }

            // A fused loss needs its activation on the last layer (known only when every layer was read).
            if (layers.Count > 0 && layers.Count == denseAttributes.Count)
            {
                var lastActivation = layers[layers.Count - 1].Activation;
                var needed = loss switch
                {
                    LossKind.BinaryCrossEntropy => ActivationKind.Sigmoid,
                    LossKind.CrossEntropy => ActivationKind.Softmax,
                    _ => lastActivation,
                };
                if (needed != lastActivation)
                {
                    var lossLocation = NamedArgumentLocation(networkSyntax, KnownNames.LossArgument) ?? networkLocation;
                    Report(DiagnosticDescriptors.LossNeedsActivation, lossLocation, loss, typeName, needed, lastActivation);
                }
            }

            if (layers.Count > 0 && layers.Count == denseAttributes.Count && inputs > 0 && layers.All(l => l.Units > 0) && unrollLimit >= 0)
            {
                ReportLoopFormLimits(layers, denseAttributes.Select(a => a.Syntax?.GetLocation() ?? networkLocation).ToList(), inputs, unrollLimit,
                    NamedArgumentLocation(networkSyntax, KnownNames.UnrollLimitArgument) ?? networkLocation, typeName, methods, diagnostics);
            }

            FunctionNetworkMethods.Report(type, networkAttribute, networkSyntax, denseAttributes, precision, diagnostics);

            var baseNetwork = BaseNetwork(type);
            if (baseNetwork is not null)
            {
                // Reported instead of one DG0013 per hidden member: the pair is the problem, not each name.
                Report(DiagnosticDescriptors.NetworkDerivesFromNetwork, BaseTypeLocation(declaration, type, ct) ?? networkLocation,
                    typeName, type.BaseType!.Name, baseNetwork.Name);
            }
            else
            {
                ReportCollisions(type, layers.Count, networkLocation, diagnostics);
            }

            if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                return new ParseResult(null, diagnostics.ToImmutable());
            }

            var spec = new NetworkSpec(
                Namespace: NamespaceOf(type),
                ContainingTypes: new EquatableArray<ContainingTypeSpec>(ContainingTypes(declaration)),
                Keyword: KeywordOf(declaration),
                Name: NameWithTypeParameters(declaration),
                HintName: HintNameOf(type),
                Inputs: inputs,
                Layers: new EquatableArray<LayerSpec>(layers),
                Loss: loss,
                HuberDelta: huberDelta,
                Precision: precision,
                UnrollLimit: unrollLimit,
                Methods: methods,
                HasInstanceForm: !type.IsStatic && !type.IsRefLikeType && !(type.IsValueType && type.IsReadOnly),
                LossMethod: FunctionNetworkMethods.KeyOf(type, networkAttribute, KnownNames.LossMethodArgument, 2, precision));
            return new ParseResult(spec, diagnostics.ToImmutable());
        }

        /// <summary>The diagnostic for a [Dense] type that has no [Network]: reported once, on its first [Dense].</summary>
        public static ImmutableArray<Diagnostic> ParseOrphanDense(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NetworkAttribute))
            {
                return ImmutableArray<Diagnostic>.Empty;
            }

            // One report per type, although the pipeline visits each declaration that carries [Dense].
            var firstDeclaration = type.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(ct);
            if (firstDeclaration is not null && firstDeclaration != context.TargetNode)
            {
                return ImmutableArray<Diagnostic>.Empty;
            }

            var location = SyntaxOf(context.Attributes[0], ct)?.GetLocation() ?? LocationOf(context.TargetNode);
            return ImmutableArray.Create(Diagnostic.Create(DiagnosticDescriptors.DenseWithoutNetwork, location, type.Name));
        }

        /// <summary>
        /// Layers before the unrolled tail are looped (see <see cref="NetworkSpec.LoopedLayerCount"/>); all but the last of
        /// them apply their activation inside the loop, which needs an elementwise one, and their buffers must fit on the stack.
        /// </summary>
        private static void ReportLoopFormLimits(
            List<LayerSpec> layers, List<Location> locations, int inputs, int unrollLimit, Location unrollLimitLocation, string typeName,
            MethodGroups methods, ImmutableArray<Diagnostic>.Builder diagnostics)
        {
            var weights = new long[layers.Count];
            int layerInputs = inputs;
            for (int l = 0; l < layers.Count; l++)
            {
                weights[l] = (long)layers[l].Units * layerInputs;
                layerInputs = layers[l].Units;
            }

            int looped = NetworkSpec.CountLoopedLayers(weights, unrollLimit);

            long loopedUnits = 0;
            for (int l = 0; l < looped; l++)
            {
                loopedUnits += layers[l].Units;
            }

            if (loopedUnits > DiagnosticDescriptors.MaxLoopedUnits)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LayerTooLarge, locations[looped - 1], looped, typeName, $"{loopedUnits} units over the looped layers 1 to {looped}"));
            }

            ReportUnrolledSize(weights.Skip(looped).Sum(), layers.Skip(looped).Sum(l => (long)l.Units), unrollLimit, unrollLimitLocation, typeName, diagnostics);
            if (looped > 0 && (methods & MethodGroups.InputSensitivities) != 0 && !NetworkSpec.LoopedJacobianFits(layers[layers.Count - 1].Units, layers[looped - 1].Units))
            {
                diagnostics.Add(Diagnostic.Create(
                    DiagnosticDescriptors.LoopedJacobianTooLarge, locations[looped - 1], typeName, looped, layers[layers.Count - 1].Units, layers[looped - 1].Units,
                    NetworkSpec.LoopedJacobianEntries(layers[layers.Count - 1].Units, layers[looped - 1].Units), DiagnosticDescriptors.MaxUnrolledWeights));
            }
        }

        /// <summary>
        /// DG0051 past <see cref="DiagnosticDescriptors.LargeUnrollWeights"/> unrolled weights, DG0052 past
        /// <see cref="DiagnosticDescriptors.MaxUnrolledWeights"/>. The default limit never gets there: only an explicit one can.
        /// </summary>
        private static void ReportUnrolledSize(
            long unrolled, long unrolledUnits, int unrollLimit, Location location, string typeName, ImmutableArray<Diagnostic>.Builder diagnostics)
        {
            // A network with an error generates nothing, so the size warning would only add noise beside it.
            if (unrolled <= DiagnosticDescriptors.LargeUnrollWeights
                || (unrolled <= DiagnosticDescriptors.MaxUnrolledWeights && diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)))
            {
                return;
            }

            // Fitted to generated files (64-65 and 64-64-10 fully unrolled, within 3 %): about 12 lines per unrolled weight (6 for
            // Forward to Backward, 6 more for HessianVectorProduct's gradient and product and the input Jacobian), 35 per unrolled
            // unit (its activation, trace and adjoint lines) and 800 for the API, at 70 bytes a line. That is the scalar form;
            // where layers take the SIMD form (net8 targets, fan-in 16 or more) the file is smaller, so this errs on the large side.
            long estimatedLines = 12 * unrolled + 35 * unrolledUnits + 800;
            var lines = Rounded(estimatedLines).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
            var size = $"{(70.0 * estimatedLines / (1024 * 1024)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} MB";
            var weights = unrolled.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
            var limit = unrollLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            diagnostics.Add(unrolled > DiagnosticDescriptors.MaxUnrolledWeights
                ? Diagnostic.Create(DiagnosticDescriptors.UnrollTooLarge, location, typeName, weights, limit, lines, size,
                    DiagnosticDescriptors.MaxUnrolledWeights.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
                : Diagnostic.Create(DiagnosticDescriptors.LargeUnroll, location, typeName, weights, limit, lines, size));

            // Two significant digits: an estimate should not look exact.
            static long Rounded(long value)
            {
                long unit = 1;
                while (value / unit >= 100)
                {
                    unit *= 10;
                }

                return (value + unit / 2) / unit * unit;
            }
        }

        /// <summary>The nearest proper base type that carries [Network], from this compilation or a referenced one.</summary>
        private static INamedTypeSymbol? BaseNetwork(INamedTypeSymbol type)
        {
            for (var baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
            {
                if (baseType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.NetworkAttribute))
                {
                    return baseType;
                }
            }

            return null;
        }

        /// <summary>The base type as written in a base list of the type (<c>: BaseNet</c>), if some declaration has it.</summary>
        private static Location? BaseTypeLocation(TypeDeclarationSyntax declaration, INamedTypeSymbol type, CancellationToken ct)
        {
            var declarations = new[] { declaration }.Concat(type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(ct)).OfType<TypeDeclarationSyntax>());
            foreach (var candidate in declarations)
            {
                // The base class comes first in a base list; interfaces follow it.
                if (candidate.BaseList?.Types.FirstOrDefault() is { } first)
                {
                    return first.GetLocation();
                }
            }

            return null;
        }

        private static void ReportCollisions(INamedTypeSymbol type, int layerCount, Location fallback, ImmutableArray<Diagnostic>.Builder diagnostics)
        {
            var generated = new HashSet<string>(FixedMemberNames, System.StringComparer.Ordinal);
            for (int l = 1; l <= layerCount; l++)
            {
                generated.Add($"W{l}");
                generated.Add($"b{l}");
            }

            foreach (var name in new[] { type.Name }.Concat(type.TypeParameters.Select(t => t.Name)).Where(generated.Contains))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MemberCollision, fallback, type.Name, name, string.Empty));
            }

            foreach (var member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared || !generated.Contains(member.Name) || member.Locations.Length == 0 || !member.Locations[0].IsInSource)
                {
                    continue;
                }

                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MemberCollision, member.Locations[0] ?? fallback, type.Name, member.Name, string.Empty));
            }

            // An inherited member of the same name would be hidden (CS0108 in the generated file).
            for (var baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
            {
                foreach (var member in baseType.GetMembers().Where(m => !m.IsImplicitlyDeclared && m.DeclaredAccessibility != Accessibility.Private && generated.Contains(m.Name)))
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.MemberCollision, fallback, type.Name, member.Name, $" (inherited from '{baseType.Name}')"));
                }
            }
        }

        /// <summary>
        /// Whether an attribute did not bind to the expected constructor: an error, a missing argument, or a look-alike
        /// attribute declared in the user's own code with other parameter types.
        /// </summary>
        private static bool HasErrors(AttributeData attribute) =>
            attribute.AttributeClass is null or IErrorTypeSymbol
            || attribute.ConstructorArguments.Length == 0
            || attribute.ConstructorArguments[0].Value is not int
            || attribute.ConstructorArguments.Skip(1).Any(a => a.Value is not int)
            || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
            || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error);

        private static bool HasMalformedHeader(SyntaxNode target)
        {
            foreach (var ancestor in target.AncestorsAndSelf())
            {
                switch (ancestor)
                {
                    case TypeDeclarationSyntax type when type.Identifier.IsMissing || (type.TypeParameterList?.ContainsDiagnostics ?? false)
                        || (type is not InterfaceDeclarationSyntax && (type.TypeParameterList?.Parameters.Any(p => !p.VarianceKeyword.IsKind(SyntaxKind.None)) ?? false)):
                    case BaseNamespaceDeclarationSyntax ns when ns.Name.ContainsDiagnostics:
                        return true;
                }
            }

            return false;
        }

        private static AttributeSyntax? SyntaxOf(AttributeData attribute, CancellationToken ct) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;

        internal static Location LocationOf(SyntaxNode node) =>
            node is BaseTypeDeclarationSyntax type ? type.Identifier.GetLocation() : node.GetLocation();

        /// <summary>
        /// The location of a constructor argument, written either by position or as <c>parameterName: value</c>, if the
        /// syntax has it.
        /// </summary>
        private static Location? ArgumentLocation(AttributeSyntax? attribute, int position, string parameterName)
        {
            var arguments = attribute?.ArgumentList?.Arguments;
            if (arguments is null)
            {
                return null;
            }

            var byName = arguments.Value.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameterName);
            if (byName is not null)
            {
                return byName.GetLocation();
            }

            var positional = arguments.Value.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
            return position < positional.Count ? positional[position].GetLocation() : null;
        }

        /// <summary>The location of a property argument (<c>Loss = …</c>), if the syntax has it.</summary>
        private static Location? NamedArgumentLocation(AttributeSyntax? attribute, string name) =>
            attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation();

        internal static IEnumerable<ContainingTypeSpec> ContainingTypes(TypeDeclarationSyntax declaration)
        {
            var chain = new List<ContainingTypeSpec>();
            for (var parent = declaration.Parent as TypeDeclarationSyntax; parent is not null; parent = parent.Parent as TypeDeclarationSyntax)
            {
                chain.Add(new ContainingTypeSpec(KeywordOf(parent), NameWithTypeParameters(parent)));
            }

            chain.Reverse();
            return chain;
        }

        internal static string KeywordOf(TypeDeclarationSyntax declaration) => declaration switch
        {
            RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
            RecordDeclarationSyntax => "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };

        /// <summary>
        /// The name a generated partial declaration repeats: the identifier, escaped with '@' when it is a (contextual)
        /// keyword such as <c>required</c> or <c>record</c>, and the type parameter names without variance or attributes,
        /// so that errors in the user's declaration are not repeated in the generated one.
        /// </summary>
        internal static string NameWithTypeParameters(TypeDeclarationSyntax declaration)
        {
            var name = Escaped(declaration.Identifier.ValueText);
            var parameters = declaration.TypeParameterList?.Parameters;
            return parameters is { Count: > 0 } list
                ? $"{name}<{string.Join(", ", list.Select(p => Escaped(p.Identifier.ValueText)))}>"
                : name;
        }

        internal static string Escaped(string identifier) =>
            SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) != SyntaxKind.None
                ? "@" + identifier
                : identifier;

        /// <summary>The containing namespace as C# spells it (keywords escaped: <c>@class</c>), or empty for the global one.</summary>
        internal static string NamespaceOf(INamedTypeSymbol type) =>
            type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();

        /// <summary>
        /// The file name for the type: its metadata name with namespaces and enclosing types joined by '.', and generic arity
        /// as '_1' (Outer.Net`1 gives Outer.Net_1). Characters a hint name cannot hold become '_'. Names that still clash
        /// (Net and NET; A.B.C nested or namespaced) are told apart when the outputs are collected.
        /// </summary>
        internal static string HintNameOf(INamedTypeSymbol type)
        {
            var parts = new List<string>();
            for (ISymbol? symbol = type; symbol is INamedTypeSymbol named; symbol = named.ContainingType)
            {
                parts.Add(named.MetadataName);
            }

            parts.Reverse();
            var namespaces = new List<string>();
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                namespaces.Add(ns.MetadataName);
            }

            namespaces.Reverse();
            var prefix = namespaces.Count == 0 ? string.Empty : string.Join(".", namespaces) + ".";
            var name = prefix + string.Join(".", parts).Replace('`', '_');
            var safe = new System.Text.StringBuilder(name.Length);
            foreach (var c in name)
            {
                safe.Append(char.IsLetterOrDigit(c) && c < 128 || c is '_' or '.' ? c : '_');
            }

            return safe + KnownNames.GeneratedFileSuffix;
        }
    }
}
