using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DerivGen.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Rename;

namespace DerivGen.CodeFixes
{
    /// <summary>
    /// DG0013 on a member the user declared (a field, property, method, event or nested type named like a generated
    /// member): renames it, with every reference, to <c>My</c> + its name (<c>Forward</c> → <c>MyForward</c>), the first
    /// such name the type does not use yet. The collisions DG0013 reports on the [Network] attribute instead (the type's
    /// own name, a type parameter, an inherited member) have no single member here to rename, so they get no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameCollidingMemberCodeFixProvider))]
    [Shared]
    public sealed class RenameCollidingMemberCodeFixProvider : CodeFixProvider
    {
        private const string Prefix = "My";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.MemberCollisionId);

        /// <summary>Renaming rewrites the whole solution, one symbol at a time; there is no batch form.</summary>
        public override FixAllProvider? GetFixAllProvider() => null;

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
                SyntaxNode node = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent!;
                if (model.GetDeclaredSymbol(node, context.CancellationToken) is not { ContainingType: { } owner } member
                    || member is INamedTypeSymbol { ContainingType: null }
                    || member.Name != root.FindToken(diagnostic.Location.SourceSpan.Start).ValueText)
                {
                    continue;
                }

                string newName = FreeName(owner, Prefix + char.ToUpperInvariant(member.Name[0]) + member.Name.Substring(1));
                Solution solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Rename '" + member.Name + "' to '" + newName + "'",
                        ct => Renamer.RenameSymbolAsync(solution, member, new SymbolRenameOptions(), newName, ct),
                        equivalenceKey: DiagnosticDescriptors.MemberCollisionId),
                    diagnostic);
            }
        }

        /// <summary><paramref name="name"/>, or with 2, 3, ... appended, whichever <paramref name="owner"/> has no member of.</summary>
        private static string FreeName(INamedTypeSymbol owner, string name)
        {
            string candidate = name;
            for (int n = 2; !owner.GetMembers(candidate).IsEmpty || owner.Name == candidate; n++)
            {
                candidate = name + n.ToString(CultureInfo.InvariantCulture);
            }

            return candidate;
        }
    }
}
