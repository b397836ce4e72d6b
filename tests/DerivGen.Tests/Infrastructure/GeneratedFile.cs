namespace DerivGen.Tests.Infrastructure
{
    /// <summary>One source file a generator run added: its hint name and its text.</summary>
    internal sealed record GeneratedFile(string HintName, string Text);
}
