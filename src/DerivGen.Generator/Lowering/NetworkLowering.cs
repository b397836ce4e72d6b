using System.Collections.Generic;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// Lowers a <see cref="NetworkSpec"/> to an expression graph (z = W·a_prev + b and a = f(z) for every unrolled layer,
    /// then the loss) and differentiates the loss in reverse mode with respect to every parameter. When the first layers
    /// are looped (<see cref="NetworkSpec.LoopedLayerCount"/>), the graph starts at the last looped layer's z, whose
    /// values are its input leaves, and the loss is differentiated with respect to those too: the looped backward pass
    /// starts from that dL/dz.
    /// </summary>
    internal static class NetworkLowering
    {
        public static LoweredNetwork Lower(NetworkSpec spec)
        {
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

                a[l] = ActivationLowering.Apply(g, layer, z[l], number);
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
            var loss = LossLowering.Build(g, spec, z[layerCount - 1], a[layerCount - 1], y);
            g.Name(loss, "loss", "L");

            var adjoints = ReverseMode.Differentiate(g, loss, "L", withRespectToInputs: looped > 0);

            int firstParameter = spec.ParameterOffsetOf(looped);
            var gradient = new Node[spec.ParameterCount - firstParameter];
            for (int k = 0; k < gradient.Length; k++)
            {
                gradient[k] = adjoints.TryGetValue(g.Parameter(firstParameter + k), out var adjoint) ? adjoint : g.Constant(0);
            }

            var inputAdjoints = looped == 0 ? System.Array.Empty<Node>() : AdjointsOf(g, adjoints, z[boundary]);

            var adjointOfA = new Node[layerCount][];
            var adjointOfZ = new Node[layerCount][];
            for (int l = System.Math.Max(boundary, 0); l < layerCount; l++)
            {
                adjointOfA[l] = AdjointsOf(g, adjoints, a[l]);
                adjointOfZ[l] = AdjointsOf(g, adjoints, z[l]);
            }

            g.BeginSection("Trace: dL/da of the output, which the fused loss does not form");
            if (LossLowering.FusedOutputAdjoint(g, spec, z[layerCount - 1], a[layerCount - 1], y) is { } outputAdjoint)
            {
                adjointOfA[layerCount - 1] = outputAdjoint;
            }

            return new LoweredNetwork(spec, g, z, a, loss, firstParameter, gradient, inputAdjoints, adjointOfA, adjointOfZ, parameterNames);
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

        /// <summary>The adjoints of <paramref name="nodes"/>, or 0 for a node the loss does not depend on.</summary>
        private static Node[] AdjointsOf(ExpressionGraph g, IReadOnlyDictionary<Node, Node> adjoints, Node[] nodes)
        {
            var result = new Node[nodes.Length];
            for (int i = 0; i < nodes.Length; i++)
            {
                result[i] = adjoints.TryGetValue(nodes[i], out var adjoint) ? adjoint : g.Constant(0);
            }

            return result;
        }
    }
}
