using System.Linq;
using System.Text.RegularExpressions;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// BackwardBatch on looped networks takes its rows in blocks whose z1, dL/dz and a_prev rows live in stack buffers. A
    /// narrow network gets blocks of 16 rows; a wide one fewer rows per block, so that the buffers pass 64 KiB only where
    /// one row's do (which the single-sample methods take on the stack as well): 16 rows of a 4096-unit layer's buffers in
    /// double would be 1.5 MiB, more than the whole stack of many threads.
    /// </summary>
    public sealed class BatchBlockSizeTests
    {
        private const int MostBlockBytes = 64 * 1024;

        [Theory]
        [InlineData("double", 64, 16)]
        [InlineData("float", 64, 16)]
        [InlineData("double", 4096, 1)]
        [InlineData("float", 4096, 1)]
        [InlineData("double", 1000, 2)]
        [InlineData("float", 1000, 5)]
        public void BlocksHoldAtMost16RowsAndAtMost64KiB(string scalar, int units, int expectedRows)
        {
            string precision = scalar == "float" ? "Precision.Single" : "Precision.Double";
            GeneratorRun run = GeneratorHarness.Run($$"""
                using DerivGen;

                [Network(8, Precision = {{precision}}, Methods = NetworkMethods.Batches, UnrollLimit = 1)]
                [Dense({{units}}, Activation.ReLU)]
                [Dense(1)]
                public partial class WideNet { }
                """);
            Assert.Null(run.Exception);
            string text = run.Source("WideNet.DerivGen.g.cs").Text;
            int start = text.IndexOf("BackwardBatch(", System.StringComparison.Ordinal);
            string body = text.Substring(start, text.IndexOf("return loss;", start, System.StringComparison.Ordinal) - start);

            int rows = int.Parse(Regex.Match(body, @"global::System\.Math\.Min\((\d+), rows - first\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            int elements = Regex.Matches(body, @"stackalloc " + scalar + @"\[(\d+)\]")
                .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            int bytes = elements * (scalar == "float" ? sizeof(float) : sizeof(double));

            // Both layers are looped (UnrollLimit = 1). Per row: z1 and dL/dz1 (units each), and for layer 2 a1 (units) and dL/dz2 (1).
            int rowBytes = ((3 * units) + 1) * (scalar == "float" ? sizeof(float) : sizeof(double));
            Assert.Equal(expectedRows, rows);
            Assert.Equal(rows * rowBytes, bytes);
            Assert.True(bytes <= System.Math.Max(MostBlockBytes, rowBytes), $"{bytes} bytes of block buffers");
        }
    }
}
