using System.Threading.Tasks;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace DerivGen.Tests.CodeFixes
{
    /// <summary>
    /// Runs a code fix through Microsoft.CodeAnalysis.CSharp.CodeFix.Testing: the source's markup names the expected
    /// diagnostics (<c>{|DG0001:Network(3)|}</c>), the fix is applied, and the result must equal the fixed source and have
    /// no diagnostic left (the generator runs again on it through <see cref="GeneratorDiagnosticsAnalyzer"/>).
    /// </summary>
    internal static class CodeFixVerifier<TCodeFix>
        where TCodeFix : CodeFixProvider, new()
    {
        /// <summary>
        /// No reference assembly package: the compilation references what the generator tests compile against (the
        /// running framework and DerivGen), so nothing is downloaded.
        /// </summary>
        private static readonly ReferenceAssemblies References = new("net10.0");

        /// <summary>Applies the code action with <paramref name="equivalenceKey"/> (null: the only one offered) and compares.</summary>
        public static Task VerifyAsync(string source, string fixedSource, string? equivalenceKey = null)
        {
            var test = new CSharpCodeFixTest<GeneratorDiagnosticsAnalyzer, TCodeFix, DefaultVerifier>
            {
                TestCode = source,
                FixedCode = fixedSource,
                ReferenceAssemblies = References,
                CodeActionEquivalenceKey = equivalenceKey,
            };
            test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
            return test.RunAsync();
        }

        /// <summary>Checks that the diagnostics in <paramref name="source"/>'s markup are reported and that no fix is offered.</summary>
        public static Task VerifyNoFixAsync(string source)
        {
            var test = new CSharpCodeFixTest<GeneratorDiagnosticsAnalyzer, TCodeFix, DefaultVerifier>
            {
                TestCode = source,
                FixedCode = source,
                ReferenceAssemblies = References,
            };
            test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
            return test.RunAsync();
        }
    }
}
