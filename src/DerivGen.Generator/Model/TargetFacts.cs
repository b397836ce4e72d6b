namespace DerivGen.Model
{
    /// <summary>
    /// What the consuming project allows the generated code to use, read from its parse options and combined with each
    /// network's model just before emitting, so that editing a network does not recompute these and editing anything
    /// else does not re-emit a network. Must stay immutable and equatable (numbers only).
    /// </summary>
    /// <param name="LanguageVersion">The effective C# version as Roslyn numbers it: 703 for 7.3, 800 for 8.0, 1200 for 12.</param>
    /// <param name="HasLaneMath">
    /// Whether the project references the runtime's <c>DerivGen.LaneMath</c>, which only its net8.0 build has: then the batch
    /// methods may run <c>Vector&lt;T&gt;</c> lanes (netstandard2.0 and .NET Framework consumers get the row-by-row form).
    /// </param>
    internal readonly record struct TargetFacts(int LanguageVersion, bool HasLaneMath = false)
    {
        /// <summary>The oldest C# version the generated code compiles under: netstandard2.0's and .NET Framework's default.</summary>
        public const int MinimumLanguageVersion = 703;

        /// <summary>C# 8: <c>#nullable</c>, <c>T?</c> on reference types and <c>??=</c>.</summary>
        private const int CSharp8 = 800;

        /// <summary>The newest C#: what the generated code is written for when nothing older is asked for.</summary>
        public static TargetFacts Latest { get; } = new(int.MaxValue);

        /// <summary>Whether <c>#nullable enable</c> and nullable annotations such as <c>float[]?</c> may be emitted.</summary>
        public bool HasNullableReferenceTypes => LanguageVersion >= CSharp8;

        /// <summary>Whether <c>x ??= y</c> may be emitted.</summary>
        public bool HasNullCoalescingAssignment => LanguageVersion >= CSharp8;
    }
}
