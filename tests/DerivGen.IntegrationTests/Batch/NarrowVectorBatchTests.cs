using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace DerivGen.IntegrationTests.Batch;

/// <summary>
/// The lane batches with 128-bit vectors. LaneMath builds the lanes of Exp, Tanh and the other mapped functions in
/// registers with code of its own for each width of <see cref="Vector{T}"/>: two or four doubles, four or eight floats.
/// This machine and CI have 256-bit vectors, so the 128-bit code (every Arm64 machine's) would run in no test.
/// </summary>
/// <remarks>
/// The batch tests run again in a child test run of this assembly with <c>DOTNET_MaxVectorTBitWidth=128</c>, which makes
/// Vector&lt;T&gt; 128 bits wide on x64. <see cref="NarrowVectorWidthProbe"/> runs with them and fails there unless the
/// variable took effect. A lane built in the wrong place puts one row's value in another row, which
/// <see cref="BatchEquivalenceTests"/> sees (a whole term off).
/// </remarks>
public sealed class NarrowVectorBatchTests
{
    internal const string WidthVariable = "DOTNET_MaxVectorTBitWidth";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void The_batch_tests_pass_with_128_bit_vectors()
    {
        string assembly = typeof(NarrowVectorBatchTests).Assembly.Location;
        string results = Path.Combine(Path.GetTempPath(), "derivgen-narrow-" + Guid.NewGuid().ToString("N")[..12]);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        foreach (string argument in new[]
        {
            "test", assembly, "--results-directory", results,
            "--filter", $"FullyQualifiedName~{nameof(BatchEquivalenceTests)}|FullyQualifiedName~{nameof(NarrowVectorWidthProbe)}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The outer run's own test-platform settings (its logger, its connection to the runner) are not the child's.
        foreach (string name in start.Environment.Keys.Where(IsTestPlatformVariable).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment[WidthVariable] = "128";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"The child test run did not finish in {Timeout}:\n{output}");
            }

            process.WaitForExit();
            string text = output.ToString();
            Assert.True(process.ExitCode == 0, $"The batch tests failed with 128-bit vectors (exit code {process.ExitCode}):\n{text}");

            // Every batch test ran on every network, and the probe: the filter matched what it should.
            int expected = typeof(BatchEquivalenceTests).GetMethods().Count(m => m.GetCustomAttributes<TheoryAttribute>().Any()) * BatchNetworks.Names.Length + 1;
            Match summary = Regex.Match(text, @"Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+), Total:\s+(\d+)");
            Assert.True(summary.Success, "The child test run printed no summary:\n" + text);
            Assert.Equal(("0", expected.ToString(CultureInfo.InvariantCulture)), (summary.Groups[1].Value, summary.Groups[2].Value));
        }
        finally
        {
            if (Directory.Exists(results))
            {
                Directory.Delete(results, recursive: true);
            }
        }
    }

    private static bool IsTestPlatformVariable(string name) =>
        name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Run by <see cref="NarrowVectorBatchTests"/>'s child test run: the width it asks for is the width it gets.</summary>
public sealed class NarrowVectorWidthProbe
{
    [Fact]
    public void Vector_is_as_wide_as_the_environment_asks()
    {
        // Without the variable, doubles and floats fill the same width; with it, that width is the one asked for.
        Assert.Equal(Vector<float>.Count, 2 * Vector<double>.Count);
        if (int.TryParse(Environment.GetEnvironmentVariable(NarrowVectorBatchTests.WidthVariable), out int bits) && Vector.IsHardwareAccelerated)
        {
            Assert.Equal(bits / 64, Vector<double>.Count);
        }
    }
}
