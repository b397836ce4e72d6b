using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using DerivGen.IntegrationTests.Networks;
using Xunit;

namespace DerivGen.IntegrationTests;

/// <summary>
/// Every span argument of every generated method is length-checked at entry: a wrong length throws an
/// <see cref="ArgumentException"/> whose ParamName is the argument's name and whose message states the expected
/// length. Each case gives one argument a wrong length (one short, one long, empty) and every other one its right
/// length.
/// </summary>
public sealed class ArgumentValidationTests
{
    private static readonly Dictionary<string, int> ExpectedLength = new()
    {
        ["parameters"] = TinyNet.ParameterCount,
        ["input"] = TinyNet.InputCount,
        ["output"] = TinyNet.OutputCount,
        ["target"] = TinyNet.OutputCount,
        ["gradient"] = TinyNet.ParameterCount,
        ["trace"] = TinyNet.TraceLength,
        ["values"] = TinyNet.TraceLength,
    };

    private static readonly (string Method, string[] Arguments)[] Methods =
    [
        ("static Forward", ["parameters", "input", "output"]),
        ("static Loss", ["parameters", "input", "target"]),
        ("static Backward", ["parameters", "input", "target", "gradient"]),
        ("static Backward+trace", ["parameters", "input", "target", "gradient", "trace"]),
        ("instance Forward", ["input", "output"]),
        ("instance Loss", ["input", "target"]),
        ("instance Backward", ["input", "target", "gradient"]),
        ("instance Backward+trace", ["input", "target", "gradient", "trace"]),
        ("new Trace", ["values"]),
    ];

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach ((string method, string[] arguments) in Methods)
        {
            foreach (string argument in arguments)
            {
                int expected = ExpectedLength[argument];
                foreach (int wrong in new SortedSet<int> { 0, expected - 1, expected + 1 })
                {
                    if (wrong >= 0 && wrong != expected)
                    {
                        data.Add(method, argument, wrong);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Wrong_length_throws_ArgumentException_naming_the_argument(string method, string argument, int length)
    {
        int expected = ExpectedLength[argument];
        double[] Buffer(string name) => new double[name == argument ? length : ExpectedLength[name]];

        double[] parameters = Buffer("parameters");
        double[] input = Buffer("input");
        double[] output = Buffer("output");
        double[] target = Buffer("target");
        double[] gradient = Buffer("gradient");
        double[] trace = Buffer("trace");
        double[] values = Buffer("values");
        var net = new TinyNet();

        Action call = method switch
        {
            "static Forward" => () => TinyNet.Forward(parameters, input, output),
            "static Loss" => () => TinyNet.Loss(parameters, input, target),
            "static Backward" => () => TinyNet.Backward(parameters, input, target, gradient),
            "static Backward+trace" => () => TinyNet.Backward(parameters, input, target, gradient, trace),
            "instance Forward" => () => net.Forward(input, output),
            "instance Loss" => () => net.Loss(input, target),
            "instance Backward" => () => net.Backward(input, target, gradient),
            "instance Backward+trace" => () => net.Backward(input, target, gradient, trace),
            "new Trace" => () => _ = new TinyNet.Trace(values),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };

        ArgumentException e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(argument, e.ParamName);
        Assert.True(
            Regex.IsMatch(e.Message, $@"(?<!\d|\d\.){expected}(?!\d|\.\d)"), // the number itself, not part of another
            $"The message does not state the expected length {expected}: \"{e.Message}\"");
    }

    [Fact]
    public void Right_lengths_do_not_throw()
    {
        var net = new TinyNet();
        var output = new double[TinyNet.OutputCount];
        var gradient = new double[TinyNet.ParameterCount];
        var trace = new double[TinyNet.TraceLength];
        double[] parameters = Seed331.Parameters();

        TinyNet.Forward(parameters, Seed331.X, output);
        TinyNet.Loss(parameters, Seed331.X, Seed331.Y);
        TinyNet.Backward(parameters, Seed331.X, Seed331.Y, gradient);
        TinyNet.Backward(parameters, Seed331.X, Seed331.Y, gradient, trace);
        net.Forward(Seed331.X, output);
        net.Loss(Seed331.X, Seed331.Y);
        net.Backward(Seed331.X, Seed331.Y, gradient);
        net.Backward(Seed331.X, Seed331.Y, gradient, trace);
        _ = new TinyNet.Trace(trace);
    }
}
