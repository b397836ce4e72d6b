using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DerivGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DerivGen.CodeFixes
{
    /// <summary>
    /// DG0001 and DG0006: adds <c>partial</c> to the network type, or to every type that contains it and lacks it, so the
    /// generator can add its members through a second declaration. DG0018: adds it to every type that declares or
    /// encloses a [Differentiable] method and lacks it, for the method's gradient.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFixProvider))]
    [Shared]
    public sealed class AddPartialCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(
                DiagnosticDescriptors.NotPartialId, DiagnosticDescriptors.ContainingTypeNotPartialId, DiagnosticDescriptors.FunctionTypeNotPartialId);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            RegisterFunctionFix(context, root);
            foreach (Diagnostic diagnostic in context.Diagnostics.Where(d => d.Id != DiagnosticDescriptors.FunctionTypeNotPartialId))
            {
                // Both diagnostics sit on the [Network] attribute of the network type.
                if (NetworkSyntax.AnnotatedType(root, diagnostic.Location.SourceSpan) is not { } network)
                {
                    continue;
                }

                bool containing = diagnostic.Id == DiagnosticDescriptors.ContainingTypeNotPartialId;
                TypeDeclarationSyntax[] targets = containing
                    ? network.Ancestors().OfType<TypeDeclarationSyntax>().Where(t => !IsPartial(t)).ToArray()
                    : IsPartial(network) ? new TypeDeclarationSyntax[0] : new[] { network };
                if (targets.Length == 0)
                {
                    continue;
                }

                string title = containing
                    ? "Make " + string.Join(", ", targets.Select(t => "'" + t.Identifier.ValueText + "'")) + " partial"
                    : "Make '" + network.Identifier.ValueText + "' partial";
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => AddPartialAsync(context.Document, targets, ct), equivalenceKey: diagnostic.Id),
                    diagnostic);
            }
        }

        /// <summary>
        /// DG0018 comes once per type that lacks <c>partial</c>, all on the method's name: one fix adds it to each of
        /// them, offered once for all.
        /// </summary>
        private static void RegisterFunctionFix(CodeFixContext context, SyntaxNode root)
        {
            ImmutableArray<Diagnostic> diagnostics = context.Diagnostics.Where(d => d.Id == DiagnosticDescriptors.FunctionTypeNotPartialId).ToImmutableArray();
            if (diagnostics.IsEmpty
                || root.FindNode(diagnostics[0].Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } method)
            {
                return;
            }

            TypeDeclarationSyntax[] targets = method.Ancestors().OfType<TypeDeclarationSyntax>().Where(t => !IsPartial(t)).ToArray();
            if (targets.Length == 0)
            {
                return;
            }

            string title = "Make " + string.Join(", ", targets.Select(t => "'" + t.Identifier.ValueText + "'")) + " partial";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => AddPartialAsync(context.Document, targets, ct), equivalenceKey: DiagnosticDescriptors.FunctionTypeNotPartialId),
                diagnostics);
        }

        private static bool IsPartial(TypeDeclarationSyntax type) => type.Modifiers.Any(SyntaxKind.PartialKeyword);

        private static async Task<Document> AddPartialAsync(Document document, IEnumerable<TypeDeclarationSyntax> targets, CancellationToken ct)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(ct).ConfigureAwait(false))!;
            return document.WithSyntaxRoot(root.ReplaceNodes(targets, (_, rewritten) => WithPartial(rewritten)));
        }

        /// <summary>
        /// Adds <c>partial</c> as the last modifier (C# wants it right before the keyword), keeping the declaration's
        /// layout: without other modifiers, it takes over the keyword's leading trivia (the line break and indentation).
        /// </summary>
        private static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax type)
        {
            if (IsPartial(type))
            {
                return type;
            }

            if (type.Modifiers.Count == 0)
            {
                SyntaxToken keyword = type.Keyword;
                SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
                return type.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
            }

            return type.WithModifiers(type.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
        }
    }
}
