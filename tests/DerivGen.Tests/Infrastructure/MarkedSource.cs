using System;
using Microsoft.CodeAnalysis.Text;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>
    /// Source text with one span marked <c>[|like this|]</c> (Roslyn's test markup): the markers are removed and the span
    /// of the marked text is kept, so a test can say exactly where a diagnostic belongs.
    /// </summary>
    internal sealed record MarkedSource(string Text, TextSpan Span)
    {
        private const string Open = "[|";
        private const string Close = "|]";

        /// <summary>Removes the one pair of markers from <paramref name="markup"/>.</summary>
        public static MarkedSource Parse(string markup)
        {
            ArgumentNullException.ThrowIfNull(markup);
            int open = markup.IndexOf(Open, StringComparison.Ordinal);
            int close = markup.IndexOf(Close, StringComparison.Ordinal);
            if (open < 0 || close < open || markup.IndexOf(Open, open + 1, StringComparison.Ordinal) >= 0)
            {
                throw new ArgumentException("The markup needs exactly one [|...|] span.", nameof(markup));
            }

            string text = markup.Remove(close, Close.Length).Remove(open, Open.Length);
            return new MarkedSource(text, TextSpan.FromBounds(open, close - Open.Length));
        }

        /// <summary>The marked text.</summary>
        public string MarkedText => Text.Substring(Span.Start, Span.Length);
    }
}
