using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;

[assembly: TestCollectionOrderer("DerivGen.Tests.Infrastructure.SlowestFirstCollectionOrderer", "DerivGen.Tests")]

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// Starts the two longest test classes first and the rest in xUnit's own order (by unique ID). Each runs for a minute
    /// or more on two cores: the package test mostly in processes of its own (pack, restore, build of the consumers), the
    /// fuzz test on both cores. Started last, either left one core idle while it finished alone.
    /// </summary>
    public sealed class SlowestFirstCollectionOrderer : ITestCollectionOrderer
    {
        private static readonly string[] SlowestFirst = { nameof(Package.PackageEndToEndTests), nameof(GeneratorFuzzTests) };

        public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
            testCollections
                .OrderBy(Rank)
                .ThenBy(collection => collection.UniqueID.ToString(), StringComparer.OrdinalIgnoreCase)
                .ToArray();

        private static int Rank(ITestCollection collection)
        {
            int index = Array.FindIndex(SlowestFirst, name => collection.DisplayName.EndsWith("." + name, StringComparison.Ordinal));
            return index < 0 ? SlowestFirst.Length : index;
        }
    }
}
