using System.Globalization;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// The C# spelling of everything that depends on what a value is: type names, literals, the math classes, and how a
    /// comparison or a choice is written. A value is a <c>double</c> or <c>float</c>, or a <c>Vector&lt;T&gt;</c> of them
    /// whose lanes are independent samples (<see cref="Lanes"/>): the same op table prints both.
    /// </summary>
    internal sealed class ScalarType
    {
        private const string Vector = "global::System.Numerics.Vector";
        private const string LaneMath = RuntimeClasses.LaneMath;

        public static readonly ScalarType Double = new("double", "global::System.Math", "global::System.Double", string.Empty, "long");
        // Not System.MathF: it does not exist in netstandard2.0 or .NET Framework. The runtime's SingleMath forwards to
        // MathF where it exists and is inlined, so the generated code is the same on every target.
        public static readonly ScalarType Single = new("float", "global::DerivGen.SingleMath", "global::System.Single", "f", "int");

        private readonly string _suffix;
        private readonly string _typeName;
        private readonly ScalarType? _lanes;

        private ScalarType(string name, string math, string typeName, string suffix, string maskElement)
        {
            Name = name;
            Math = math;
            PortableMath = "global::DerivGen.ScalarMath";
            BooleanName = "bool";
            _typeName = typeName;
            _suffix = suffix;
            Element = this;
            _lanes = new ScalarType(this, maskElement);
        }

        /// <summary>Vector&lt;T&gt; of <paramref name="element"/>: every function is LaneMath's, every mask a Vector of integers.</summary>
        private ScalarType(ScalarType element, string maskElement)
        {
            Name = $"{Vector}<{element.Name}>";
            Math = LaneMath;
            PortableMath = LaneMath;
            BooleanName = $"{Vector}<{maskElement}>";
            _typeName = element._typeName;
            _suffix = element._suffix;
            Element = element;
            IsLanes = true;
        }

        public static ScalarType Of(PrecisionKind precision) => precision == PrecisionKind.Single ? Single : Double;

        /// <summary><c>double</c> or <c>float</c>, or <c>Vector&lt;double&gt;</c> or <c>Vector&lt;float&gt;</c>.</summary>
        public string Name { get; }

        /// <summary>The class with Exp, Log, Tanh, Abs, Max and Min for this type.</summary>
        public string Math { get; }

        /// <summary>The class with the functions System.Math lacks or gets wrong (Log1p, Expm1, SechSquared, Cbrt, Clamp).</summary>
        public string PortableMath { get; }

        /// <summary>The type of a comparison's result: <c>bool</c>, or a lane mask (all bits set where true).</summary>
        public string BooleanName { get; }

        /// <summary>The scalar type of one sample: this type, or the type of each lane.</summary>
        public ScalarType Element { get; }

        /// <summary>Whether a value is a vector whose lanes are samples.</summary>
        public bool IsLanes { get; }

        /// <summary>
        /// The function for e^x with x ≤ 0 (σ's and softmax's exponentials): DerivGen's own in double (ScalarMath's, or
        /// LaneMath's vector twin with the same bits), the math class's Exp in float.
        /// </summary>
        public string ExpNonPositive => Element.Name == "double" ? $"{PortableMath}.ExpNonPositive" : $"{Math}.Exp";

        /// <summary>
        /// The vector type whose lanes are samples of this type. <c>Vector&lt;T&gt;</c>, not Vector128/256/512: its width is
        /// the one the JIT prefers on the machine (256 bits with AVX2, 128 on Arm64), fixed when the code is compiled, so one
        /// emitted body needs no branch per width, and its comparisons, selects and operators cover what the op table prints.
        /// </summary>
        public ScalarType Lanes => _lanes ?? this;

        public string Span => $"global::System.Span<{Name}>";

        public string ReadOnlySpan => $"global::System.ReadOnlySpan<{Name}>";

        /// <summary>A literal of this type whose value is <paramref name="value"/> rounded to the type.</summary>
        /// <remarks>For lanes, the value in every lane: <c>Vector&lt;T&gt;.Zero</c> and <c>.One</c> read best for 0 and 1.</remarks>
        public string Literal(double value) => !IsLanes ? ScalarLiteral(value)
            : global::System.BitConverter.DoubleToInt64Bits(value) == 0 ? $"{Name}.Zero"
            : value == 1 ? $"{Name}.One"
            : Broadcast(Element.Literal(value));

        /// <summary>For lanes, a vector with the scalar <paramref name="element"/> in every lane.</summary>
        public string Broadcast(string element) => $"new {Name}({element})";

        /// <summary><c>left symbol right</c> for a comparison or a logical connective; for lanes, the lane mask of it.</summary>
        public Printed Relation(Printed left, string symbol, int precedence, Printed right)
        {
            if (!IsLanes)
            {
                return new($"{left.Within(precedence)}{symbol}{right.Within(precedence + 1)}", precedence);
            }

            var call = symbol.Trim() switch
            {
                "<" => "LessThan",
                "<=" => "LessThanOrEqual",
                ">" => "GreaterThan",
                ">=" => "GreaterThanOrEqual",
                "==" or "!=" => "Equals",
                "&&" => "BitwiseAnd",
                _ => "BitwiseOr",
            };
            var mask = new Printed($"{Vector}.{call}({left.Text}, {right.Text})", Precedence.Primary);
            return symbol.Trim() == "!=" ? Not(mask) : mask;
        }

        /// <summary>The negation of a condition.</summary>
        public Printed Not(Printed condition) => IsLanes
            ? new($"{Vector}.OnesComplement({condition.Text})", Precedence.Primary)
            : new("!" + condition.Within(Precedence.Unary), Precedence.Unary);

        /// <summary>
        /// <c>condition ? whenTrue : whenFalse</c>; for lanes each lane takes its own arm: both arms are computed and the one
        /// not taken is discarded, except that an arm which is a call of a function LaneMath applies lane by lane (Exp,
        /// Log, Cosh, …) is called with the mask (<c>F(x, where: condition, otherwise: other arm)</c>), so that only
        /// the lanes that take it pay for the call, as only the rows that take it do in the scalar code.
        /// </summary>
        public Printed Choose(Printed condition, Printed whenTrue, Printed whenFalse)
        {
            if (!IsLanes)
            {
                return new($"{condition.Within(Precedence.Conditional + 1)} ? {whenTrue.Within(Precedence.Conditional + 1)} : {whenFalse.Within(Precedence.Conditional)}",
                    Precedence.Conditional);
            }

            if (IsLaneByLaneCall(whenTrue.Text))
            {
                return Masked(whenTrue.Text, condition, whenFalse);
            }

            return IsLaneByLaneCall(whenFalse.Text)
                ? Masked(whenFalse.Text, Not(condition), whenTrue)
                : new($"{Vector}.ConditionalSelect({condition.Text}, {whenTrue.Text}, {whenFalse.Text})", Precedence.Primary);
        }

        /// <summary>The functions LaneMath computes with one scalar call per lane (the rest are vector operations, cheap in every lane).</summary>
        private static readonly string[] LaneByLaneFunctions =
        {
            "Exp", "Log", "Log10", "Log1p", "Expm1", "Cbrt", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "LibraryTanh", "Atan2", "Pow",
        };

        private static Printed Masked(string call, Printed where, Printed otherwise) =>
            new($"{call.Substring(0, call.Length - 1)}, where: {where.Text}, otherwise: {otherwise.Text})", Precedence.Primary);

        /// <summary>Whether <paramref name="text"/> is one whole call <c>LaneMath.F(…)</c> of a lane-by-lane function.</summary>
        private static bool IsLaneByLaneCall(string text)
        {
            foreach (var function in LaneByLaneFunctions)
            {
                string callee = LaneMath + "." + function + "(";
                if (text.StartsWith(callee, System.StringComparison.Ordinal) && ClosingParenthesis(text, callee.Length - 1) == text.Length - 1)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The index of the parenthesis that closes the one at <paramref name="open"/>, or -1.</summary>
        private static int ClosingParenthesis(string text, int open)
        {
            int depth = 0;
            for (int i = open; i < text.Length; i++)
            {
                if (text[i] == '(')
                {
                    depth++;
                }
                else if (text[i] == ')' && --depth == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        private string ScalarLiteral(double value)
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
