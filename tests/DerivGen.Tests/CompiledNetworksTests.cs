using System.Collections.Immutable;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The shared compilations' own promise: <see cref="CompiledNetworks.CompilerDiagnostics"/> (what the emit reported)
    /// holds every warning and error that <see cref="Compilation.GetDiagnostics"/> reports, so the compile-and-run tests
    /// that check "no compiler diagnostics" on it lose nothing by binding each compilation once instead of twice.
    /// </summary>
    public sealed class CompiledNetworksTests
    {
        /// <summary>
        /// One warning of each kind the generated code could draw under the test options: a malformed and a dangling XML
        /// doc comment (documentation mode Diagnose), a nullable dereference (nullable on), an unused local, an obsolete
        /// member, and warning wave 5 (/warn:9999). Plus a lower-case type name, which GetDiagnostics and a build report.
        /// </summary>
        private const string Warnings = """
            #nullable enable
            namespace Probe
            {
                public static class Warnings
                {
                    /// <summary>Unclosed <b>tag</summary>
                    public static int Malformed() => 0;

                    /// <param name="missing">No such parameter.</param>
                    public static int Dangling(int x) => x;

                    public static int Nullable(string? text) => text.Length;

                    public static void Unused() { int unused; }

                    [System.Obsolete("old")] public static void Old() { }

                    public static void CallsOld() => Old();

                    public static bool Wave5(System.DateTime d) => d == null;
                }

                public class lowercase { }
            }
            """;

        [Fact]
        public void EmitReportsTheWarningsAndErrorsThatGetDiagnosticsReports()
        {
            Compilation compilation = GeneratorHarness.CreateCompilation("DerivGen.EmitProbe", new[] { Warnings, "class Broken { int }" });
            ImmutableArray<Diagnostic> bound = CompiledNetworks.NotHidden(compilation.GetDiagnostics());

            Assert.False(CollectibleAssembly.TryLoad(compilation, out _, out ImmutableArray<Diagnostic> emitted));

            string[] expected = bound.Select(Key).Order(System.StringComparer.Ordinal).ToArray();
            Assert.Equal(expected, CompiledNetworks.NotHidden(emitted).Select(Key).Order(System.StringComparer.Ordinal).ToArray());
            // The probe must draw every kind it names, or a kind emit misses could go unnoticed.
            Assert.Contains(expected, k => k.StartsWith("CS1570", System.StringComparison.Ordinal));
            Assert.Contains(expected, k => k.StartsWith("CS1572", System.StringComparison.Ordinal));
            Assert.Contains(expected, k => k.StartsWith("CS8602", System.StringComparison.Ordinal));
            Assert.Contains(expected, k => k.StartsWith("CS0168", System.StringComparison.Ordinal));
            Assert.Contains(expected, k => k.StartsWith("CS0618", System.StringComparison.Ordinal));
            Assert.Contains(expected, k => k.StartsWith("CS8073", System.StringComparison.Ordinal));
            Assert.Contains(expected, k => k.StartsWith("CS8981", System.StringComparison.Ordinal));
            Assert.Contains(expected, k => k.StartsWith("CS1519", System.StringComparison.Ordinal));
        }

        private static string Key(Diagnostic d) =>
            d.Id + " " + d.Location.SourceTree?.FilePath + " " + d.Location.SourceSpan;
    }
}
