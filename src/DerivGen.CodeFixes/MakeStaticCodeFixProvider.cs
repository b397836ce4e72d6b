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
    /// DG0017: makes a [Differentiable] instance method <c>static</c>, as its gradient is. A method that reads the
    /// instance then fails to compile where it does, which is where its author passes the value in instead.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeStaticCodeFixProvider))]
    [Shared]
    public sealed class MakeStaticCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.DifferentiableNotStaticId);

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

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                // Reported on the method's name. An abstract, virtual or override method cannot be static: no fix.
                if (root.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault() is not { } method
                    || method.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.AbstractKeyword)
                        || m.IsKind(SyntaxKind.VirtualKeyword) || m.IsKind(SyntaxKind.OverrideKeyword)))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create($"Make '{method.Identifier.ValueText}' static", ct => MakeStaticAsync(context.Document, method, ct), equivalenceKey: diagnostic.Id),
                    diagnostic);
            }
        }

        private static async Task<Document> MakeStaticAsync(Document document, MethodDeclarationSyntax method, CancellationToken ct)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(ct).ConfigureAwait(false))!;
            return document.WithSyntaxRoot(root.ReplaceNode(method, WithStatic(method)));
        }

        /// <summary>
        /// Adds <c>static</c> after the accessibility and <c>new</c> (where C# style puts it), keeping the declaration's
        /// layout: without modifiers, it takes over the return type's leading trivia (the line break and indentation).
        /// </summary>
        private static MethodDeclarationSyntax WithStatic(MethodDeclarationSyntax method)
        {
            if (method.Modifiers.Count == 0)
            {
                TypeSyntax returnType = method.ReturnType;
                SyntaxToken token = SyntaxFactory.Token(returnType.GetLeadingTrivia(), SyntaxKind.StaticKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
                return method.WithReturnType(returnType.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(token));
            }

            int index = 0;
            while (index < method.Modifiers.Count && IsAccessibilityOrNew(method.Modifiers[index]))
            {
                index++;
            }

            SyntaxToken added = SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (index == 0)
            {
                // First modifier: it takes over the leading trivia of the one it precedes.
                SyntaxToken first = method.Modifiers[0];
                return method.WithModifiers(method.Modifiers.Replace(first, first.WithLeadingTrivia()).Insert(0, added.WithLeadingTrivia(first.LeadingTrivia)));
            }

            return method.WithModifiers(method.Modifiers.Insert(index, added));
        }

        private static bool IsAccessibilityOrNew(SyntaxToken modifier) =>
            modifier.IsKind(SyntaxKind.PublicKeyword) || modifier.IsKind(SyntaxKind.PrivateKeyword) || modifier.IsKind(SyntaxKind.ProtectedKeyword)
            || modifier.IsKind(SyntaxKind.InternalKeyword) || modifier.IsKind(SyntaxKind.NewKeyword);
    }
}
