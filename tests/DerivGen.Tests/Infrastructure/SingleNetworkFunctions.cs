using System;
using System.Collections.Generic;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>The generated static API of one <c>Precision.Single</c> network type: <see cref="NetworkFunctions"/> over float.</summary>
    /// <param name="TypeName">The network's metadata name.</param>
    /// <param name="InputCount">The generated <c>InputCount</c> constant.</param>
    /// <param name="OutputCount">The generated <c>OutputCount</c> constant.</param>
    /// <param name="ParameterCount">The generated <c>ParameterCount</c> constant.</param>
    /// <param name="TraceLength">The generated <c>TraceLength</c> constant.</param>
    /// <param name="Layout">The constants of the generated nested <c>Layout</c> class, by name.</param>
    internal sealed record SingleNetworkFunctions(
        string TypeName,
        int InputCount,
        int OutputCount,
        int ParameterCount,
        int TraceLength,
        IReadOnlyDictionary<string, int> Layout,
        SingleForwardDelegate Forward,
        SingleLossDelegate Loss,
        SingleBackwardDelegate Backward,
        SingleBackwardWithTraceDelegate BackwardWithTrace)
    {
        /// <summary>Runs Forward into a new array.</summary>
        public float[] ForwardToArray(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input)
        {
            var output = new float[OutputCount];
            Forward(parameters, input, output);
            return output;
        }
    }
}
