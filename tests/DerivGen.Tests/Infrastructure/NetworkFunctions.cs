using System;
using System.Collections.Generic;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>The generated static API of one network type, loaded from an emitted assembly.</summary>
    /// <param name="TypeName">The network's metadata name, e.g. <c>My.Ns.TinyNet</c>.</param>
    /// <param name="InputCount">The generated <c>InputCount</c> constant.</param>
    /// <param name="OutputCount">The generated <c>OutputCount</c> constant.</param>
    /// <param name="ParameterCount">The generated <c>ParameterCount</c> constant.</param>
    /// <param name="TraceLength">The generated <c>TraceLength</c> constant.</param>
    /// <param name="Layout">The constants of the generated nested <c>Layout</c> class, by name.</param>
    internal sealed record NetworkFunctions(
        string TypeName,
        int InputCount,
        int OutputCount,
        int ParameterCount,
        int TraceLength,
        IReadOnlyDictionary<string, int> Layout,
        ForwardDelegate Forward,
        LossDelegate Loss,
        BackwardDelegate Backward,
        BackwardWithTraceDelegate BackwardWithTrace)
    {
        /// <summary>Runs Forward into a new array.</summary>
        public double[] ForwardToArray(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input)
        {
            var output = new double[OutputCount];
            Forward(parameters, input, output);
            return output;
        }
    }
}
