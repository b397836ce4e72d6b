using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests.Package
{
    /// <summary>
    /// The DerivGen package as a user gets it: what it holds, and fresh projects outside the repository (a net10.0 console
    /// app, and a library for netstandard2.0 and net48 at C# 7.3, netstandard2.1 at C# 8 and net8.0 at C# 12) that build with warnings as errors and AnalysisLevel
    /// latest-all, and compute the seeds' 3-3-1 numbers in double and float.
    /// </summary>
    [Trait("Category", "Slow")] // packs DerivGen and builds projects with it: about a minute; see README, "Tests and snapshots"
    public sealed class PackageEndToEndTests : IClassFixture<PackagedConsumers>
    {
        private readonly PackagedConsumers _consumers;

        public PackageEndToEndTests(PackagedConsumers consumers) => _consumers = consumers;

        [Fact]
        public void ThePackageHoldsTheRuntimeTheGeneratorTheReadmeAndTheDocs()
        {
            using ZipArchive package = ZipFile.OpenRead(_consumers.PackagePath);
            string[] entries = package.Entries.Select(e => e.FullName).ToArray();

            Assert.Contains("lib/netstandard2.0/DerivGen.dll", entries);
            Assert.Contains("lib/netstandard2.0/DerivGen.xml", entries);
            Assert.Contains("lib/net8.0/DerivGen.dll", entries);
            Assert.Contains("lib/net8.0/DerivGen.xml", entries);
            Assert.Contains("analyzers/dotnet/cs/DerivGen.Generator.dll", entries);
            // Every analyzer project the runtime's csproj lists for the package (the generator, the code fixes, ...).
            XDocument runtime = XDocument.Load(Path.Combine(_consumers.RepositoryRoot, "src", "DerivGen", "DerivGen.csproj"));
            foreach (XElement analyzer in runtime.Descendants("PackagedAnalyzer"))
            {
                Assert.Contains($"analyzers/dotnet/cs/{Path.GetFileNameWithoutExtension(analyzer.Attribute("Include")!.Value)}.dll", entries);
            }

            Assert.Contains("README.md", entries);
            // Roslyn is the compiler's own: a copy in the package would load beside it, or clash with it.
            Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));
            // Nothing that would run inside a consumer's build.
            Assert.DoesNotContain(entries, e => e.StartsWith("build/", StringComparison.Ordinal) || e.StartsWith("buildTransitive/", StringComparison.Ordinal));
        }

        [Fact]
        public void TheNuspecDependsOnlyOnTheRuntimesOwnPackages()
        {
            using ZipArchive package = ZipFile.OpenRead(_consumers.PackagePath);
            using Stream stream = package.GetEntry("DerivGen.nuspec")!.Open();
            XDocument nuspec = XDocument.Load(stream);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            XElement metadata = nuspec.Root.Element(ns + "metadata")!;

            Assert.Equal("DerivGen", metadata.Element(ns + "id")!.Value);
            Assert.Equal(_consumers.Version, metadata.Element(ns + "version")!.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
            Assert.Null(metadata.Element(ns + "developmentDependency"));
            var dependencies = metadata.Descendants(ns + "group")
                .SelectMany(g => g.Elements(ns + "dependency").Select(d => g.Attribute("targetFramework")!.Value + ": " + d.Attribute("id")!.Value))
                .Order(StringComparer.Ordinal)
                .ToArray();
            Assert.Equal(new[] { ".NETStandard2.0: System.Memory", "net8.0: System.Numerics.Tensors" }, dependencies);
        }

        [Fact]
        public void TheConsoleAppComputesTheSeedExampleInDoubleAndInTheLibrarysFloat()
        {
            using JsonDocument reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.ReferenceFolder, "seed-331.json")));
            JsonElement expected = reference.RootElement.GetProperty("expected");
            double loss = expected.GetProperty("loss").GetDouble();
            double[] gradient = expected.GetProperty("gradient").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double[] output = expected.GetProperty("output").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Dictionary<string, double[]> printed = Parse(_consumers.AppOutput);

            // Double: the reference tests' tolerances (about 90 and 900 units of roundoff, 1e-14 and 1e-13).
            AssertRelative("double.loss", new[] { loss }, printed["double.loss"], 1e-14);
            AssertRelative("double.gradient", gradient, printed["double.gradient"], 1e-13);
            AssertRelative("double.output", output, printed["double.output"], 1e-14);
            // Float: the same scaled by 2^29 (README, "Single precision"): 5.4e-6 and 5.4e-5.
            AssertRelative("single.loss", new[] { loss }, printed["single.loss"], 5.4e-6);
            AssertRelative("single.gradient", gradient, printed["single.gradient"], 5.4e-5);
        }

        [Fact]
        public void TheConsumersBuildOnlyThemselvesAndTakeDerivGenAsAPackage()
        {
            // A ProjectReference into a clone would build DerivGen's projects with the consumer's properties; a package
            // is built already. So every output is the consumers' own, and nothing of the repository is touched.
            string[] outputs = _consumers.BuildLog.Split('\n').Where(l => l.Contains(" -> ", StringComparison.Ordinal)).ToArray();
            Assert.Equal(5, outputs.Length); // App (net10.0), Library (netstandard2.0, netstandard2.1, net8.0, net48)
            Assert.All(outputs, line => Assert.Contains(_consumers.Folder, line, StringComparison.Ordinal));
            Assert.DoesNotContain(_consumers.RepositoryRoot.TrimEnd('/', '\\'), _consumers.BuildLog + _consumers.RestoreLog, StringComparison.Ordinal);

            foreach (string project in new[] { "App", "Library" })
            {
                using JsonDocument assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(_consumers.Folder, project, "obj", "project.assets.json")));
                JsonElement library = assets.RootElement.GetProperty("libraries").GetProperty("DerivGen/" + _consumers.Version);
                Assert.Equal("package", library.GetProperty("type").GetString());
            }
        }

        [Fact]
        public void TheConsumersNeedNothingButThePackageAndTheReadmeSaysHowToAddIt()
        {
            // A consumer project holds what `dotnet new` writes, the strictness settings under test, and the package
            // reference the README's `dotnet add package DerivGen` adds: nothing DerivGen-specific besides it.
            var allowed = new HashSet<string>(StringComparer.Ordinal)
            {
                "OutputType", "TargetFramework", "TargetFrameworks", "ImplicitUsings", "Nullable",
                "TreatWarningsAsErrors", "AnalysisLevel", "PackageReference", "ProjectReference",
            };
            foreach (string project in new[] { "App/App.csproj", "Library/Library.csproj" })
            {
                XDocument csproj = XDocument.Load(Path.Combine(_consumers.Folder, project));
                string[] settings = csproj.Root!.Elements().SelectMany(group => group.Elements()).Select(e => e.Name.LocalName).ToArray();
                Assert.All(settings, name => Assert.Contains(name, allowed));
                var references = csproj.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value + " " + r.Attribute("Version")!.Value);
                Assert.Equal(new[] { "DerivGen " + _consumers.Version }, references);
            }

            string readme = File.ReadAllText(Path.Combine(_consumers.RepositoryRoot, "README.md"));
            Assert.Contains("dotnet add package DerivGen", readme, StringComparison.Ordinal);
            Assert.Contains("dotnet new nugetconfig", readme, StringComparison.Ordinal);
            Assert.Contains("dotnet nuget add source", readme, StringComparison.Ordinal);
        }

        private static Dictionary<string, double[]> Parse(string output)
        {
            var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] parts = line.Split(' ');
                values[parts[0]] = parts.Skip(1).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            }

            return values;
        }

        /// <summary>Normwise relative error ‖actual − expected‖₂ / ‖expected‖₂ at most <paramref name="tolerance"/>.</summary>
        private static void AssertRelative(string name, double[] expected, double[] actual, double tolerance)
        {
            Assert.Equal(expected.Length, actual.Length);
            double difference = Math.Sqrt(expected.Zip(actual, (e, a) => (a - e) * (a - e)).Sum());
            double norm = Math.Sqrt(expected.Sum(e => e * e));
            double error = difference / norm;
            Assert.True(error <= tolerance, $"{name}: relative error {error:E2} > {tolerance:E2}; expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
        }
    }
}
