using System;
using Xunit;

namespace DerivGen.IntegrationTests.Training;

/// <summary>
/// Invalid hyper-parameters throw <see cref="ArgumentOutOfRangeException"/> naming the argument; spans of the wrong
/// length throw <see cref="ArgumentException"/> naming the span, stating the expected length, and change nothing.
/// </summary>
public sealed class OptimizerArgumentTests
{
    public static TheoryData<string, double> BadLearningRates() => new()
    {
        { "sgd", 0.0 }, { "sgd", -0.1 }, { "sgd", double.NaN }, { "sgd", double.PositiveInfinity },
        { "adam", 0.0 }, { "adam", -1e-3 }, { "adam", double.NaN }, { "adam", double.PositiveInfinity },
    };

    public static TheoryData<string, double> BadDecayRates() => new()
    {
        { "momentum", -0.1 }, { "momentum", 1.0 }, { "momentum", 1.5 }, { "momentum", double.NaN },
        { "beta1", -1e-9 }, { "beta1", 1.0 }, { "beta1", double.NaN }, { "beta1", double.NegativeInfinity },
        { "beta2", -0.5 }, { "beta2", 1.0 }, { "beta2", double.NaN }, { "beta2", double.PositiveInfinity },
    };

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Parameter_count_must_be_positive(int count)
    {
        Assert.Equal("parameterCount", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(count, 0.1)).ParamName);
        Assert.Equal("parameterCount", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(count)).ParamName);
    }

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void Learning_rate_must_be_positive_and_finite(string optimizer, double learningRate)
    {
        Func<IOptimizer> create = optimizer == "sgd"
            ? () => new Sgd(3, learningRate)
            : () => new Adam(3, learningRate);
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => create());
        Assert.Equal("learningRate", thrown.ParamName);

        IOptimizer valid = optimizer == "sgd" ? new Sgd(3, 0.1) : new Adam(3);
        double before = valid.LearningRate;
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => valid.LearningRate = learningRate).ParamName);
        Assert.Equal(before, valid.LearningRate);
    }

    [Theory]
    [MemberData(nameof(BadDecayRates))]
    public void Decay_rates_must_be_in_the_unit_interval(string argument, double value)
    {
        Action create = argument switch
        {
            "momentum" => () => _ = new Sgd(3, 0.1, momentum: value),
            "beta1" => () => _ = new Adam(3, beta1: value),
            _ => () => _ = new Adam(3, beta2: value),
        };
        Assert.Equal(argument, Assert.Throws<ArgumentOutOfRangeException>(create).ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-8)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Epsilon_must_be_positive_and_finite(double epsilon)
    {
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(3, epsilon: epsilon)).ParamName);
    }

    [Fact]
    public void Edge_values_are_accepted()
    {
        Assert.Equal(0.0, new Sgd(1, double.Epsilon, momentum: 0.0).Momentum);
        Assert.Equal(0.0, new Adam(1, beta1: 0.0, beta2: 0.0).Beta1);
        Assert.Equal(0.9999999, new Adam(1, beta1: 0.9999999, beta2: 0.9999999).Beta2);
        Assert.Equal(double.MaxValue, new Adam(1, learningRate: double.MaxValue, epsilon: double.MaxValue).Epsilon);
    }

    public static TheoryData<string, string, int, int> WrongLengths()
    {
        var data = new TheoryData<string, string, int, int>();
        foreach (string optimizer in new[] { "sgd", "momentum", "adam" })
        {
            foreach (int wrong in new[] { 0, 2, 4 })
            {
                data.Add(optimizer, "parameters", wrong, 3);
                data.Add(optimizer, "gradient", 3, wrong);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WrongLengths))]
    public void Double_step_checks_both_lengths_and_changes_nothing(string optimizer, string argument, int parameterLength, int gradientLength)
    {
        IOptimizer subject = Create(optimizer);
        var parameters = new double[parameterLength];
        Array.Fill(parameters, 1.0);
        var gradient = new double[gradientLength];
        Array.Fill(gradient, 1.0);

        var thrown = Assert.Throws<ArgumentException>(() => subject.Step(parameters, gradient));

        Assert.Equal(argument, thrown.ParamName);
        Assert.StartsWith("Expected a span of length 3 but got " + (argument == "parameters" ? parameterLength : gradientLength), thrown.Message, StringComparison.Ordinal);
        Assert.All(parameters, p => Assert.Equal(1.0, p));
        AssertUnchanged(subject);
    }

    [Theory]
    [MemberData(nameof(WrongLengths))]
    public void Float_step_checks_both_lengths_and_changes_nothing(string optimizer, string argument, int parameterLength, int gradientLength)
    {
        IOptimizer subject = Create(optimizer);
        var parameters = new float[parameterLength];
        Array.Fill(parameters, 1.0f);
        var gradient = new float[gradientLength];
        Array.Fill(gradient, 1.0f);

        var thrown = Assert.Throws<ArgumentException>(() => subject.Step(parameters, gradient));

        Assert.Equal(argument, thrown.ParamName);
        Assert.All(parameters, p => Assert.Equal(1.0f, p));
        AssertUnchanged(subject);
    }

    private static IOptimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(3, 0.1),
        "momentum" => new Sgd(3, 0.1, momentum: 0.9),
        _ => new Adam(3),
    };

    private static void AssertUnchanged(IOptimizer optimizer)
    {
        if (optimizer is Adam adam)
        {
            Assert.Equal(0, adam.StepCount);
            Assert.Equal(new double[3], adam.FirstMoment.ToArray());
            Assert.Equal(new double[3], adam.SecondMoment.ToArray());
        }
        else
        {
            Assert.Equal(new double[3], ((Sgd)optimizer).Velocity.ToArray());
        }
    }
}
