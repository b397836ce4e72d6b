using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Reflection;
using System.Text.RegularExpressions;
using DerivGen.Tests.Package;
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

    [Fact]
    public void The_batch_tests_pass_with_128_bit_vectors()
    {
        string assembly = typeof(NarrowVectorBatchTests).Assembly.Location;
        string results = Path.Combine(Path.GetTempPath(), "derivgen-narrow-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // Fails with the child run's output when any of its tests fails.
            string output = ProcessRunner.Dotnet(
                Path.GetDirectoryName(assembly)!,
                new Dictionary<string, string> { [WidthVariable] = "128" },
                "test", assembly, "--results-directory", results,
                "--filter", $"FullyQualifiedName~{nameof(BatchEquivalenceTests)}|FullyQualifiedName~{nameof(NarrowVectorWidthProbe)}");

            // Every batch test ran on every network, and the probe: the filter matched what it should.
            int expected = typeof(BatchEquivalenceTests).GetMethods().Count(m => m.GetCustomAttributes<TheoryAttribute>().Any()) * BatchNetworks.Names.Length + 1;
            Match summary = Regex.Match(output, @"Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+), Total:\s+(\d+)");
            Assert.True(summary.Success, "The child test run printed no summary:\n" + output);
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
