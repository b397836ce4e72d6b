using System.IO;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>Finds the repository and the reference data the tests read, from the test sources' location.</summary>
    /// <remarks>
    /// The paths come from <see cref="CallerFilePathAttribute"/>, i.e. the source tree the tests were built from. The
    /// reference cases live in the repository (<c>tests/DerivGen.Tests/References/</c>), so a plain clone is enough.
    /// </remarks>
    internal static class RepositoryPaths
    {
        /// <summary>The folder that holds DerivGen.sln, found by walking up from this source file.</summary>
        public static string Root => FindRoot();

        /// <summary>The network reference cases (50-digit losses and gradients); format in that folder's README.md.</summary>
        public static string ReferenceFolder => ExistingFolder("networks");

        /// <summary>The user-function reference cases (50-digit values and gradients); format in that folder's README.md.</summary>
        public static string FunctionReferenceFolder => ExistingFolder("functions");

        /// <summary>The reference Hessians, input gradients and input Jacobians; format in that folder's README.md.</summary>
        public static string HessianReferenceFolder => ExistingFolder("hessians");

        private static string ExistingFolder(string name)
        {
            string folder = Path.Combine(Root, "tests", "DerivGen.Tests", "References", name);
            if (!Directory.Exists(folder))
            {
                throw new XunitException(
                    $"The reference cases folder '{folder}' does not exist. It is part of the repository: is the checkout complete?");
            }

            return folder;
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
