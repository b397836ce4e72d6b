using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using DerivGen.Tests.Infrastructure;

namespace DerivGen.Tests.Package
{
    /// <summary>
    /// Packs DerivGen once into a temporary folder, then restores, builds and runs the projects in Consumers/ there,
    /// outside the repository, as a user would: a nuget.config that adds the folder to the usual registry, and a
    /// PackageReference by name and version. Shared by the tests of <see cref="PackageEndToEndTests"/>.
    /// </summary>
    /// <remarks>
    /// The package gets a version of its own per run, so the restore cannot pick a stale DerivGen from the NuGet cache;
    /// that version is removed from the cache afterwards. The package's projects are already built (this project
    /// references them), so packing takes seconds; the consumers are restored once and built once.
    /// </remarks>
    public sealed class PackagedConsumers : IDisposable
    {
        public PackagedConsumers()
        {
            RepositoryRoot = RepositoryPaths.Root;
            string configuration = Metadata("DerivGen.Configuration");
            Folder = Path.Combine(Path.GetTempPath(), "derivgen-package-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(Folder);
            Version = RepositoryVersion() + "-e2e-" + Guid.NewGuid().ToString("N")[..8];

            try
            {
                // 1. The package, exactly as `dotnet pack -c Release -o artifacts` at the root makes it.
                string feed = Path.Combine(Folder, "feed");
                ProcessRunner.Dotnet(RepositoryRoot, "pack", Path.Combine(RepositoryRoot, "src", "DerivGen", "DerivGen.csproj"),
                    "-c", configuration, "--no-build", "-o", feed, "-p:PackageVersion=" + Version);
                PackagePath = Path.Combine(feed, $"DerivGen.{Version}.nupkg");

                // 2. The consumers, outside the repository. The empty Directory.Build files stop MSBuild from importing any
                // that a folder above the temporary one might hold.
                CopyConsumers(Path.Combine(RepositoryRoot, "tests", "DerivGen.Tests", "Package", "Consumers"), Folder);
                File.WriteAllText(Path.Combine(Folder, "Directory.Build.props"), "<Project />\n");
                File.WriteAllText(Path.Combine(Folder, "Directory.Build.targets"), "<Project />\n");
                File.WriteAllText(Path.Combine(Folder, "nuget.config"), $"""
                    <?xml version="1.0" encoding="utf-8"?>
                    <configuration>
                      <packageSources>
                        <clear />
                        <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                        <add key="derivgen-local" value="{feed}" />
                      </packageSources>
                    </configuration>
                    """);
                File.WriteAllText(Path.Combine(Folder, "Consumers.slnx"), """
                    <Solution>
                      <Project Path="App/App.csproj" />
                      <Project Path="Library/Library.csproj" />
                    </Solution>
                    """);

                // 3. One restore, one build of both projects (the library for netstandard2.0, netstandard2.1, net8.0 and net48), one run.
                RestoreLog = ProcessRunner.Dotnet(Folder, "restore", "Consumers.slnx");
                BuildLog = ProcessRunner.Dotnet(Folder, "build", "Consumers.slnx", "-c", "Release", "--no-restore");
                AppOutput = ProcessRunner.Dotnet(Folder, Path.Combine(Folder, "App", "bin", "Release", "net10.0", "App.dll"));
            }
            catch
            {
                // xUnit does not dispose a fixture whose constructor threw: clean up here.
                Dispose();
                throw;
            }
        }

        /// <summary>The repository the package was packed from.</summary>
        public string RepositoryRoot { get; }

        /// <summary>The temporary folder holding the feed and the consumer projects.</summary>
        public string Folder { get; }

        /// <summary>This run's package version: the repository's version with a unique prerelease suffix.</summary>
        public string Version { get; }

        public string PackagePath { get; }

        public string RestoreLog { get; }

        public string BuildLog { get; }

        /// <summary>What the console app printed: one line per quantity, a name, then round-trip numbers.</summary>
        public string AppOutput { get; }

        public void Dispose()
        {
            TryDelete(Folder);
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            TryDelete(Path.Combine(packages, "derivgen", Version.ToLowerInvariant()));
        }

        private static string Metadata(string key) =>
            typeof(PackagedConsumers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");

        private string RepositoryVersion()
        {
            string props = File.ReadAllText(Path.Combine(RepositoryRoot, "Directory.Build.props"));
            return Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        }

        /// <summary>Copies the consumer projects, writing this run's version where they name the package's.</summary>
        private void CopyConsumers(string source, string target)
        {
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(source, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                {
                    continue;
                }

                string destination = Path.Combine(target, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.WriteAllText(destination, File.ReadAllText(file).Replace("$(DerivGenVersion)", Version, StringComparison.Ordinal));
            }
        }

        private static void TryDelete(string folder)
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless; a test must not fail on cleanup.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
