using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DerivGen.Diagnostics;
using DerivGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace DerivGen.CodeFixes
{
    /// <summary>
    /// DG0011 (a fused loss without its output activation) offers both ways out that the message names: make the last
    /// [Dense] layer the activation the loss needs (Sigmoid for BinaryCrossEntropy, Softmax for CrossEntropy), or keep the
    /// layer and switch to the loss that suits it (the fused loss of a Sigmoid or Softmax layer, SquaredError otherwise).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LossActivationCodeFixProvider))]
    [Shared]
    public sealed class LossActivationCodeFixProvider : CodeFixProvider
    {
        private const string ActivationParameter = "activation";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.LossNeedsActivationId);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // The diagnostic sits on the Loss argument of [Network]; the layers are on the same declaration (DG0009).
                if (NetworkSyntax.AnnotatedType(root, diagnostic.Location.SourceSpan) is not { } type
                    || NetworkSyntax.Attributes(type, model, KnownNames.NetworkAttribute).FirstOrDefault() is not { } network
                    || NetworkSyntax.NamedArgument(network, KnownNames.LossArgument) is not { } lossArgument
                    || model.GetConstantValue(lossArgument.Expression, context.CancellationToken).Value is not int lossValue
                    || NetworkSyntax.Attributes(type, model, KnownNames.DenseAttribute).LastOrDefault() is not { } lastLayer)
                {
                    continue;
                }

                ActivationKind? needed = (LossKind)lossValue switch
                {
                    LossKind.BinaryCrossEntropy => ActivationKind.Sigmoid,
                    LossKind.CrossEntropy => ActivationKind.Softmax,
                    _ => null,
                };
                if (needed is not { } activation)
                {
                    continue;
                }

                AttributeArgumentSyntax? activationArgument = NetworkSyntax.ConstructorArgument(lastLayer, 1, ActivationParameter);
                ActivationKind current = activationArgument is null
                    ? ActivationKind.Identity
                    : model.GetConstantValue(activationArgument.Expression, context.CancellationToken).Value is int a ? (ActivationKind)a : ActivationKind.Identity;
                LossKind alternative = current switch
                {
                    ActivationKind.Sigmoid => LossKind.BinaryCrossEntropy,
                    ActivationKind.Softmax => LossKind.CrossEntropy,
                    _ => LossKind.SquaredError,
                };

                Document document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Make the last layer " + activation,
                        ct => ReplaceAsync(document, lastLayer, WithActivation(lastLayer, activationArgument, activation), ct),
                        equivalenceKey: DiagnosticDescriptors.LossNeedsActivationId + ".Activation"),
                    diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use the " + alternative + " loss",
                        ct => ReplaceAsync(document, lossArgument.Expression, EnumMember("LossFunction", alternative.ToString()), ct),
                        equivalenceKey: DiagnosticDescriptors.LossNeedsActivationId + ".Loss"),
                    diagnostic);
            }
        }

        /// <summary><paramref name="layer"/> with its activation argument set, or added right after the unit count.</summary>
        private static AttributeSyntax WithActivation(AttributeSyntax layer, AttributeArgumentSyntax? argument, ActivationKind activation)
        {
            ExpressionSyntax value = EnumMember("Activation", activation.ToString());
            if (argument is not null)
            {
                return layer.ReplaceNode(argument.Expression, value);
            }

            AttributeArgumentListSyntax arguments = layer.ArgumentList!;
            return layer.WithArgumentList(arguments
                .WithArguments(arguments.Arguments.Insert(1, SyntaxFactory.AttributeArgument(value)))
                .WithAdditionalAnnotations(Formatter.Annotation));
        }

        /// <summary><c>global::DerivGen.Type.Member</c>, which the code action shortens to what the file's usings allow.</summary>
        private static ExpressionSyntax EnumMember(string type, string member) =>
            SyntaxFactory.ParseExpression("global::DerivGen." + type + "." + member).WithAdditionalAnnotations(Simplifier.Annotation);

        private static async Task<Document> ReplaceAsync(Document document, SyntaxNode old, SyntaxNode replacement, CancellationToken ct)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(ct).ConfigureAwait(false))!;
            return document.WithSyntaxRoot(root.ReplaceNode(old, replacement.WithTriviaFrom(old)));
        }
    }
}
