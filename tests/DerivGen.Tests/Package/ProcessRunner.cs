using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace DerivGen.Tests.Package
{
    /// <summary>
    /// Runs the dotnet CLI as a user's shell would, and fails the test with its output when it fails. The integration
    /// tests link this file too (<c>NarrowVectorBatchTests</c>).
    /// </summary>
    internal static class ProcessRunner
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

        /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; returns stdout and stderr.</summary>
        public static string Dotnet(string workingDirectory, params string[] arguments) =>
            Dotnet(workingDirectory, new Dictionary<string, string>(), arguments);

        /// <summary>
        /// Runs <c>dotnet</c> as <see cref="Dotnet(string, string[])"/> does, with <paramref name="environment"/> added to the
        /// variables it sets.
        /// </summary>
        public static string Dotnet(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // `dotnet test` sets MSBuild and VSTest variables for its own build; a user's shell has none of them, and some
            // (MSBuildExtensionsPath, MSBUILD_EXE_PATH, ...) would change how the consumer builds.
            foreach (string name in start.Environment.Keys.Where(IsTestHostVariable).ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            // No MSBuild node stays behind after the test.
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"dotnet {string.Join(" ", arguments)} did not finish in {Timeout}:\n{output}");
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new Xunit.Sdk.XunitException(
                    $"dotnet {string.Join(" ", arguments)} (in {workingDirectory}) exited with {process.ExitCode}:\n{output}");
            }

            return output.ToString();
        }

        private static bool IsTestHostVariable(string name) =>
            name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
            || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);

        private static void Append(StringBuilder output, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
