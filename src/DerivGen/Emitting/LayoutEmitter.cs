using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Writes the members that name parts of the flat vectors: the parameter <c>Layout</c>, the <c>Trace</c> view of
    /// the intermediates, and the instance form with its named parameter views (W1, b1, …).
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

        public static void WriteTrace(SourceWriter w, NetworkSpec spec, string generatedCode)
        {
            w.Line("/// <summary>");
            w.Line("/// A view of a trace buffer filled by Backward: for each layer, its pre-activations z, activations a = f(z),");
            w.Line("/// and the adjoints dL/da and dL/dz. Reading it allocates nothing.");
            w.Line("/// </summary>");
            w.Line(generatedCode);
            w.Open("public readonly ref struct Trace");
            w.Line("private readonly global::System.Span<double> _values;");
            w.Line();
            w.Line("/// <summary>Views <paramref name=\"values\"/>, which must have length <see cref=\"TraceLength\"/>.</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"values\"/> does not have length <see cref=\"TraceLength\"/>.</exception>");
            w.Open("public Trace(global::System.Span<double> values)");
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
                    w.Line($"public global::System.ReadOnlySpan<double> {name} => _values.Slice({Numbers.Int(offset)}, {Numbers.Int(units)});");
                    offset += units;
                }
            }

            w.Close();
            w.Line();
        }

        public static void WriteInstanceForm(SourceWriter w, NetworkSpec spec, string generatedCode)
        {
            w.Line("/// <summary>This instance's parameters θ, of length <see cref=\"ParameterCount\"/>, laid out as <see cref=\"Layout\"/> describes.</summary>");
            if (spec.Keyword is "struct" or "record struct")
            {
                // A struct's default value has no array, and a struct field initializer would need a declared constructor:
                // the array is made on first use instead. Copies of the struct share it.
                w.Line("/// <remarks>Allocated on first use; copies of this struct share the same array.</remarks>");
                w.Line(generatedCode);
                w.Line("public double[] Parameters => __parameters ??= new double[ParameterCount];");
                w.Line();
                w.Line("private double[]? __parameters;");
            }
            else
            {
                w.Line(generatedCode);
                w.Line("public double[] Parameters { get; } = new double[ParameterCount];");
            }

            w.Line();
            for (int l = 0; l < spec.Layers.Count; l++)
            {
                int number = l + 1;
                w.Line($"/// <summary>W{number} of this instance: a view into <see cref=\"Parameters\"/>, row-major (units × inputs).</summary>");
                w.Line(generatedCode);
                w.Line($"public global::System.Span<double> W{number} => new global::System.Span<double>(Parameters, Layout.W{number}, Layout.W{number}Length);");
                w.Line();
                w.Line($"/// <summary>b{number} of this instance: a view into <see cref=\"Parameters\"/>.</summary>");
                w.Line(generatedCode);
                w.Line($"public global::System.Span<double> b{number} => new global::System.Span<double>(Parameters, Layout.b{number}, Layout.b{number}Length);");
                w.Line();
            }

            const string ros = "global::System.ReadOnlySpan<double>";
            const string span = "global::System.Span<double>";
            InstanceMethod(w, generatedCode, "void", "Forward", $"{ros} input, {span} output", "input, output");
            InstanceMethod(w, generatedCode, "double", "Loss", $"{ros} input, {ros} target", "input, target");
            InstanceMethod(w, generatedCode, "double", "Backward", $"{ros} input, {ros} target, {span} gradient", "input, target, gradient");
            InstanceMethod(w, generatedCode, "double", "Backward", $"{ros} input, {ros} target, {span} gradient, {span} trace", "input, target, gradient, trace");
        }

        private static void InstanceMethod(SourceWriter w, string generatedCode, string returns, string name, string parameters, string arguments)
        {
            w.Line($"/// <inheritdoc cref=\"{name}({CrefParameters(parameters, withParameters: true)})\"/>");
            w.Line("/// <remarks>Uses this instance's <see cref=\"Parameters\"/>.</remarks>");
            w.Line(generatedCode);
            w.Line($"public {returns} {name}({parameters}) => {name}(Parameters, {arguments});");
            w.Line();
        }

        /// <summary>The parameter-type list of the static overload, for a cref.</summary>
        private static string CrefParameters(string parameters, bool withParameters)
        {
            var types = new System.Collections.Generic.List<string>();
            if (withParameters)
            {
                types.Add("global::System.ReadOnlySpan{double}");
            }

            foreach (var parameter in parameters.Split(','))
            {
                var type = parameter.Trim().Split(' ')[0];
                types.Add(type.Replace("<double>", "{double}"));
            }

            return string.Join(", ", types);
        }
    }
}
