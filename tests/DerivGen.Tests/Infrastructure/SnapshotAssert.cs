using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// Compares text with a committed snapshot, following Verify's conventions (Verify itself is not installable here).
    /// </summary>
    /// <remarks>
    /// <para>
    /// A snapshot is <c>Snapshots/{TestClass}.{TestMethod}[_{case}].verified.{ext}</c> in the folder of the test's source
    /// file, found through <see cref="CallerFilePathAttribute"/> (so it is the source tree, not <c>bin/</c>). The test
    /// class name is the source file's name, which the repository's one-class-per-file rule makes the same thing.
    /// </para>
    /// <para>
    /// Both sides are compared after normalising line endings to <c>\n</c> and replacing the version in
    /// <c>GeneratedCode("DerivGen", "...")</c> with <c>%VERSION%</c>, so a version bump does not touch every snapshot.
    /// On a mismatch or a missing snapshot, the actual text is written to <c>*.received.{ext}</c> beside it and the assertion
    /// fails with the first differing lines and both paths. On a match, a stale <c>*.received.{ext}</c> is deleted.
    /// </para>
    /// <para>
    /// With the environment variable <c>DERIVGEN_ACCEPT_SNAPSHOTS=1</c> the received text overwrites the verified file and
    /// the assertion passes (Verify's <c>AutoVerify()</c>). That is refused when <c>CI=true</c>: CI only ever compares.
    /// </para>
    /// <para>
    /// This file depends on nothing else in the test infrastructure: DerivGen.IntegrationTests links it as source.
    /// </para>
    /// </remarks>
    public static class SnapshotAssert
    {
        /// <summary>The environment variable that turns on accepting received text as the new snapshot.</summary>
        public const string AcceptVariable = "DERIVGEN_ACCEPT_SNAPSHOTS";

        /// <summary>The first line of a generated-source snapshot: <c>//HintName: {hint}</c> (Verify.SourceGenerators).</summary>
        public const string HintNamePrefix = "//HintName: ";

        /// <summary>How many lines of each side the failure message shows from the first difference on.</summary>
        private const int ShownLines = 6;

        private static readonly Regex GeneratedCodeVersion = new(
            @"(GeneratedCode(?:Attribute)?\(\s*""DerivGen""\s*,\s*"")[^""]*("")",
            RegexOptions.CultureInvariant);

        /// <summary>Asserts that <paramref name="actual"/> equals the test's verified snapshot.</summary>
        /// <param name="actual">The text to compare.</param>
        /// <param name="extension">The snapshot's file extension, without the dot.</param>
        /// <param name="caseName">Distinguishes several snapshots of one test method (file suffix <c>_{case}</c>).</param>
        /// <param name="sourceFile">Filled in by the compiler: the test's source file.</param>
        /// <param name="testMethod">Filled in by the compiler: the test method.</param>
        public static void Matches(
            string actual,
            string extension = "cs",
            string? caseName = null,
            [CallerFilePath] string sourceFile = "",
            [CallerMemberName] string testMethod = "")
        {
            string baseName = BaseName(sourceFile, testMethod, caseName);
            MatchesFile(actual, baseName, extension);
        }

        /// <summary>
        /// Asserts that one generated source equals its snapshot, whose first line is <c>//HintName: {hintName}</c>.
        /// </summary>
        public static void MatchesGeneratedSource(
            string hintName,
            string sourceText,
            string? caseName = null,
            [CallerFilePath] string sourceFile = "",
            [CallerMemberName] string testMethod = "")
        {
            string baseName = BaseName(sourceFile, testMethod, caseName);
            MatchesFile(WithHintName(hintName, sourceText), baseName, "cs");
        }

        /// <summary>
        /// Asserts that a run's generated sources equal their snapshots. One source is stored as
        /// <c>{base}.verified.cs</c>; several are numbered in hint-name order, <c>{base}.00.verified.cs</c>,
        /// <c>{base}.01.verified.cs</c>, ... (Verify.SourceGenerators).
        /// </summary>
        public static void MatchesGeneratedSources(
            IReadOnlyList<KeyValuePair<string, string>> hintNamesAndTexts,
            string? caseName = null,
            [CallerFilePath] string sourceFile = "",
            [CallerMemberName] string testMethod = "")
        {
            ArgumentNullException.ThrowIfNull(hintNamesAndTexts);
            if (hintNamesAndTexts.Count == 0)
            {
                Assert.Fail("The generator produced no source to compare with a snapshot.");
            }

            string baseName = BaseName(sourceFile, testMethod, caseName);
            if (hintNamesAndTexts.Count == 1)
            {
                MatchesFile(WithHintName(hintNamesAndTexts[0].Key, hintNamesAndTexts[0].Value), baseName, "cs");
                return;
            }

            var ordered = new List<KeyValuePair<string, string>>(hintNamesAndTexts);
            ordered.Sort((x, y) => StringComparer.Ordinal.Compare(x.Key, y.Key));
            var failures = new List<string>();
            for (int i = 0; i < ordered.Count; i++)
            {
                string numbered = baseName + "." + i.ToString("00", CultureInfo.InvariantCulture);
                string? failure = Compare(WithHintName(ordered[i].Key, ordered[i].Value), numbered, "cs");
                if (failure is not null)
                {
                    failures.Add(failure);
                }
            }

            if (failures.Count > 0)
            {
                Assert.Fail(string.Join("\n\n", failures));
            }
        }

        /// <summary>Normalises text the way snapshots are compared: <c>\n</c> line endings and a scrubbed version.</summary>
        public static string Normalize(string text)
        {
            ArgumentNullException.ThrowIfNull(text);
            string lf = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
            return GeneratedCodeVersion.Replace(lf, "${1}%VERSION%${2}");
        }

        private static string WithHintName(string hintName, string sourceText) =>
            HintNamePrefix + hintName + "\n" + sourceText;

        private static string BaseName(string sourceFile, string testMethod, string? caseName)
        {
            if (string.IsNullOrEmpty(sourceFile) || string.IsNullOrEmpty(testMethod))
            {
                throw new ArgumentException("SnapshotAssert needs the caller's file path and member name.");
            }

            string? folder = Path.GetDirectoryName(sourceFile);
            if (folder is null || !Directory.Exists(folder))
            {
                Assert.Fail(
                    $"The test source folder '{folder}' (from [CallerFilePath] '{sourceFile}') does not exist on this machine, " +
                    "so the snapshots cannot be found. Was the build path-mapped (PathMap, ContinuousIntegrationBuild)?");
            }

            string testClass = Path.GetFileNameWithoutExtension(sourceFile);
            string name = testClass + "." + testMethod + (string.IsNullOrEmpty(caseName) ? string.Empty : "_" + caseName);
            return Path.Combine(folder!, "Snapshots", name);
        }

        private static void MatchesFile(string actual, string baseName, string extension)
        {
            string? failure = Compare(actual, baseName, extension);
            if (failure is not null)
            {
                Assert.Fail(failure);
            }
        }

        /// <summary>Compares, writes or deletes the received file, and returns a failure message or null.</summary>
        private static string? Compare(string actual, string baseName, string extension)
        {
            string verifiedPath = baseName + ".verified." + extension;
            string receivedPath = baseName + ".received." + extension;
            string received = Normalize(actual);
            string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath, Encoding.UTF8)) : null;

            if (verified is not null && string.Equals(verified, received, StringComparison.Ordinal))
            {
                DeleteIfExists(receivedPath);
                return null;
            }

            if (string.Equals(Environment.GetEnvironmentVariable(AcceptVariable), "1", StringComparison.Ordinal))
            {
                if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    return $"{AcceptVariable}=1 is refused when CI=true: CI compares snapshots, it never accepts them. " +
                        $"Snapshot: {verifiedPath}";
                }

                Directory.CreateDirectory(Path.GetDirectoryName(verifiedPath)!);
                WriteText(verifiedPath, received);
                DeleteIfExists(receivedPath);
                return null;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(receivedPath)!);
            WriteText(receivedPath, received);

            var message = new StringBuilder();
            if (verified is null)
            {
                message.Append("No verified snapshot exists yet.\n");
            }
            else
            {
                message.Append("The text differs from the verified snapshot.\n");
                AppendFirstDifference(message, verified, received);
            }

            message.Append("  verified file: ").Append(verifiedPath).Append('\n');
            message.Append("  received file: ").Append(receivedPath).Append('\n');
            message.Append("Compare the two files; if the received text is right, copy it over the verified file, or rerun with ")
                .Append(AcceptVariable).Append("=1 (refused when CI=true).");
            return message.ToString();
        }

        private static void AppendFirstDifference(StringBuilder message, string verified, string received)
        {
            string[] expectedLines = verified.Split('\n');
            string[] actualLines = received.Split('\n');
            int first = 0;
            while (first < expectedLines.Length && first < actualLines.Length &&
                string.Equals(expectedLines[first], actualLines[first], StringComparison.Ordinal))
            {
                first++;
            }

            message.Append("First difference at line ").Append((first + 1).ToString(CultureInfo.InvariantCulture))
                .Append(" (verified has ").Append(expectedLines.Length.ToString(CultureInfo.InvariantCulture))
                .Append(" lines, received has ").Append(actualLines.Length.ToString(CultureInfo.InvariantCulture))
                .Append(").\n");
            AppendLines(message, "verified text", expectedLines, first);
            AppendLines(message, "received text", actualLines, first);
        }

        private static void AppendLines(StringBuilder message, string label, string[] lines, int first)
        {
            message.Append("  ").Append(label).Append(":\n");
            if (first >= lines.Length)
            {
                message.Append("    (end of file)\n");
                return;
            }

            int end = Math.Min(lines.Length, first + ShownLines);
            for (int i = first; i < end; i++)
            {
                message.Append("    ").Append((i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(5))
                    .Append(" | ").Append(lines[i]).Append('\n');
            }
        }

        private static void WriteText(string path, string text) =>
            File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        private static void DeleteIfExists(string path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }
}
