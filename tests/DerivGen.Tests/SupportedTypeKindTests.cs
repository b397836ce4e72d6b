using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The negative side of DG0001/DG0006/DG0007: every type shape DerivGen supports (struct, record, record struct,
    /// static class, readonly struct, readonly record struct, ref struct, positional record, a network nested in a
    /// generic type, a generic network, the global namespace, a file-scoped namespace) gets no diagnostic, its generated
    /// code compiles with zero warnings (nullable on, every warning wave), and it computes bit for bit what the same
    /// network declared as a plain class computes. All of them share one compilation.
    /// </summary>
    public sealed class SupportedTypeKindTests
    {
        /// <summary>The same network on every type: mixed activations, Huber with a non-default δ.</summary>
        private const string Attributes = """
            [Network(3, Loss = LossFunction.Huber, HuberDelta = 0.5)]
            [Dense(4, Activation.Tanh)]
            [Dense(3, Activation.LeakyReLU, Slope = 0.125)]
            [Dense(2, Activation.Sigmoid)]
            """;

        private const int ParameterCount = (4 * 4) + (3 * 5) + (2 * 4);

        private static readonly string FileScoped = $$"""
            using DerivGen;

            namespace Kinds;

            {{Attributes}}
            public partial class ReferenceClass { }

            {{Attributes}}
            public partial struct PlainStruct { }

            {{Attributes}}
            public partial record PlainRecord { }

            {{Attributes}}
            public partial record struct PlainRecordStruct { }

            {{Attributes}}
            public static partial class StaticClass { }

            {{Attributes}}
            public readonly partial struct ReadonlyStruct { }

            {{Attributes}}
            public readonly partial record struct ReadonlyRecordStruct { }

            {{Attributes}}
            public ref partial struct RefStruct { }

            {{Attributes}}
            public sealed partial record PositionalRecord(int Id, string Name);

            public partial class GenericOuter<T>
                where T : struct
            {
                {{Attributes}}
                internal partial class InGeneric { }
            }

            {{Attributes}}
            public partial class GenericNetwork<TKey, TValue>
                where TKey : notnull
            {
            }
            """;

        private static readonly string GlobalNamespace = $$"""
            using DerivGen;

            {{Attributes}}
            internal sealed partial class GlobalNet { }
            """;

        private static readonly Lazy<(GeneratorRun Run, CollectibleAssembly Assembly)> Compiled = new(() =>
        {
            var compilation = GeneratorHarness.CreateCompilation("DerivGen.TypeKinds", new[] { FileScoped, GlobalNamespace });
            GeneratorRun run = GeneratorHarness.Run(compilation);
            return (run, CollectibleAssembly.Load(run.Output));
        });

        /// <summary>Metadata names ('+' for nesting, `n for generic arity) and whether the kind has the instance form.</summary>
        public static TheoryData<string, bool> Kinds => new()
        {
            { "Kinds.PlainStruct", true },
            { "Kinds.PlainRecord", true },
            { "Kinds.PlainRecordStruct", true },
            { "Kinds.StaticClass", false },
            { "Kinds.ReadonlyStruct", false },
            { "Kinds.ReadonlyRecordStruct", false },
            { "Kinds.RefStruct", false },
            { "Kinds.PositionalRecord", true },
            { "Kinds.GenericOuter`1+InGeneric", true },
            { "Kinds.GenericNetwork`2", true },
            { "GlobalNet", true },
        };

        [Fact]
        public void EveryKindGeneratesWithoutDiagnosticsAndCompilesWithoutWarnings()
        {
            GeneratorRun run = Compiled.Value.Run;

            Assert.Null(run.Exception);
            Assert.True(run.GeneratorDiagnostics.IsEmpty, "Unexpected DG diagnostics:\n" + GeneratorRun.Describe(run.GeneratorDiagnostics));
            Assert.True(run.OutputDiagnostics.IsEmpty, "Unexpected compiler diagnostics:\n" + GeneratorRun.Describe(run.OutputDiagnostics.Take(20)));
            Assert.Equal(
                new[]
                {
                    "GlobalNet.DerivGen.g.cs",
                    "Kinds.GenericNetwork_2.DerivGen.g.cs",
                    "Kinds.GenericOuter_1.InGeneric.DerivGen.g.cs",
                    "Kinds.PlainRecord.DerivGen.g.cs",
                    "Kinds.PlainRecordStruct.DerivGen.g.cs",
                    "Kinds.PlainStruct.DerivGen.g.cs",
                    "Kinds.PositionalRecord.DerivGen.g.cs",
                    "Kinds.ReadonlyRecordStruct.DerivGen.g.cs",
                    "Kinds.ReadonlyStruct.DerivGen.g.cs",
                    "Kinds.RefStruct.DerivGen.g.cs",
                    "Kinds.ReferenceClass.DerivGen.g.cs",
                    "Kinds.StaticClass.DerivGen.g.cs",
                },
                run.HintNames.Order(StringComparer.Ordinal));
        }

        [Theory]
        [MemberData(nameof(Kinds))]
        public void KindComputesExactlyWhatTheEquivalentClassComputes(string metadataName, bool hasInstanceForm)
        {
            NetworkFunctions reference = Functions("Kinds.ReferenceClass");
            NetworkFunctions kind = Functions(metadataName);

            Assert.Equal(ParameterCount, reference.ParameterCount);
            Assert.Equal(
                (reference.InputCount, reference.OutputCount, reference.ParameterCount, reference.TraceLength),
                (kind.InputCount, kind.OutputCount, kind.ParameterCount, kind.TraceLength));
            Assert.Equal(reference.Layout.OrderBy(p => p.Key, StringComparer.Ordinal), kind.Layout.OrderBy(p => p.Key, StringComparer.Ordinal));

            var random = new Random(20261122);
            for (int sample = 0; sample < 5; sample++)
            {
                double[] parameters = Uniform(random, ParameterCount, 1.5);
                double[] x = Uniform(random, 3, 2.0);
                double[] y = Uniform(random, 2, 1.0);

                var expectedGradient = new double[ParameterCount];
                var expectedTrace = new double[reference.TraceLength];
                double expectedLoss = reference.BackwardWithTrace(parameters, x, y, expectedGradient, expectedTrace);
                var gradient = new double[ParameterCount];
                var trace = new double[kind.TraceLength];
                double loss = kind.BackwardWithTrace(parameters, x, y, gradient, trace);

                // The same generated statements on the same doubles: identical results, not merely close ones.
                string where = string.Create(CultureInfo.InvariantCulture, $"{metadataName}, sample {sample}");
                Assert.True(expectedLoss == loss, $"{where}: loss {loss:R} vs the class's {expectedLoss:R}");
                Assert.Equal(expectedGradient, gradient);
                Assert.Equal(expectedTrace, trace);
                Assert.Equal(expectedLoss, kind.Loss(parameters, x, y));
                Assert.Equal(reference.ForwardToArray(parameters, x), kind.ForwardToArray(parameters, x));
                Assert.True(double.IsFinite(loss) && loss > 0, $"{where}: loss {loss:R}");
            }

            // README: classes, records, structs and record structs get the instance form; static classes, ref structs
            // and readonly structs the static methods only.
            Type type = Closed(Compiled.Value.Assembly.GetType(metadataName));
            Assert.Equal(hasInstanceForm, type.GetProperty("Parameters", BindingFlags.Public | BindingFlags.Instance) is not null);
        }

        private static NetworkFunctions Functions(string metadataName)
        {
            Type type = Closed(Compiled.Value.Assembly.GetType(metadataName));
            const BindingFlags publicStatic = BindingFlags.Public | BindingFlags.Static;
            Type layoutType = type.GetNestedType("Layout", BindingFlags.Public)
                ?? throw new Xunit.Sdk.XunitException($"{metadataName} has no Layout class.");
            if (layoutType.ContainsGenericParameters)
            {
                layoutType = layoutType.MakeGenericType(type.GetGenericArguments());
            }

            Dictionary<string, int> layout = layoutType.GetFields(publicStatic)
                .Where(f => f.IsLiteral)
                .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!, StringComparer.Ordinal);
            return new NetworkFunctions(
                metadataName,
                CollectibleAssembly.Constant(type, "InputCount"),
                CollectibleAssembly.Constant(type, "OutputCount"),
                CollectibleAssembly.Constant(type, "ParameterCount"),
                CollectibleAssembly.Constant(type, "TraceLength"),
                layout,
                CollectibleAssembly.StaticMethod<ForwardDelegate>(type, "Forward"),
                CollectibleAssembly.StaticMethod<LossDelegate>(type, "Loss"),
                CollectibleAssembly.StaticMethod<BackwardDelegate>(type, "Backward"),
                CollectibleAssembly.StaticMethod<BackwardWithTraceDelegate>(type, "Backward"));
        }

        /// <summary>A generic type (or a type nested in one) closed over int for every type parameter.</summary>
        private static Type Closed(Type type) =>
            type.ContainsGenericParameters
                ? type.MakeGenericType(Enumerable.Repeat(typeof(int), type.GetGenericArguments().Length).ToArray())
                : type;

        private static double[] Uniform(Random random, int count, double scale)
        {
            var values = new double[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = scale * ((2.0 * random.NextDouble()) - 1.0);
            }

            return values;
        }
    }
}
