using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Writes the members that name parts of the flat vectors: the parameter <c>Layout</c> and the <c>Trace</c> view of
    /// the intermediates.
    /// </summary>
    internal static class LayoutEmitter
    {
        public static int TraceLength(NetworkSpec spec)
        {
            int length = 0;
            foreach (var layer in spec.Layers)
            {
                length += 4 * layer.Units;
            }

            return length;
        }

        public static void WriteLayout(SourceWriter w, NetworkSpec spec, string generatedCode)
        {
            w.Line("/// <summary>Where each layer's W (row-major, units × inputs) and b start in a parameter or gradient vector, and their lengths.</summary>");
            w.Line(generatedCode);
            w.Open("public static class Layout");
            for (int l = 0; l < spec.Layers.Count; l++)
            {
                int number = l + 1;
                int units = spec.Layers[l].Units;
                int inputs = spec.InputsOf(l);
                int offset = spec.ParameterOffsetOf(l);
                Offset(w, $"W{number}", offset, units * inputs, $"W{number}: {units} × {inputs}, row-major; W{number}[i, j] joins input j to unit i");
                Offset(w, $"b{number}", offset + (units * inputs), units, $"b{number}: {units} bias{(units == 1 ? string.Empty : "es")}");
            }

            w.Close();
            w.Line();
        }

        private static void Offset(SourceWriter w, string name, int offset, int length, string what)
        {
            if (name != "W1")
            {
                w.Line();
            }

            w.Line($"/// <summary>Start of {NetworkEmitter.Xml(what)}.</summary>");
            w.Line($"public const int {name} = {Numbers.Int(offset)};");
            w.Line();
            w.Line($"/// <summary>Length of {name}.</summary>");
            w.Line($"public const int {name}Length = {Numbers.Int(length)};");
        }

        public static void WriteTrace(SourceWriter w, NetworkSpec spec, ScalarType scalar, string generatedCode)
        {
            w.Line("/// <summary>");
            w.Line("/// A view of a trace buffer filled by Backward: for each layer, its pre-activations z, activations a = f(z),");
            w.Line("/// and the adjoints dL/da and dL/dz. Reading it allocates nothing.");
            w.Line("/// </summary>");
            w.Line(generatedCode);
            w.Open("public readonly ref struct Trace");
            w.Line($"private readonly {scalar.Span} _values;");
            w.Line();
            w.Line("/// <summary>Views <paramref name=\"values\"/>, which must have length <see cref=\"TraceLength\"/>.</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"values\"/> does not have length <see cref=\"TraceLength\"/>.</exception>");
            w.Open($"public Trace({scalar.Span} values)");
            w.Line("if (values.Length != TraceLength) throw LengthMismatch(nameof(values), TraceLength, values.Length);");
            w.Line("_values = values;");
            w.Close();
            int offset = 0;
            for (int l = 0; l < spec.Layers.Count; l++)
            {
                int number = l + 1;
                int units = spec.Layers[l].Units;
                foreach (var (name, what) in new[]
                {
                    ($"Z{number}", $"z{number} = W{number}·a{number - 1} + b{number}, the pre-activations of layer {number}"),
                    ($"A{number}", $"a{number} = f(z{number}), the activations of layer {number}"),
                    ($"dA{number}", $"dL/da{number}"),
                    ($"dZ{number}", $"dL/dz{number}"),
                })
                {
                    w.Line();
                    w.Line($"/// <summary>{NetworkEmitter.Xml(what)}.</summary>");
                    w.Line($"public {scalar.ReadOnlySpan} {name} => _values.Slice({Numbers.Int(offset)}, {Numbers.Int(units)});");
                    offset += units;
                }
            }

            w.Close();
            w.Line();
        }
    }
}
