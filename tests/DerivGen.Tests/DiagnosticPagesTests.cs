using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using DerivGen.Diagnostics;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// docs/diagnostics/: every descriptor's help link resolves to its own page, the page is titled with the descriptor's ID
    /// and title, the page's example really draws that diagnostic from the generator, no page is left without a
    /// descriptor, and the README's table links every page.
    /// </summary>
    public sealed class DiagnosticPagesTests
    {
        private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToArray();

        private static string PagesFolder => Path.Combine(RepositoryPaths.Root, "docs", "diagnostics");

        public static TheoryData<string> Ids => new(Descriptors.Select(d => d.Id));

        [Theory]
        [MemberData(nameof(Ids))]
        public void HelpLinkResolvesToThePageOfTheDiagnostic(string id)
        {
            DiagnosticDescriptor descriptor = Descriptors.Single(d => d.Id == id);

            Assert.Equal(DiagnosticDescriptors.HelpBase + id + ".md", descriptor.HelpLinkUri);
            string page = Path.Combine(RepositoryPaths.Root, descriptor.HelpLinkUri.Replace('/', Path.DirectorySeparatorChar));
            Assert.True(File.Exists(page), $"{id}: its help link '{descriptor.HelpLinkUri}' names '{page}', which does not exist.");
            Assert.Equal($"# {id}: {descriptor.Title}", File.ReadLines(page).First());
        }

        [Theory]
        [MemberData(nameof(Ids))]
        public void ThePagesExampleDrawsTheDiagnostic(string id)
        {
            if (id is DiagnosticDescriptors.InternalErrorId or DiagnosticDescriptors.NotUnrollableId or DiagnosticDescriptors.LoopedSensitivitiesId
                or DiagnosticDescriptors.LanguageVersionTooOldId)
            {
                // No input is meant to reach an internal error; DG0016 and DG0054 are retired (nothing reports them any more); DG0053 comes
                // from a project's LangVersion, not from source (LanguageVersionTests draw it with C# 7.2 parse options).
                return;
            }

            string text = File.ReadAllText(Path.Combine(PagesFolder, id + ".md"));
            Match example = Regex.Match(text, "## Example\n\n```csharp\n(.*?)```", RegexOptions.Singleline);
            Assert.True(example.Success, $"{id}.md has no C# example under '## Example'.");

            GeneratorRun run = GeneratorHarness.Run(example.Groups[1].Value);

            Assert.Null(run.Exception);
            Assert.True(
                run.GeneratorDiagnostics.Concat(run.Information).Any(d => d.Id == id),
                $"{id}.md's example draws [{string.Join(", ", run.GeneratorDiagnostics.Concat(run.Information).Select(d => d.Id))}], not {id}.");
        }

        [Fact]
        public void EveryPageHasADescriptorAndTheReadmeLinksEveryPage()
        {
            string[] pages = Directory.GetFiles(PagesFolder, "*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()!;
            Assert.Equal(Descriptors.Select(d => d.Id), pages);

            string readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
            foreach (string id in pages)
            {
                Assert.Contains($"[{id}](docs/diagnostics/{id}.md)", readme, StringComparison.Ordinal);
            }
        }
    }
}
