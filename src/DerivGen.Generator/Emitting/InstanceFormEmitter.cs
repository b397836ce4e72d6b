using System.Collections.Generic;
using System.Linq;
using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>
    /// The instance form: a parameter array the instance owns, named views into it in the seeds' notation (W1, b1, …),
    /// and an overload of every static method that uses it.
    /// </summary>
    internal static class InstanceFormEmitter
    {
        public static void Write(SourceWriter w, NetworkSpec spec, ScalarType scalar, TargetFacts target, IEnumerable<ApiMethod> methods, string generatedCode)
        {
            w.Line("/// <summary>This instance's parameters θ, of length <see cref=\"ParameterCount\"/>, laid out as <see cref=\"Layout\"/> describes.</summary>");
            if (spec.Keyword is "struct" or "record struct")
            {
                // A struct's default value has no array, and a struct field initializer would need a declared constructor:
                // the array is made on first use instead. Copies of the struct share it.
                w.Line("/// <remarks>Allocated on first use; copies of this struct share the same array.</remarks>");
                w.Line(generatedCode);
                w.Line(target.HasNullCoalescingAssignment
                    ? $"public {scalar.Name}[] Parameters => __parameters ??= new {scalar.Name}[ParameterCount];"
                    : $"public {scalar.Name}[] Parameters => __parameters ?? (__parameters = new {scalar.Name}[ParameterCount]);");
                w.Line();
                w.Line(target.HasNullableReferenceTypes ? $"private {scalar.Name}[]? __parameters;" : $"private {scalar.Name}[] __parameters;");
            }
            else
            {
                w.Line(generatedCode);
                w.Line($"public {scalar.Name}[] Parameters {{ get; }} = new {scalar.Name}[ParameterCount];");
            }

            w.Line();
            for (int l = 0; l < spec.Layers.Count; l++)
            {
                int number = l + 1;
                View(w, scalar, generatedCode, $"W{number}", $"W{number} of this instance: a view into <see cref=\"Parameters\"/>, row-major (units × inputs).");
                View(w, scalar, generatedCode, $"b{number}", $"b{number} of this instance: a view into <see cref=\"Parameters\"/>.");
            }

            foreach (var method in methods.Where(m => m.IsPublic))
            {
                w.Line($"/// <inheritdoc cref=\"{method.Name}({method.CrefTypes})\"/>");
                w.Line("/// <remarks>Uses this instance's <see cref=\"Parameters\"/>.</remarks>");
                w.Line(generatedCode);
                w.Line($"public {method.Returns} {method.Name}({method.Signature(withParameters: false)}) => {method.Name}(Parameters, {method.Arguments(withParameters: false)});");
                w.Line();
            }
        }

        private static void View(SourceWriter w, ScalarType scalar, string generatedCode, string name, string summary)
        {
            w.Line($"/// <summary>{summary}</summary>");
            w.Line(generatedCode);
            w.Line($"public {scalar.Span} {name} => new {scalar.Span}(Parameters, Layout.{name}, Layout.{name}Length);");
            w.Line();
        }
    }
}
