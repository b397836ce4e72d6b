using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DerivGen.Lowering;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Writes <c>{Name}Gradient</c> of a [Differentiable] method: the original parameters, one <c>out</c> partial per
    /// differentiable parameter, the value returned; straight-line code with each statement under its math comment.
    /// </summary>
    internal static class FunctionEmitter
    {
        internal static readonly string GeneratedCode =
            $"[global::System.CodeDom.Compiler.GeneratedCodeAttribute(\"DerivGen\", \"{typeof(FunctionEmitter).Assembly.GetName().Version}\")]";

        /// <summary>The name of the <c>out</c> partial of a parameter: <c>d</c> and the parameter's name (without a keyword's '@').</summary>
        public static string OutName(string parameter) => "d" + parameter.TrimStart('@');

        /// <summary>The method's text, indented for the type <see cref="WriteFile"/> re-opens.</summary>
        public static string EmitMethod(DifferentiatedFunction differentiated, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var function = differentiated.Function;
            var scalar = ScalarType.Of(function.Precision);
            var parameters = function.Parameters.Select(p => p.Name).ToArray();
            var differentiable = function.Parameters.Where(p => !p.NoDerivative).ToArray();
            var mathName = function.Name.TrimStart('@');

            var w = new SourceWriter();
            w.Line($"/// <summary>");
            w.Line($"/// <see cref=\"{function.Name}\"/> and its exact gradient, derived symbolically by DerivGen: the value is returned and");
            w.Line("/// each <c>out</c> parameter receives the partial derivative with respect to the parameter of the same name.");
            w.Line("/// </summary>");
            foreach (var parameter in function.Parameters)
            {
                var held = parameter.NoDerivative ? " (held constant: [NoDerivative])" : string.Empty;
                w.Line($"/// <param name=\"{parameter.Name.TrimStart('@')}\">The argument {parameter.Name.TrimStart('@')}{held}.</param>");
            }

            foreach (var parameter in differentiable)
            {
                var name = parameter.Name.TrimStart('@');
                w.Line($"/// <param name=\"{OutName(parameter.Name)}\">∂{NetworkEmitter.Xml(mathName)}/∂{name}.</param>");
            }

            w.Line($"/// <returns>{NetworkEmitter.Xml(mathName)}({string.Join(", ", parameters.Select(p => p.TrimStart('@')))}).</returns>");
            // The user's own comparison of a value with itself (x == x is false only for NaN) is kept as written; C# would
            // warn about it in the generated method as it does in theirs.
            bool selfComparison = HasSelfComparison(differentiated.Graph);
            if (selfComparison)
            {
                w.Line("#pragma warning disable CS1718 // Comparison made to same variable: as the method's own code compares");
            }

            w.Line(GeneratedCode);
            var signature = function.Parameters.Select(p => $"{scalar.Name} {p.Name}")
                .Concat(differentiable.Select(p => $"out {scalar.Name} {OutName(p.Name)}"));
            w.Open($"public static {scalar.Name} {function.Name}Gradient({string.Join(", ", signature)})");

            // Parameters and outs are in scope: no generated local may take their names.
            var names = new NameAllocator(parameters.Concat(differentiable.Select(p => OutName(p.Name))));
            // Parameters (differentiable ones are Parameter leaves, [NoDerivative] ones Input leaves) print as the user named them.
            var mathNames = parameters.Select(p => p.TrimStart('@')).ToArray();
            var leaves = new LeafNames(mathNames, i => parameters[i], i => mathNames[i], i => parameters[i]);
            var stores = new List<Store>();
            for (int i = 0; i < function.Parameters.Count; i++)
            {
                if (differentiated.Gradient[i] is { } partial)
                {
                    var parameter = function.Parameters[i].Name;
                    stores.Add(new Store(OutName(parameter), partial, $"d{mathName}/d{parameter.TrimStart('@')}"));
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

        /// <summary>
        /// Whether the graph compares a value with itself, as the user's own code may (x == x is false only for NaN); the
        /// generated method then disables the warning C# gives for it, as it does in theirs.
        /// </summary>
        internal static bool HasSelfComparison(ExpressionGraph graph) =>
            graph.Nodes.Any(n => n.IsBoolean && n.Arguments.Length == 2 && n.Arguments[0] == n.Arguments[1]);

        /// <summary>
        /// The file of one type: the namespace and containing types re-opened, then every method's gradient, in the order of
        /// their keys.
        /// </summary>
        public static string WriteFile(FunctionTypeSpec type, IEnumerable<string> methods, TargetFacts target)
        {
            var w = new SourceWriter();
            GeneratedFileHeader.Write(w, target);
            if (type.Namespace.Length > 0)
            {
                w.Open($"namespace {type.Namespace}");
            }

            foreach (var container in type.ContainingTypes)
            {
                w.Open($"partial {container.Keyword} {container.Name}");
            }

            w.Open($"partial {type.Keyword} {type.Name}");
            var first = true;
            foreach (var method in methods)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                foreach (var line in method.TrimEnd('\n', '\r').Split('\n'))
                {
                    w.Line(line.TrimEnd('\r'));
                }
            }

            w.Close();
            foreach (var _ in type.ContainingTypes)
            {
                w.Close();
            }

            if (type.Namespace.Length > 0)
            {
                w.Close();
            }

            return w.ToString();
        }
    }
}
