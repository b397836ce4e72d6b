using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The generated text itself, compared with committed snapshots in Snapshots/. A change to the emitter shows up here
    /// as a readable diff; accept it with DERIVGEN_ACCEPT_SNAPSHOTS=1 after reading the received file.
    /// </summary>
    public sealed class GeneratedSourceSnapshotTests
    {
        [Fact]
        public void TinyNet()
        {
            GeneratorRun run = GeneratorHarness.Run(TestNetworks.TinyNet);

            Assert.Null(run.Exception);
            Assert.Empty(run.GeneratorDiagnostics);
            GeneratedFile file = Assert.Single(run.Sources);
            Assert.Equal(TestNetworks.TinyNetHintName, file.HintName);
            SnapshotAssert.MatchesGeneratedSource(file.HintName, file.Text);
        }
    }
}
