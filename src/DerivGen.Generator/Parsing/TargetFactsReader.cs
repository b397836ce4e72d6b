using DerivGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DerivGen.Parsing
{
    /// <summary>Reads <see cref="TargetFacts"/> from the project's parse options and references.</summary>
    internal static class TargetFactsReader
    {
        /// <summary>The effective C# version (Default and Latest already resolved by the compiler).</summary>
        public static TargetFacts Read(ParseOptions options, bool hasLaneMath = false) =>
            options is CSharpParseOptions csharp ? new TargetFacts((int)csharp.LanguageVersion, hasLaneMath) : TargetFacts.Latest;

        /// <summary>Whether the referenced DerivGen runtime is the build with <c>LaneMath</c> (net8.0 and later).</summary>
        public static bool HasLaneMath(Compilation compilation) => compilation.GetTypeByMetadataName(KnownNames.LaneMath) is not null;
    }
}
