using System;
using System.Linq;
using System.Threading;
using DerivGen.Diagnostics;
using DerivGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DerivGen.Parsing
{
    /// <summary>
    /// Reads [Derivative(nameof(F))] methods into <see cref="DerivativeRuleSpec"/>s, and checks that [NoDerivative] sits
    /// only on parameters of [Differentiable] methods.
    /// </summary>
    internal static class FunctionRuleParser
    {
        public static DerivativeRuleParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            var diagnostics = new FunctionDiagnostics();
            var rule = (IMethodSymbol)context.TargetSymbol;
            try
            {
                var spec = ParseChecked(context, rule, diagnostics, ct);
                return new DerivativeRuleParseResult(diagnostics.Count == 0 ? spec : null, diagnostics.ToArray());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                diagnostics.Add(DiagnosticDescriptors.InternalErrorId, FunctionParser.IdentifierOf(context.TargetNode), rule.Name, e.GetType().Name + ": " + e.Message);
                return new DerivativeRuleParseResult(null, diagnostics.ToArray());
            }
        }

        private static DerivativeRuleSpec? ParseChecked(GeneratorAttributeSyntaxContext context, IMethodSymbol rule, FunctionDiagnostics diagnostics, CancellationToken ct)
        {
            var attribute = context.Attributes[0];
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;
            SyntaxNodeOrToken argumentNode = (SyntaxNode?)attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault() ?? (SyntaxNode?)attributeSyntax ?? context.TargetNode;
            var identifier = FunctionParser.IdentifierOf(context.TargetNode);
            void Fail(SyntaxNodeOrToken node, string problem) => diagnostics.Add(DiagnosticDescriptors.DerivativeRuleId, node, rule.Name, problem);

            if (context.TargetNode is not MethodDeclarationSyntax)
            {
                Fail(identifier, "is a local function; make it a static method of the type of the method it differentiates");
                return null;
            }

            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string targetName || targetName.Length == 0)
            {
                Fail(argumentNode, "names no method; write [Derivative(nameof(F))]");
                return null;
            }

            if (!rule.IsStatic)
            {
                Fail(identifier, "is not static; make it static");
            }

            var precision = FunctionParser.PrecisionOf(rule.ReturnType);
            int outs = rule.Parameters.Count(p => p.RefKind == RefKind.Out);
            bool gradientShape = outs > 0;
            int arity = gradientShape ? rule.Parameters.Length - outs : rule.Parameters.Length;
            bool shapeOk = precision is not null && !rule.IsGenericMethod
                && rule.Parameters.All(p => p.Type.SpecialType == rule.ReturnType.SpecialType)
                && (gradientShape
                    ? outs == arity && rule.Parameters.Take(arity).All(p => p.RefKind == RefKind.None) && rule.Parameters.Skip(arity).All(p => p.RefKind == RefKind.Out)
                    : arity == 1 && rule.Parameters[0].RefKind == RefKind.None);
            string keyword = precision is { } p ? FunctionParser.Keyword(p) : "double";
            string expected = $"has the wrong shape; write static {keyword} {targetName}Derivative({keyword} z) for a one-argument '{targetName}', "
                + $"or static {keyword} {targetName}Gradient({keyword} a, {keyword} b, out {keyword} da, out {keyword} db) with one out per parameter of '{targetName}'";
            if (!shapeOk)
            {
                Fail(identifier, expected);
                return null;
            }

            var candidates = rule.ContainingType.GetMembers(targetName).OfType<IMethodSymbol>()
                .Where(m => !SymbolEqualityComparer.Default.Equals(m, rule)).ToList();
            if (candidates.Count == 0)
            {
                Fail(argumentNode, $"names '{targetName}', but type '{rule.ContainingType.Name}' has no method of that name; put the rule in the type of the method it differentiates");
                return null;
            }

            var target = candidates.FirstOrDefault(m => m.Parameters.Length == arity
                && m.ReturnType.SpecialType == rule.ReturnType.SpecialType
                && m.Parameters.All(q => q.RefKind == RefKind.None && q.Type.SpecialType == rule.ReturnType.SpecialType));
            if (target is null)
            {
                Fail(identifier, expected);
                return null;
            }

            if (!target.IsStatic)
            {
                Fail(argumentNode, $"differentiates '{targetName}', which is not static; rules apply to static methods");
                return null;
            }

            // One rule per method: a later one (in source order) is reported.
            var earlier = rule.ContainingType.GetMembers().OfType<IMethodSymbol>()
                .Where(m => !SymbolEqualityComparer.Default.Equals(m, rule) && IsEarlier(m, rule))
                .FirstOrDefault(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DerivativeAttribute
                    && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value as string == targetName)
                    && ArityOfRule(m) == arity);
            if (earlier is not null)
            {
                Fail(identifier, $"is a second rule for '{targetName}' after '{earlier.Name}'; keep one");
                return null;
            }

            return new DerivativeRuleSpec(
                FunctionKeys.Of(target),
                rule.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                targetName,
                rule.Name,
                gradientShape ? DerivativeRuleShape.Gradient : DerivativeRuleShape.Derivative,
                precision!.Value,
                arity,
                FunctionKeys.Of(rule));
        }

        /// <summary>[NoDerivative] on a parameter of a method that is not [Differentiable] means nothing: DG0029.</summary>
        public static EquatableArray<FunctionDiagnostic> ParseNoDerivative(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            var diagnostics = new FunctionDiagnostics();
            var parameter = context.TargetSymbol as IParameterSymbol;
            var owner = parameter?.ContainingSymbol as IMethodSymbol;
            bool differentiable = owner?.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.DifferentiableAttribute) ?? false;
            if (!differentiable && context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(ct) is { } attribute)
            {
                diagnostics.Add(DiagnosticDescriptors.NoDerivativeMisuseId, attribute, parameter?.Name ?? "?", owner?.Name ?? "?",
                    "has no effect because the method is not [Differentiable]; remove it or mark the method [Differentiable]");
            }

            return diagnostics.ToArray();
        }

        private static int ArityOfRule(IMethodSymbol rule)
        {
            int outs = rule.Parameters.Count(p => p.RefKind == RefKind.Out);
            return outs > 0 ? rule.Parameters.Length - outs : rule.Parameters.Length;
        }

        private static bool IsEarlier(IMethodSymbol a, IMethodSymbol b)
        {
            var la = a.Locations.FirstOrDefault();
            var lb = b.Locations.FirstOrDefault();
            if (la is null || lb is null || !la.IsInSource || !lb.IsInSource)
            {
                return false;
            }

            int byFile = string.CompareOrdinal(la.SourceTree?.FilePath, lb.SourceTree?.FilePath);
            return byFile < 0 || (byFile == 0 && la.SourceSpan.Start < lb.SourceSpan.Start);
        }
    }
}
