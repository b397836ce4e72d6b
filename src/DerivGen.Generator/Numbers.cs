using System.Globalization;

namespace DerivGen
{
    /// <summary>Culture-independent number text: the generated code must not depend on the build machine's locale.</summary>
    internal static class Numbers
    {
        /// <summary>A C# double literal that parses back to exactly <paramref name="value"/>.</summary>
        public static string Literal(double value)
        {
            if (double.IsNaN(value))
            {
                return "global::System.Double.NaN";
            }

            if (double.IsPositiveInfinity(value))
            {
                return "global::System.Double.PositiveInfinity";
            }

            if (double.IsNegativeInfinity(value))
            {
                return "global::System.Double.NegativeInfinity";
            }

            var text = Short(value);
            return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
        }

        /// <summary>The shortest text that round-trips (older runtimes' "R" can fail to; then 17 digits are used).</summary>
        public static string Short(double value)
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value && !double.IsNaN(value))
            {
                text = value.ToString("G17", CultureInfo.InvariantCulture);
            }

            return text;
        }

        public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
