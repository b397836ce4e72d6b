using System.Collections.Generic;
using System.Threading;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// The lowering step: a <see cref="NetworkSpec"/> as an expression graph (z = W·a_prev + b and a = f(z) for every
    /// unrolled layer, then the loss). When the first layers are looped (<see cref="NetworkSpec.LoopedLayerCount"/>), the
    /// graph starts at the last looped layer's z, whose values are its input leaves, and each looped layer with its own
    /// activation gets a one-unit graph. <see cref="NetworkDifferentiation"/> differentiates both.
    /// </summary>
    internal static class NetworkLowering
    {
        public static LoweredNetwork Lower(NetworkModel model, CancellationToken cancellationToken)
        {
            var spec = model.Spec;
            var functions = new Dictionary<string, ResolvedFunction>(System.StringComparer.Ordinal);
            foreach (var function in model.Functions)
            {
                functions[function.Function.Key] = function;
            }

            var g = new ExpressionGraph();
            var layerCount = spec.Layers.Count;
            var looped = spec.LoopedLayerCount;
            var boundary = looped - 1;
            var z = new Node[layerCount][];
            var a = new Node[layerCount][];
            var parameterNames = ParameterNames(spec);

            var previous = new Node[spec.Inputs];
            for (int j = 0; j < previous.Length; j++)
            {
                previous[j] = g.Input(j);
            }

            for (int l = System.Math.Max(boundary, 0); l < layerCount; l++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var layer = spec.Layers[l];
                int number = l + 1;
                int inputs = spec.InputsOf(l);
                int offset = spec.ParameterOffsetOf(l);
                g.BeginSection(Describe.Layer(spec, l));

                z[l] = new Node[layer.Units];
                for (int i = 0; i < layer.Units && l == boundary; i++)
                {
                    // The looped code computes this z; the graph reads it.
                    z[l][i] = g.Input(i);
                }

                for (int i = 0; i < layer.Units && l != boundary; i++)
                {
                    var terms = new List<Node>(inputs + 1);
                    for (int j = 0; j < inputs; j++)
                    {
                        terms.Add(g.Multiply(g.Parameter(offset + (i * inputs) + j), previous[j]));
                    }

                    terms.Add(g.Parameter(offset + (layer.Units * inputs) + i));
                    z[l][i] = g.Sum(terms);
                    g.Name(z[l][i], $"z{number}_{i}", $"z{number}[{i}]");
                }

                a[l] = ActivationLowering.Apply(g, layer, z[l], number, functions, cancellationToken);
                for (int i = 0; i < layer.Units; i++)
                {
                    g.Name(a[l][i], $"a{number}_{i}", $"a{number}[{i}]");
                }

                previous = a[l];
            }

            var y = new Node[spec.OutputCount];
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = g.Target(i);
            }

            g.BeginSection(Describe.Loss(spec));
            var loss = LossLowering.Build(g, spec, z[layerCount - 1], a[layerCount - 1], y, functions, cancellationToken);
            g.Name(loss, "loss", "L");

            var units = new LoopedUnit?[System.Math.Max(looped, 0)];
            for (int l = 0; l < looped - 1; l++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                units[l] = spec.Layers[l].Activation == ActivationKind.Softmax ? null : LoopedUnit.Lower(spec.Layers[l], l + 1, functions, cancellationToken);
            }

            return new LoweredNetwork(spec, g, z, a, y, loss, parameterNames, units);
        }

        /// <summary>W1[0,0], …, b1[0], … for every parameter of every layer, in parameter-vector order.</summary>
        private static List<string> ParameterNames(NetworkSpec spec)
        {
            var names = new List<string>(spec.ParameterCount);
            for (int l = 0; l < spec.Layers.Count; l++)
            {
                int number = l + 1;
                int units = spec.Layers[l].Units;
                for (int i = 0; i < units; i++)
                {
                    for (int j = 0; j < spec.InputsOf(l); j++)
                    {
                        names.Add($"W{number}[{i},{j}]");
                    }
                }

                for (int i = 0; i < units; i++)
                {
                    names.Add($"b{number}[{i}]");
                }
            }

            return names;
        }
    }
}
