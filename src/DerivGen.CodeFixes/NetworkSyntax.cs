using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace DerivGen.CodeFixes
{
    /// <summary>Finds a network's declaration and its DerivGen attributes from where the generator located a diagnostic.</summary>
    internal static class NetworkSyntax
    {
        /// <summary>The type declaration that holds <paramref name="span"/> (an attribute of it, or a member), or null.</summary>
        public static TypeDeclarationSyntax? AnnotatedType(SyntaxNode root, TextSpan span) =>
            root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();

        /// <summary>The attributes on <paramref name="type"/> that bind to the attribute class <paramref name="metadataName"/>, in source order.</summary>
        public static IEnumerable<AttributeSyntax> Attributes(TypeDeclarationSyntax type, SemanticModel model, string metadataName) =>
            type.AttributeLists
                .SelectMany(list => list.Attributes)
                .Where(a => model.GetSymbolInfo(a).Symbol is IMethodSymbol constructor && constructor.ContainingType.ToDisplayString() == metadataName);

        /// <summary>The named argument <c>Name = value</c> of <paramref name="attribute"/>, or null.</summary>
        public static AttributeArgumentSyntax? NamedArgument(AttributeSyntax attribute, string name) =>
            attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

        /// <summary>
        /// The constructor argument in position <paramref name="index"/> (or written as <c>parameter: value</c>) of
        /// <paramref name="attribute"/>, or null when it is left to its default.
        /// </summary>
        public static AttributeArgumentSyntax? ConstructorArgument(AttributeSyntax attribute, int index, string parameter)
        {
            if (attribute.ArgumentList is null)
            {
                return null;
            }

            AttributeArgumentSyntax? named = attribute.ArgumentList.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == parameter);
            if (named is not null)
            {
                return named;
            }

            AttributeArgumentSyntax[] positional = attribute.ArgumentList.Arguments.Where(a => a.NameColon is null && a.NameEquals is null).ToArray();
            return index < positional.Length ? positional[index] : null;
        }
    }
}
