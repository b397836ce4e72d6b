using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DerivGen.Diagnostics;
using DerivGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DerivGen.Parsing
{
    /// <summary>
    /// Checks a network's user functions: <c>[Dense(…, ActivationMethod = nameof(F))]</c> names a [Differentiable]
    /// <c>static double F(double z)</c> of the network type and replaces the Activation argument;
    /// <c>[Network(…, LossMethod = nameof(L))]</c> names a [Differentiable] <c>static double L(double output, double target)</c>
    /// and replaces Loss. Both in the network's precision. Each misuse is reported on the argument that causes it.
    /// </summary>
    internal static class FunctionNetworkMethods
    {
        public static void Report(
            INamedTypeSymbol type,
            AttributeData network,
            AttributeSyntax? networkSyntax,
            IReadOnlyList<(AttributeData Data, AttributeSyntax? Syntax)> layers,
            PrecisionKind precision,
            ImmutableArray<Diagnostic>.Builder diagnostics)
        {
            // Only reached through a [Network] attribute, whose syntax is there unless the attribute came from metadata.
            var fallback = networkSyntax?.GetLocation() ?? type.Locations.FirstOrDefault() ?? Location.None;
            if (Named(network, KnownNames.LossMethodArgument) is { } lossMethod)
            {
                var location = NamedLocation(networkSyntax, KnownNames.LossMethodArgument) ?? fallback;
                string name = lossMethod.Value.Value as string ?? string.Empty;
                if (Named(network, KnownNames.LossArgument) is not null)
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LossMethod, NamedLocation(networkSyntax, KnownNames.LossArgument) ?? location, name, type.Name,
                        "replaces Loss, which is set too; remove the Loss argument"));
                }

                if (Problem(type, name, 2, precision, "output, ", "target") is { } problem)
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LossMethod, location, name, type.Name, problem));
                }
            }

            for (int l = 0; l < layers.Count; l++)
            {
                var (data, syntax) = layers[l];
                if (Named(data, KnownNames.ActivationMethodArgument) is not { } activationMethod)
                {
                    continue;
                }

                var location = NamedLocation(syntax, KnownNames.ActivationMethodArgument) ?? syntax?.GetLocation() ?? fallback;
                string name = activationMethod.Value.Value as string ?? string.Empty;
                string layer = (l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (data.ConstructorArguments.Length > 1 && data.ConstructorArguments[1].Value is int activation && activation != (int)ActivationKind.Identity)
                {
                    var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null).Skip(1).FirstOrDefault();
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ActivationMethod, positional?.GetLocation() ?? location, name, layer, type.Name,
                        $"replaces the activation, but Activation is {(System.Enum.IsDefined(typeof(ActivationKind), activation) ? ((ActivationKind)activation).ToString() : activation.ToString(System.Globalization.CultureInfo.InvariantCulture))}; leave Activation out or Identity"));
                }

                if (Problem(type, name, 1, precision, string.Empty, "z") is { } problem)
                {
                    diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.ActivationMethod, location, name, layer, type.Name, problem));
                }
            }
        }

        /// <summary>What is wrong with the method the argument names, or null when it is a fitting [Differentiable] method.</summary>
        private static string? Problem(INamedTypeSymbol type, string name, int arity, PrecisionKind precision, string firstParameters, string lastParameter)
        {
            string keyword = FunctionParser.Keyword(precision);
            string shape = arity == 1
                ? $"[Differentiable] static {keyword} {name}({keyword} {lastParameter})"
                : $"[Differentiable] static {keyword} {name}({keyword} {firstParameters.TrimEnd(' ', ',')}, {keyword} {lastParameter})";
            if (name.Length == 0)
            {
                return "names no method; write nameof(F) of a " + shape.Replace(" " + name + "(", " F(");
            }

            var methods = type.GetMembers(name).OfType<IMethodSymbol>().ToList();
            if (methods.Count == 0)
            {
                return $"is not a method of '{type.Name}'; declare {shape} in it";
            }

            var fitting = Fitting(methods, arity, precision);
            if (fitting is null)
            {
                return $"does not have the shape {shape}, in the network's precision";
            }

            return fitting.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute)
                ? null
                : $"is not [Differentiable]; mark it [Differentiable] so that its derivative is built";
        }

        /// <summary>
        /// The key of the method that <paramref name="attribute"/>'s <paramref name="argument"/> (ActivationMethod or
        /// LossMethod) names, or null when it names none; only read once <see cref="Report"/> found no problem with it.
        /// </summary>
        public static string? KeyOf(INamedTypeSymbol type, AttributeData attribute, string argument, int arity, PrecisionKind precision) =>
            Named(attribute, argument) is { } named && named.Value.Value is string name
            && Fitting(type.GetMembers(name).OfType<IMethodSymbol>(), arity, precision) is { } method
                ? FunctionKeys.Of(method)
                : null;

        private static IMethodSymbol? Fitting(IEnumerable<IMethodSymbol> methods, int arity, PrecisionKind precision) =>
            methods.FirstOrDefault(m => m.IsStatic && m.Parameters.Length == arity && FunctionParser.PrecisionOf(m.ReturnType) == precision
                && m.Parameters.All(p => p.RefKind == RefKind.None && FunctionParser.PrecisionOf(p.Type) == precision));

        private static KeyValuePair<string, TypedConstant>? Named(AttributeData attribute, string name)
        {
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == name)
                {
                    return named;
                }
            }

            return null;
        }

        private static Location? NamedLocation(AttributeSyntax? attribute, string name) =>
            attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name)?.GetLocation();
    }
}
