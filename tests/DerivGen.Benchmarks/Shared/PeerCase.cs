using System;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace DerivGen.Benchmarks;

/// <summary>
/// One of the C++ peer's cases (PeerCases/*.json, copied from the peer's own case files): the parameters, the one sample
/// x, y that the peer computes on every call, and the 50-digit loss and gradient of that sample.
/// </summary>
public sealed class PeerCase
{
    private PeerCase(double[] parameters, double[] input, double[] target, double loss, double[] gradient)
    {
        Parameters = parameters;
        Input = input;
        Target = target;
        ReferenceLoss = loss;
        ReferenceGradient = gradient;
    }

    public double[] Parameters { get; }

    public double[] Input { get; }

    public double[] Target { get; }

    public double ReferenceLoss { get; }

    public double[] ReferenceGradient { get; }

    /// <summary>Reads PeerCases/<paramref name="name"/>.json from beside the benchmark assembly.</summary>
    public static PeerCase Read(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PeerCases", name + ".json")));
        var root = document.RootElement;
        double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var reference = root.GetProperty("reference");
        return new PeerCase(Numbers(root.GetProperty("parameters")), Numbers(root.GetProperty("x")), Numbers(root.GetProperty("y")),
            reference.GetProperty("loss").GetDouble(), Numbers(reference.GetProperty("grad")));
    }
}
