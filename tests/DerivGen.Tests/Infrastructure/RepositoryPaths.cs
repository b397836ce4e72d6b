using System.IO;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>Finds the repository and the shared reference data from the test sources' location.</summary>
    /// <remarks>
    /// The paths come from <see cref="CallerFilePathAttribute"/>, i.e. the source tree the tests were built from. CI clones
    /// the repository with <c>shared/</c> beside it, so the reference cases are at <c>{repo}/../shared/reference</c>.
    /// </remarks>
    internal static class RepositoryPaths
    {
        /// <summary>The folder that holds DerivGen.sln, found by walking up from this source file.</summary>
        public static string Root => FindRoot();

        /// <summary>The folder of reference cases, <c>{repo}/../shared/reference</c>; fails clearly when it is missing.</summary>
        public static string ReferenceFolder
        {
            get
            {
                string folder = Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference"));
                if (!Directory.Exists(folder))
                {
                    throw new XunitException(
                        $"The reference cases folder '{folder}' does not exist. The tests expect shared/ beside the repository " +
                        "(as CI clones it): <parent>/main/DerivGen.sln and <parent>/shared/reference/*.json.");
                }

                return folder;
            }
        }

        private static string FindRoot([CallerFilePath] string thisFile = "")
        {
            string? folder = Path.GetDirectoryName(thisFile);
            while (folder is not null)
            {
                if (File.Exists(Path.Combine(folder, "DerivGen.sln")))
                {
                    return folder;
                }

                folder = Path.GetDirectoryName(folder);
            }

            throw new XunitException(
                $"No folder above '{thisFile}' holds DerivGen.sln. Were the tests built from a path-mapped source tree?");
        }
    }
}
