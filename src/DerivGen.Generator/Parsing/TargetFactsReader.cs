using DerivGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DerivGen.Parsing
{
    /// <summary>Reads <see cref="TargetFacts"/> from the project's parse options.</summary>
    internal static class TargetFactsReader
    {
        /// <summary>The effective C# version (Default and Latest already resolved by the compiler).</summary>
        public static TargetFacts Read(ParseOptions options) =>
            options is CSharpParseOptions csharp ? new TargetFacts((int)csharp.LanguageVersion) : TargetFacts.Latest;
    }
}
