using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DerivGen.Tests.Infrastructure;

namespace DerivGen.Tests.Functions
{
    /// <summary>One case of <c>References/functions</c> (format: that folder's README.md).</summary>
    internal sealed record FunctionReferenceCase(string Name, int Arity, string CSharp, IReadOnlyList<FunctionReferencePoint> Points)
    {
        private static readonly Lazy<IReadOnlyList<FunctionReferenceCase>> LazyAll = new(() =>
            Directory.GetFiles(RepositoryPaths.FunctionReferenceFolder, "*.json")
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(Read)
                .ToArray());

        /// <summary>Every case, ordered by file name.</summary>
        public static IReadOnlyList<FunctionReferenceCase> All => LazyAll.Value;

        private static FunctionReferenceCase Read(string path)
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            var points = root.GetProperty("points").EnumerateArray().Select(p => new FunctionReferencePoint(
                p.GetProperty("args").EnumerateArray().Select(a => a.GetDouble()).ToArray(),
                p.GetProperty("value").GetDouble(),
                p.GetProperty("grad").EnumerateArray().Select(g => g.GetDouble()).ToArray())).ToArray();
            return new FunctionReferenceCase(root.GetProperty("name").GetString()!, root.GetProperty("arity").GetInt32(), root.GetProperty("csharp").GetString()!, points);
        }
    }

    /// <summary>A point of a case: exact binary64 arguments, the correctly rounded value and gradient.</summary>
    internal sealed record FunctionReferencePoint(double[] Args, double Value, double[] Gradient);
}
