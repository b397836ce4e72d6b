using System;
using System.Collections.Generic;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>How the leaves of a graph are spelled, in C# and in the comments' notation.</summary>
    internal sealed class LeafNames
    {
        private readonly IReadOnlyList<string> _parameterNames;
        private readonly Func<int, string> _inputCSharp;
        private readonly Func<int, string> _inputMath;
        private readonly Func<int, string> _parameterCSharp;
        private readonly Func<int, string> _targetCSharp;
        private readonly Func<int, string> _scalarParameter;

        /// <param name="parameterNames">The parameters' names in the comments.</param>
        /// <param name="inputCSharp">An input's C# spelling.</param>
        /// <param name="inputMath">An input's name in the comments.</param>
        /// <param name="parameterCSharp">A parameter's C# spelling; by default the network's <c>parameters[k]</c>.</param>
        /// <param name="targetCSharp">A target's C# spelling; by default the network's <c>target[j]</c>.</param>
        /// <param name="scalarParameter">
        /// In vector lanes, a parameter as the one scalar every lane shares (where <paramref name="parameterCSharp"/> spells the
        /// vector of it); by default the parameter's own spelling.
        /// </param>
        public LeafNames(
            IReadOnlyList<string> parameterNames, Func<int, string> inputCSharp, Func<int, string> inputMath, Func<int, string>? parameterCSharp = null,
            Func<int, string>? targetCSharp = null, Func<int, string>? scalarParameter = null)
        {
            _parameterNames = parameterNames;
            _parameterCSharp = parameterCSharp ?? (k => $"parameters[{Numbers.Int(k)}]");
            _scalarParameter = scalarParameter ?? _parameterCSharp;
            _targetCSharp = targetCSharp ?? (j => $"target[{Numbers.Int(j)}]");
            _inputCSharp = inputCSharp;
            _inputMath = inputMath;
        }

        /// <summary>
        /// The network's own leaves: θ, x (or the last looped layer's z, and past its <paramref name="boundaryUnits"/> units
        /// their tangents ż, which H·v carries in from the loops) and y.
        /// </summary>
        public static LeafNames ForNetwork(IReadOnlyList<string> parameterNames, int loopedLayers, int boundaryUnits)
        {
            if (loopedLayers == 0)
            {
                return new LeafNames(parameterNames, j => $"input[{Numbers.Int(j)}]", j => $"x[{Numbers.Int(j)}]");
            }

            var n = Numbers.Int(loopedLayers);
            return new LeafNames(
                parameterNames,
                j => j < boundaryUnits ? $"z{n}[{Numbers.Int(j)}]" : $"rz{n}[{Numbers.Int(j - boundaryUnits)}]",
                j => j < boundaryUnits ? $"z{n}[{Numbers.Int(j)}]" : $"ż{n}[{Numbers.Int(j - boundaryUnits)}]");
        }

        public string CSharp(Node leaf) => leaf.Op switch
        {
            Op.Parameter => _parameterCSharp(leaf.Index),
            Op.Input => _inputCSharp(leaf.Index),
            Op.Target => _targetCSharp(leaf.Index),
            Op.Direction => $"direction[{Numbers.Int(leaf.Index)}]",
            _ => throw new ArgumentException($"{leaf} is not a leaf.", nameof(leaf)),
        };

        /// <summary>Parameter <paramref name="index"/> as one scalar, for a product in vector lanes to multiply by.</summary>
        public string ScalarParameter(int index) => _scalarParameter(index);

        public string Math(Node leaf) => leaf.Op switch
        {
            Op.Parameter => _parameterNames[leaf.Index],
            Op.Input => _inputMath(leaf.Index),
            Op.Target => $"y[{Numbers.Int(leaf.Index)}]",
            Op.Direction => $"v[{Numbers.Int(leaf.Index)}]",
            _ => throw new ArgumentException($"{leaf} is not a leaf.", nameof(leaf)),
        };
    }
}
