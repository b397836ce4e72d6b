using System.Globalization;
using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>The C# spelling of everything that depends on the precision: type names, literals, the math class.</summary>
    internal sealed class ScalarType
    {
        public static readonly ScalarType Double = new("double", "global::System.Math", "global::System.Double", string.Empty);
        // Not System.MathF: it does not exist in netstandard2.0 or .NET Framework. The runtime's SingleMath forwards to
        // MathF where it exists and is inlined, so the generated code is the same on every target.
        public static readonly ScalarType Single = new("float", "global::DerivGen.SingleMath", "global::System.Single", "f");

        private readonly string _suffix;
        private readonly string _typeName;

        private ScalarType(string name, string math, string typeName, string suffix)
        {
            Name = name;
            Math = math;
            _typeName = typeName;
            _suffix = suffix;
        }

        public static ScalarType Of(PrecisionKind precision) => precision == PrecisionKind.Single ? Single : Double;

        /// <summary><c>double</c> or <c>float</c>.</summary>
        public string Name { get; }

        /// <summary>The class with Exp, Log, Tanh, Abs, Max and Min for this type.</summary>
        public string Math { get; }

        public string Span => $"global::System.Span<{Name}>";

        public string ReadOnlySpan => $"global::System.ReadOnlySpan<{Name}>";

        /// <summary>A literal of this type whose value is <paramref name="value"/> rounded to the type.</summary>
        public string Literal(double value)
        {
            if (_suffix.Length == 0)
            {
                return Numbers.Literal(value);
            }

            var single = (float)value;
            if (float.IsNaN(single))
            {
                return $"{_typeName}.NaN";
            }

            if (float.IsInfinity(single))
            {
                return single > 0 ? $"{_typeName}.PositiveInfinity" : $"{_typeName}.NegativeInfinity";
            }

            return single.ToString("R", CultureInfo.InvariantCulture) + _suffix;
        }
    }
}
