using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit.Sdk;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>Reads the reference cases of <c>References/networks</c> (format: that folder's README.md).</summary>
    internal static class ReferenceCases
    {
        private static readonly Lazy<IReadOnlyList<ReferenceCase>> LazyAll = new(() =>
            Directory.GetFiles(RepositoryPaths.ReferenceFolder, "*.json")
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(Read)
                .ToArray());

        /// <summary>Every case, ordered by file name.</summary>
        public static IReadOnlyList<ReferenceCase> All => LazyAll.Value;

        /// <summary>
        /// The cases of at most <see cref="SmallCaseMostParameters"/> parameters: 48 of the 128, the seed, every edge case and
        /// every activation and loss among them, about 4% of all the cases' parameters. The tests that repeat the reference
        /// checks in another form (float, lane batches) use these: compiling every case's unrolled code again costs
        /// minutes, and what those forms change (the scalar type, the lane arithmetic) does not depend on a network's size.
        /// </summary>
        public static IReadOnlyList<ReferenceCase> Small => LazySmall.Value;

        /// <summary>The largest parameter count among <see cref="Small"/>.</summary>
        public const int SmallCaseMostParameters = 120;

        private static readonly Lazy<IReadOnlyList<ReferenceCase>> LazySmall = new(() =>
            All.Where(c => c.Network.ParameterCount <= SmallCaseMostParameters).ToArray());

        /// <summary>The case with the given name.</summary>
        public static ReferenceCase Get(string name) =>
            All.SingleOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
            ?? throw new XunitException($"No reference case is named '{name}'.");

        /// <summary>Reads one case file. System.Text.Json parses each number to the nearest double, as the README requires.</summary>
        public static ReferenceCase Read(string path)
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            string name = root.GetProperty("name").GetString()!;
            string? note = root.TryGetProperty("note", out JsonElement n) ? n.GetString() : null;

            var layers = root.GetProperty("layers").EnumerateArray().Select(layer => new LayerDescription(
                layer.GetProperty("units").GetInt32(),
                Enum.Parse<Activation>(layer.GetProperty("activation").GetString()!),
                layer.TryGetProperty("slope", out JsonElement slope) ? slope.GetDouble() : null)).ToArray();
            var network = new NetworkDescription(
                ReferenceCase.ClassNameFor(name),
                root.GetProperty("inputs").GetInt32(),
                layers,
                Enum.Parse<LossFunction>(root.GetProperty("loss").GetString()!),
                root.TryGetProperty("delta", out JsonElement delta) ? delta.GetDouble() : null);

            JsonElement expected = root.GetProperty("expected");
            var result = new ReferenceCase(
                name,
                note,
                network,
                Doubles(root.GetProperty("parameters")),
                Doubles(root.GetProperty("x")),
                Doubles(root.GetProperty("y")),
                expected.GetProperty("loss").GetDouble(),
                Doubles(expected.GetProperty("gradient")),
                Doubles(expected.GetProperty("output")));

            if (result.Parameters.Count != network.ParameterCount || result.ExpectedGradient.Count != network.ParameterCount ||
                result.X.Count != network.Inputs || result.ExpectedOutput.Count != network.OutputCount)
            {
                throw new XunitException($"Reference case '{path}' is inconsistent with its own network ({network}).");
            }

            return result;
        }

        private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }
}
