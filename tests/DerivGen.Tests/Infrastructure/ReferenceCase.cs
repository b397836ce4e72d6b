using System.Collections.Generic;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>One <c>References/networks/*.json</c> case: a network, one sample and the 50-digit results rounded to doubles.</summary>
    /// <param name="Name">The file name without <c>.json</c>.</param>
    /// <param name="Note">What an edge case exercises, or null.</param>
    /// <param name="Network">The network, named <see cref="ClassName"/>.</param>
    /// <param name="Parameters">θ in the generated parameter layout.</param>
    /// <param name="X">The input.</param>
    /// <param name="Y">The target.</param>
    /// <param name="ExpectedLoss">L(θ; x, y).</param>
    /// <param name="ExpectedGradient">dL/dθ, in the order of <paramref name="Parameters"/>.</param>
    /// <param name="ExpectedOutput">The last layer's activations.</param>
    internal sealed record ReferenceCase(
        string Name,
        string? Note,
        NetworkDescription Network,
        IReadOnlyList<double> Parameters,
        IReadOnlyList<double> X,
        IReadOnlyList<double> Y,
        double ExpectedLoss,
        IReadOnlyList<double> ExpectedGradient,
        IReadOnlyList<double> ExpectedOutput)
    {
        /// <summary>A C# class name for a case name (<c>seed-331</c> becomes <c>Case_seed_331</c>).</summary>
        public static string ClassNameFor(string name) => "Case_" + name.Replace('-', '_').Replace('.', '_');

        /// <summary>The class name this case's network is generated under.</summary>
        public string ClassName => Network.Name;
    }
}
