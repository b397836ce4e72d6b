using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DerivGen.Lowering;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Writes <c>{Name}Hessian</c> of an Order = 2 method: the original parameters, a gradient span and an n × n row-major
    /// Hessian span over the n differentiable parameters, the value returned; straight-line code as in <c>{Name}Gradient</c>.
    /// </summary>
    internal static class HessianEmitter
    {
        /// <summary>The method's text, indented for the type <see cref="FunctionEmitter.WriteFile"/> re-opens.</summary>
        public static string EmitMethod(DifferentiatedHessian differentiated, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var function = differentiated.Function;
            var scalar = ScalarType.Of(function.Precision);
            var parameters = function.Parameters.Select(p => p.Name).ToArray();
            var mathNames = parameters.Select(p => p.TrimStart('@')).ToArray();
            var rows = differentiated.Differentiable;
            int n = rows.Count;
            var mathName = NetworkEmitter.Xml(function.Name.TrimStart('@'));

            // The spans keep their documented names unless a user parameter has taken one.
            var names = new NameAllocator(parameters);
            var gradient = names.Reserve("gradient");
            var hessian = names.Reserve("hessian");
            var variables = string.Join(", ", rows.Select(i => mathNames[i]));

            var w = new SourceWriter();
            w.Line("/// <summary>");
            w.Line($"/// <see cref=\"{function.Name}\"/>, its exact gradient and its exact Hessian, derived symbolically by DerivGen, with respect to");
            w.Line($"/// ({variables}) in that order: the value is returned, <paramref name=\"{gradient}\"/>[i] receives ∂{mathName}/∂pᵢ and");
            w.Line($"/// <paramref name=\"{hessian}\"/>[i * {Numbers.Int(n)} + j] receives ∂²{mathName}/∂pᵢ∂pⱼ (row-major, symmetric).");
            w.Line("/// </summary>");
            w.Line("/// <remarks>");
            w.Line("/// Forward-over-reverse: the gradient by reverse mode, then one forward (tangent) pass over it per parameter. Only");
            w.Line("/// the upper triangle is computed; each entry below the diagonal is assigned its mirror's value, so the matrix is");
            w.Line("/// exactly symmetric.");
            if (rows.Count < parameters.Length)
            {
                w.Line("/// [NoDerivative] parameters are constants: they have no row or column.");
            }

            w.Line("/// </remarks>");
            foreach (var parameter in function.Parameters)
            {
                var held = parameter.NoDerivative ? " (held constant: [NoDerivative])" : string.Empty;
                w.Line($"/// <param name=\"{parameter.Name.TrimStart('@')}\">The argument {parameter.Name.TrimStart('@')}{held}.</param>");
            }

            w.Line($"/// <param name=\"{gradient}\">Receives the {Numbers.Int(n)} partial derivatives.</param>");
            w.Line($"/// <param name=\"{hessian}\">Receives the {Numbers.Int(n)} × {Numbers.Int(n)} second partial derivatives, row-major.</param>");
            w.Line($"/// <returns>{mathName}({string.Join(", ", mathNames)}).</returns>");
            w.Line($"/// <exception cref=\"global::System.ArgumentException\">{gradient} does not have length {Numbers.Int(n)}, or {hessian} length {Numbers.Int(n * n)}.</exception>");
            bool selfComparison = FunctionEmitter.HasSelfComparison(differentiated.Graph);
            if (selfComparison)
            {
                w.Line("#pragma warning disable CS1718 // Comparison made to same variable: as the method's own code compares");
            }

            w.Line(FunctionEmitter.GeneratedCode);
            var signature = function.Parameters.Select(p => $"{scalar.Name} {p.Name}").Concat(new[] { $"{scalar.Span} {gradient}", $"{scalar.Span} {hessian}" });
            w.Open($"public static {scalar.Name} {function.Name}Hessian({string.Join(", ", signature)})");
            LengthCheck(w, gradient, n);
            LengthCheck(w, hessian, n * n);

            var leaves = new LeafNames(mathNames, i => parameters[i], i => mathNames[i], i => parameters[i]);
            var stores = new List<Store>();
            for (int i = 0; i < n; i++)
            {
                stores.Add(new Store($"{gradient}[{Numbers.Int(i)}]", differentiated.Gradient[i], $"∂{mathName}/∂{mathNames[rows[i]]}"));
            }

            // The entry below the diagonal is stored from the same node as its mirror: one local, two assignments.
            for (int i = 0; i < n; i++)
            {
                for (int j = i; j < n; j++)
                {
                    var entry = differentiated.Upper[i][j - i];
                    var label = i == j ? $"∂²{mathName}/∂{mathNames[rows[i]]}²" : $"∂²{mathName}/∂{mathNames[rows[i]]}∂{mathNames[rows[j]]}";
                    stores.Add(new Store($"{hessian}[{Numbers.Int((i * n) + j)}]", entry, label));
                    if (j != i)
                    {
                        stores.Add(new Store($"{hessian}[{Numbers.Int((j * n) + i)}]", entry, $"∂²{mathName}/∂{mathNames[rows[j]]}∂{mathNames[rows[i]]} (symmetric)"));
                    }
                }
            }

            BodyEmitter.Emit(w, differentiated.Graph, leaves, scalar, stores, differentiated.Value, keep: null, temporaryPrefix: "t", names);
            w.Close();
            if (selfComparison)
            {
                w.Line("#pragma warning restore CS1718");
            }

            return w.ToString();
        }

        private static void LengthCheck(SourceWriter w, string span, int length)
        {
            w.Open($"if ({span}.Length != {Numbers.Int(length)})");
            w.Line($"throw new global::System.ArgumentException(\"Expected a span of length {Numbers.Int(length)} but got \" + {span}.Length.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \".\", nameof({span}));");
            w.Close();
            w.Line();
        }
    }
}
