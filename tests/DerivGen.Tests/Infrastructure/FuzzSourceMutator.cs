using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace DerivGen.Tests.Infrastructure
{
    /// <summary>One fuzz input: the source files of one compilation and what must hold beyond the universal checks.</summary>
    /// <param name="Index">The case's number; with the seed it reproduces the case.</param>
    /// <param name="Category">Which family of malformed or extreme input this is.</param>
    /// <param name="Sources">The source files (Source0.cs, Source1.cs, ...).</param>
    /// <param name="ExpectedSourceCount">How many files the generator must add, or -1 when the category does not say.</param>
    /// <param name="RequiredDiagnosticId">A DG diagnostic that must be reported, or null.</param>
    /// <param name="ExpectNoGeneratorDiagnostics">Whether the input is a valid network that must produce no DG diagnostic at all.</param>
    internal sealed record FuzzCase(
        int Index,
        string Category,
        ImmutableArray<string> Sources,
        int ExpectedSourceCount = -1,
        string? RequiredDiagnosticId = null,
        bool ExpectNoGeneratorDiagnostics = false)
    {
        /// <summary>All sources in one readable block, for failure messages.</summary>
        public string Describe() => string.Join(
            "\n",
            Sources.Select((s, i) => "// ---- Source" + i.ToString(CultureInfo.InvariantCulture) + ".cs ----\n" + s));
    }

    /// <summary>
    /// A seeded generator of malformed and extreme DerivGen inputs: extreme and ill-typed attribute arguments, truncated
    /// attribute lists and declarations, random syntax damage, duplicated and orphaned attributes, every type shape and
    /// namespace form, oversized layers, pathological sizes, and valid networks mixed in. The same seed always gives the
    /// same cases, and each case has its own <see cref="Random"/> (seed, index), so one case can be reproduced alone.
    /// Networks that can be valid are kept small (a few hundred parameters at most) so the generated code compiles fast;
    /// only the deliberately oversized ones, which must be rejected with DG0005, are large.
    /// </summary>
    internal static class FuzzSourceMutator
    {
        public const string ExtremeArguments = nameof(ExtremeArguments);
        public const string TruncatedAttributes = nameof(TruncatedAttributes);
        public const string SyntaxErrors = nameof(SyntaxErrors);
        public const string HalfTypedDeclarations = nameof(HalfTypedDeclarations);
        public const string MissingUsing = nameof(MissingUsing);
        public const string DuplicatedAttributes = nameof(DuplicatedAttributes);
        public const string DenseWithoutNetwork = nameof(DenseWithoutNetwork);
        public const string TypeShapes = nameof(TypeShapes);
        public const string Namespaces = nameof(Namespaces);
        public const string Oversized = nameof(Oversized);
        public const string Pathological = nameof(Pathological);
        public const string Valid = nameof(Valid);
        public const string Mixed = nameof(Mixed);

        /// <summary>Every category, in the order cases are dealt out.</summary>
        public static readonly ImmutableArray<string> Categories = ImmutableArray.Create(
            ExtremeArguments, TruncatedAttributes, SyntaxErrors, HalfTypedDeclarations, MissingUsing, DuplicatedAttributes,
            DenseWithoutNetwork, TypeShapes, Namespaces, Oversized, Pathological, Valid, Mixed);

        private static readonly string[] ActivationNames =
            { "Identity", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softplus", "Elu", "Silu", "Gelu", "Softmax" };

        private static readonly string[] LossNames =
            { "SquaredError", "MeanSquaredError", "Huber", "BinaryCrossEntropy", "CrossEntropy" };

        private static readonly string[] SmallInts = { "1", "2", "3", "4", "5" };

        /// <summary>
        /// Extreme or ill-typed expressions where an int belongs. Any that converts to an int is either small or at least
        /// 4097, so a layer it sizes is past the unroll limit: rejected, or (a hidden layer) looped, never unrolled big.
        /// </summary>
        private static readonly string[] ExtremeInts =
        {
            "0", "-1", "-0", "-3", "int.MaxValue", "int.MinValue", "4097", "65536", "2147483647", "-2147483648",
            "0x7FFFFFFF", "unchecked((int)0x80000000)", "1 << 30", "-int.MaxValue", "(int)1e9", "int.MaxValue + 1",
            "checked(int.MaxValue + 1)", "1 / 0", "unchecked((int)double.NaN)", "unchecked((int)1e300)", "\"3\"", "\"\"",
            "3.5", "3.0", "3L", "3u", "3UL", "3m", "3.0f", "'\\u0003'", "'\\0'", "null", "default", "default(int)",
            "true", "(byte)3", "(short)-3", "(sbyte)-128", "(ushort)65535", "nameof(System)", "typeof(int)",
            "new int[] { 3 }", "new[] { 1, 2 }", "Undefined.Value", "Activation.ReLU", "(int)Activation.Tanh",
            "(int)LossFunction.Huber", "sizeof(int)", "(int)-0.0", "~0", "-(-3)", "+3", "2 * 2", "(3)", "Math.Abs(-3)",
            "x", "@int", "int", "3 3", "3,", "(int)", "$\"3\"", "@\"3\"", "\"\"\"3\"\"\"", "unchecked(int.MinValue - 1)",
        };

        private static readonly string[] ExtremeActivations =
        {
            "(Activation)(-1)", "(Activation)10", "(Activation)11", "(Activation)99", "(Activation)255",
            "(Activation)int.MaxValue", "(Activation)int.MinValue", "(Activation)2147483647", "0", "1", "-1",
            "Activation.ReLU | Activation.Sigmoid", "Activation.Tanh + 1", "~Activation.Identity", "(Activation)LossFunction.Huber",
            "LossFunction.Huber", "\"ReLU\"", "null", "default", "default(Activation)", "Activation.Undefined", "Activation",
            "activation: Activation.Tanh", "Activation.ReLU, Activation.Tanh", "(Activation)3.0", "(Activation)'\\t'",
            "unchecked((Activation)(-2147483648))", "Activation.Softmax + 1", "Activation.Softmax - 9",
            "(Activation)(1 << 31)", "DerivGen.Activation.Gelu", "global::DerivGen.Activation.Elu", "Activation.relu",
        };

        private static readonly string[] ExtremeLosses =
        {
            "(LossFunction)(-1)", "(LossFunction)5", "(LossFunction)99", "(LossFunction)int.MaxValue", "(LossFunction)int.MinValue",
            "0", "1", "Activation.ReLU", "(LossFunction)Activation.Softmax", "LossFunction.Huber | LossFunction.MeanSquaredError",
            "~LossFunction.SquaredError", "\"Huber\"", "null", "default", "default(LossFunction)", "LossFunction.Undefined",
            "LossFunction.CrossEntropy + 1", "(LossFunction)4.0", "LossFunction", "LossFunction.huber",
        };

        private static readonly string[] ExtremeDoubles =
        {
            "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "-1.0", "0.0", "-0.0", "0", "double.Epsilon",
            "-double.Epsilon", "double.MaxValue", "double.MinValue", "1e-300", "1e308", "1e308 * 10", "-1e308 * 10", "0.0 / 0.0",
            "1 / 0.0", "-1 / 0.0", "1", "2", "0.5f", "float.NaN", "float.PositiveInfinity", "float.MaxValue", "float.Epsilon",
            "1m", "\"1\"", "null", "true", "0.25", "1.5", "123456789.123456789", "5e-324", "4.9406564584124654E-324",
            "1.7976931348623157E+308", "2.2250738585072014E-308", "'x'", "int.MaxValue", "long.MinValue", "ulong.MaxValue",
            "-1e-320", "1e-320", "0.1 + 0.2", "1.0 / 3.0", "-0.01", "100", "1e400", "Math.PI", "double", "1..2", "1e", ".5",
            "0x10", "1_000.000_1", "default(double)", "(double)Activation.Tanh", "decimal.MaxValue",
        };

        /// <summary>Named arguments that do not exist, are read-only, duplicated, or misspelt.</summary>
        private static readonly string[] BogusNetworkNamedArguments =
        {
            "Inputs = 3", "Foo = 1", "Slope = 0.1", "Units = 2", "Activation = Activation.ReLU", "loss = LossFunction.Huber",
            "Loss = LossFunction.Huber, Loss = LossFunction.SquaredError", "HuberDelta = 1.0, HuberDelta = 2.0",
            "Loss: LossFunction.Huber", "inputs: 3", "Inputs: 3", "HuberDelta", "= 1.0", "Loss =", "Loss == LossFunction.Huber",
            "Loss = LossFunction.Huber; HuberDelta = 1.0",
        };

        private static readonly string[] BogusDenseNamedArguments =
        {
            "Loss = LossFunction.Huber", "HuberDelta = 1.0", "Units = 3", "Activation = Activation.ReLU", "Bar = 2",
            "slope = 0.1", "Slope = 0.1, Slope = 0.2", "units: 3", "activation: Activation.Tanh", "Units: 3", "Slope",
            "= 0.1", "Slope =", "Slope: 0.1", "activation: Activation.Tanh, units: 2",
        };

        /// <summary>The cases for one seed: <paramref name="perCategory"/> of each category, dealt round-robin.</summary>
        public static ImmutableArray<FuzzCase> Generate(int seed, int perCategory)
        {
            var cases = ImmutableArray.CreateBuilder<FuzzCase>(perCategory * Categories.Length);
            for (int round = 0; round < perCategory; round++)
            {
                foreach (string category in Categories)
                {
                    cases.Add(Create(seed, cases.Count, category));
                }
            }

            return cases.MoveToImmutable();
        }

        /// <summary>Reproduces case <paramref name="index"/> of <paramref name="category"/> for <paramref name="seed"/>.</summary>
        public static FuzzCase Create(int seed, int index, string category)
        {
            var random = new Random(unchecked((seed * 1_000_003) ^ (index * 7919) ^ category.Length));
            string name = "Fz" + index.ToString(CultureInfo.InvariantCulture);
            return category switch
            {
                ExtremeArguments => new FuzzCase(index, category, One(ExtremeArgumentSource(random, name))),
                TruncatedAttributes => new FuzzCase(index, category, One(TruncatedSource(random, name))),
                SyntaxErrors => new FuzzCase(index, category, One(SyntaxErrorSource(random, name))),
                HalfTypedDeclarations => new FuzzCase(index, category, One(HalfTypedSource(random, name))),
                MissingUsing => new FuzzCase(index, category, MissingUsingSources(random, name)),
                DuplicatedAttributes => new FuzzCase(index, category, DuplicatedAttributeSources(random, name)),
                DenseWithoutNetwork => new FuzzCase(index, category, DenseWithoutNetworkSources(random, name)),
                TypeShapes => new FuzzCase(index, category, One(TypeShapeSource(random, name))),
                Namespaces => new FuzzCase(index, category, NamespaceSources(random, name)),
                Oversized => new FuzzCase(index, category, One(OversizedSource(random, name)), ExpectedSourceCount: 0, RequiredDiagnosticId: "DG0005"),
                Pathological => new FuzzCase(index, category, One(PathologicalSource(random, name))),
                Valid => ValidCase(random, index, name),
                Mixed => new FuzzCase(index, category, MixedSources(random, seed, index, name)),
                _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown fuzz category."),
            };
        }

        // ---------------------------------------------------------------------------------------------------------
        // Valid networks: the building block most categories damage.

        /// <summary>A network the generator must accept: matching loss and output activation, small, no warning.</summary>
        /// <param name="Methods">The <c>Methods</c> argument's expression, or null to leave it out (every group).</param>
        internal sealed record ValidNetwork(int Inputs, string Loss, string? HuberDelta, string? Precision, ImmutableArray<(int Units, string Activation, string? Slope)> Layers, string? Methods = null)
        {
            public int ParameterCount
            {
                get
                {
                    int count = 0;
                    int inputs = Inputs;
                    foreach (var layer in Layers)
                    {
                        count += (inputs + 1) * layer.Units;
                        inputs = layer.Units;
                    }

                    return count;
                }
            }

            public string NetworkAttribute(Random random)
            {
                var text = new StringBuilder("Network(").Append(Invariant(Inputs));
                if (Loss != "SquaredError" || random.Next(3) == 0)
                {
                    text.Append(", Loss = LossFunction.").Append(Loss);
                }

                if (HuberDelta is not null)
                {
                    text.Append(", HuberDelta = ").Append(HuberDelta);
                }

                if (Precision is not null)
                {
                    text.Append(", Precision = Precision.").Append(Precision);
                }

                if (Methods is not null)
                {
                    text.Append(", Methods = ").Append(Methods);
                }

                return text.Append(')').ToString();
            }

            public IEnumerable<string> DenseAttributes(Random random) => Layers.Select(layer =>
            {
                var text = new StringBuilder("Dense(").Append(Invariant(layer.Units));
                if (layer.Activation != "Identity" || random.Next(2) == 0)
                {
                    text.Append(", Activation.").Append(layer.Activation);
                }

                if (layer.Slope is not null)
                {
                    text.Append(", Slope = ").Append(layer.Slope);
                }

                return text.Append(')').ToString();
            });

            /// <summary>The attribute lists, one per line, in one of several equivalent spellings.</summary>
            public string AttributeLists(Random random)
            {
                var attributes = new List<string> { NetworkAttribute(random) };
                attributes.AddRange(DenseAttributes(random));
                switch (random.Next(6))
                {
                    case 0:
                        return "[" + string.Join(", ", attributes) + "]\n";
                    case 1:
                        return string.Concat(attributes.Select(a => "[type: " + a + "]\n"));
                    case 2:
                        return string.Concat(attributes.Select(a => "[DerivGen." + a.Replace("(", "Attribute(", StringComparison.Ordinal) + "]\n"));
                    case 3:
                        return string.Concat(attributes.Select(a => "[global::DerivGen." + a + "]\n"));
                    default:
                        return string.Concat(attributes.Select(a => "[" + a + "]\n"));
                }
            }
        }

        /// <summary>
        /// The <c>Methods</c> a network asks for (null: left out, so every group). Each optional group is generated for a
        /// quarter to a third of the networks (batches 4 in 16, the trace, second order and input sensitivities 5 in 16), so
        /// every group still meets every category some 35 to 50 times (over 500 networks in all), and the combinations
        /// are fuzzed too. Most of a network's generated code, and so most of the fuzz test's time compiling it, is in the
        /// optional groups: at 40 inputs per category the test took 9.6 s of CPU with Core alone, 19.6 s with each group
        /// drawn for half the networks, and about 15 s with this table.
        /// </summary>
        private static readonly string?[] MethodGroups =
        {
            null, "NetworkMethods.All", "NetworkMethods.Core", "NetworkMethods.Core", "NetworkMethods.Core", "NetworkMethods.Core",
            "NetworkMethods.Core", "NetworkMethods.Core", "NetworkMethods.Core", "NetworkMethods.Trace | NetworkMethods.Batches",
            "NetworkMethods.SecondOrder", "NetworkMethods.InputSensitivities | NetworkMethods.Batches", "NetworkMethods.Trace | NetworkMethods.SecondOrder",
            "NetworkMethods.SecondOrder | NetworkMethods.InputSensitivities",
            "DerivGen.NetworkMethods.Trace | DerivGen.NetworkMethods.InputSensitivities", "0",
        };

        /// <summary>
        /// A small valid network for the categories that damage the declaration around it (its type, namespace, usings,
        /// duplicated attributes), not the network: what they test does not grow with the network, and the generated code
        /// it costs to compile does. The categories about networks (valid, extreme, pathological, mixed) keep the larger ones.
        /// </summary>
        internal static ValidNetwork RandomDeclarationNetwork(Random random) => RandomValidNetwork(random, maxParameters: 24, maxLayers: 2);

        internal static ValidNetwork RandomValidNetwork(Random random, int maxParameters = 80, int maxLayers = 3)
        {
            while (true)
            {
                string loss = LossNames[random.Next(LossNames.Length)];
                int inputs = random.Next(1, 6);
                int layerCount = random.Next(1, maxLayers + 1);
                var layers = ImmutableArray.CreateBuilder<(int, string, string?)>();
                for (int l = 0; l < layerCount; l++)
                {
                    bool last = l == layerCount - 1;
                    string activation = ActivationNames[random.Next(ActivationNames.Length)];
                    if (last && loss == "BinaryCrossEntropy")
                    {
                        activation = "Sigmoid";
                    }
                    else if (last && loss == "CrossEntropy")
                    {
                        activation = "Softmax";
                    }

                    int units = random.Next(1, 6);
                    if (activation == "Softmax" && units == 1)
                    {
                        units = 2;
                    }

                    string? slope = activation == "LeakyReLU" && random.Next(2) == 0
                        ? new[] { "0.2", "0", "-0.5", "1.0", "0.001", "3", "1e-10" }[random.Next(7)]
                        : null;
                    layers.Add((units, activation, slope));
                }

                string? delta = loss == "Huber" && random.Next(2) == 0
                    ? new[] { "0.5", "2.0", "1e-3", "1000", "0.75f", "1" }[random.Next(6)]
                    : null;
                string? precision = random.Next(4) switch { 0 => "Single", 1 => "Double", _ => null };
                var network = new ValidNetwork(inputs, loss, delta, precision, layers.ToImmutable(), MethodGroups[random.Next(MethodGroups.Length)]);
                if (network.ParameterCount <= maxParameters)
                {
                    return network;
                }
            }
        }

        internal static string ValidNetworkSource(Random random, string name)
        {
            ValidNetwork network = RandomValidNetwork(random);
            return "using DerivGen;\n\n" + network.AttributeLists(random) + "public partial class " + name + " { }\n";
        }

        private static FuzzCase ValidCase(Random random, int index, string name)
        {
            int files = random.Next(1, 3);
            int networks = 0;
            var sources = ImmutableArray.CreateBuilder<string>();
            for (int f = 0; f < files; f++)
            {
                var text = new StringBuilder("using DerivGen;\n\n");
                string? ns = random.Next(3) switch { 0 => null, 1 => "Fuzz.Valid" + Invariant(f), _ => "Fuzz.Block" + Invariant(f) };
                bool block = ns is not null && ns.StartsWith("Fuzz.Block", StringComparison.Ordinal);
                if (ns is not null)
                {
                    text.Append("namespace ").Append(ns).Append(block ? "\n{\n" : ";\n\n");
                }

                int count = random.Next(1, 3);
                for (int n = 0; n < count; n++)
                {
                    ValidNetwork network = RandomValidNetwork(random);
                    string keyword = new[] { "class", "sealed class", "record", "struct", "record struct", "static class", "abstract class", "readonly struct" }[random.Next(8)];
                    text.Append(network.AttributeLists(random))
                        .Append("public ").Append(ModifiersAndKeyword(keyword, partial: true)).Append(' ').Append(name).Append('_').Append(Invariant(f)).Append('_').Append(Invariant(n))
                        .Append(" { }\n\n");
                    networks++;
                }

                if (block)
                {
                    text.Append("}\n");
                }

                sources.Add(text.ToString());
            }

            return new FuzzCase(index, Valid, sources.ToImmutable(), ExpectedSourceCount: networks, ExpectNoGeneratorDiagnostics: true);
        }

        // ---------------------------------------------------------------------------------------------------------
        // Attribute arguments.

        private static string ExtremeArgumentSource(Random random, string name)
        {
            var text = new StringBuilder("using DerivGen;\n\n");
            text.Append('[').Append(NetworkWithExtremeArguments(random)).Append("]\n");
            int layers = random.Next(0, 5);
            for (int l = 0; l < layers; l++)
            {
                text.Append('[').Append(DenseWithExtremeArguments(random)).Append("]\n");
            }

            text.Append("public partial class ").Append(name).Append(" { }\n");
            return text.ToString();
        }

        private static string IntArgument(Random random, double extremeProbability) =>
            random.NextDouble() < extremeProbability ? Pick(random, ExtremeInts) : Pick(random, SmallInts);

        private static string NetworkWithExtremeArguments(Random random)
        {
            var arguments = new List<string>();
            int shape = random.Next(10);
            if (shape != 0)
            {
                arguments.Add(random.Next(8) == 0 ? "inputs: " + IntArgument(random, 0.4) : IntArgument(random, 0.4));
            }

            if (shape == 1)
            {
                arguments.Add(IntArgument(random, 0.5)); // an extra positional argument
            }

            if (random.Next(2) == 0)
            {
                arguments.Add("Loss = " + (random.Next(3) == 0 ? Pick(random, ExtremeLosses) : "LossFunction." + Pick(random, LossNames)));
            }

            if (random.Next(3) == 0)
            {
                arguments.Add("HuberDelta = " + Pick(random, ExtremeDoubles));
            }

            if (random.Next(5) == 0)
            {
                arguments.Add("Precision = " + Pick(random, new[]
                {
                    "Precision.Single", "Precision.Double", "(Precision)2", "(Precision)(-1)", "(Precision)int.MaxValue", "0", "1",
                    "Activation.ReLU", "null", "\"Single\"", "Precision.Half", "default",
                }));
            }

            if (random.Next(5) == 0)
            {
                // Kept at most 4096, so no layer past 4096 weights is ever unrolled.
                arguments.Add("UnrollLimit = " + Pick(random, new[] { "0", "-1", "1", "2", "16", "4096", "int.MinValue", "\"3\"", "null", "1.5", "-0" }));
            }

            if (random.Next(6) == 0)
            {
                arguments.Add(Pick(random, BogusNetworkNamedArguments));
            }

            if (random.Next(8) == 0)
            {
                Shuffle(random, arguments);
            }

            return (random.Next(10) == 0 ? "NetworkAttribute" : "Network") + (shape == 2 ? string.Empty : "(" + string.Join(", ", arguments) + ")");
        }

        private static string DenseWithExtremeArguments(Random random)
        {
            var arguments = new List<string>();
            int shape = random.Next(10);
            if (shape != 0)
            {
                arguments.Add(random.Next(10) == 0 ? "units: " + IntArgument(random, 0.35) : IntArgument(random, 0.35));
            }

            if (shape != 3 && random.Next(5) != 0)
            {
                arguments.Add(random.NextDouble() < 0.3 ? Pick(random, ExtremeActivations) : "Activation." + Pick(random, ActivationNames));
            }

            if (shape == 1)
            {
                arguments.Add(random.Next(2) == 0 ? IntArgument(random, 0.5) : Pick(random, ExtremeActivations));
            }

            if (random.Next(3) == 0)
            {
                arguments.Add("Slope = " + Pick(random, ExtremeDoubles));
            }

            if (random.Next(7) == 0)
            {
                arguments.Add(Pick(random, BogusDenseNamedArguments));
            }

            if (random.Next(8) == 0)
            {
                Shuffle(random, arguments);
            }

            return (random.Next(10) == 0 ? "DenseAttribute" : "Dense") + (shape == 2 ? string.Empty : "(" + string.Join(", ", arguments) + ")");
        }

        // ---------------------------------------------------------------------------------------------------------
        // Truncation and syntax damage.

        private static readonly string[] TruncatedAttributeLists =
        {
            "[Network(3", "[Network(3,", "[Network(3, Loss =", "[Network(3, Loss = LossFunction.", "[Network(3)", "[Network(",
            "[Network", "[", "[Network(3)]\n[Dense(2, Activation.", "[Network(3)][Dense(2", "[Network(3)]\n[Dense(2)]\n[Dense(",
            "[Network(3, HuberDelta = 1.", "[Network(3, HuberDelta = 1e", "[Network(3, Loss = LossFunction.Huber, HuberDelta = ]",
            "[Network(3)]\n[Dense(2)", "[Network(3)]\n[Dense(2)]\n[Dense(1)", "[Network(3)]\n[Dense(2, Slope = ", "[Network(3)]\n[Dense(2, Slope = 0.1",
            "[Network(3)]\n[Dense(2, Activation.ReLU,", "[Network(3)]\n[Dense(2, Activation.ReLU, Slope", "[Network(3), Dense(2", "[Network(3), Dense(2),",
            "[Network(3), ", "[Network(3)]\n[Dense(2)]\n[", "[Network(3)]\n[Dense(2)]\n[Dense", "[Network(3)]]\n[Dense(2)]", "[[Network(3)]\n[Dense(2)]",
            "[Network(3))]\n[Dense(2)]", "[Network(3)]\n[Dense(2))]", "[Network((3)]\n[Dense(2)]", "[Network(3)]\n[Dense(2,)]", "[Network(,3)]\n[Dense(2)]",
            "[Network(3)]\n[Dense(2, Activation.ReLU Slope = 0.1)]", "[Network(3)]\n[Dense(2 Activation.ReLU)]", "[Network(3) Dense(2)]",
            "[Network(3)]\n[Dense(2)]\n[type:", "[type: Network(3)]\n[type:", "[Network(3)]\n[Dense(\"2)]", "[Network(3)]\n[Dense('2)]",
            "[Network(3)]\n[Dense(2)] /* unterminated", "[Network(3)]\n[Dense(2)] // comment",
        };

        private static string TruncatedSource(Random random, string name)
        {
            if (random.Next(3) == 0)
            {
                // A fixed truncated attribute list, then whatever follows.
                string attributes = Pick(random, TruncatedAttributeLists);
                string tail = random.Next(5) switch
                {
                    0 => string.Empty,
                    1 => "\n",
                    2 => "\npublic partial class " + name + " { }\n",
                    3 => "\npublic partial class " + name + " { }\n\npublic class Other" + name + " { }\n",
                    _ => "public partial class " + name + " { }",
                };
                return "using DerivGen;\n\n" + attributes + tail;
            }

            string source = ValidNetworkSource(random, name);
            int attributesStart = source.IndexOf('[', StringComparison.Ordinal);
            int declaration = source.IndexOf("public partial", StringComparison.Ordinal);
            if (random.Next(3) == 0)
            {
                // Cut the file anywhere.
                return source.Substring(0, random.Next(source.Length + 1));
            }

            // Cut inside the attribute lists, then keep (or drop) the declaration.
            int cut = random.Next(attributesStart, declaration + 1);
            string rest = random.Next(3) switch
            {
                0 => string.Empty,
                1 => "\n" + source.Substring(declaration),
                _ => source.Substring(random.Next(cut, source.Length + 1)),
            };
            return source.Substring(0, cut) + rest;
        }

        private static readonly string[] Junk =
        {
            "{", "}", "(", ")", "[", "]", ";", ",", "=", "\"", "'", "/*", "*/", "//", "\n#if X\n", "\n#endif\n", "\n#region\n",
            "\n#else\n", "\n#error fuzz\n", "\n#pragma warning disable\n", "@", "<", ">", "?", "!", "::", "=>", "partial", "class", "static",
            "Network(", "Dense(", ")]", "[Network(1)]", "[Dense(1)]", "\u0000", "\u00A0", "\uFEFF", "\u200B", "\\u0041", "$", "`", "0x",
            "1e", "namespace N;", "using DerivGen;", "record", "struct", "interface", "abstract", "ref", "readonly", "file", "new",
            "where T : class", "<T>", "-", "~", "\r", "\t", "\"\"\"", "\u2028", "𝛼", "global::", "__arglist", "default",
        };

        private static string SyntaxErrorSource(Random random, string name)
        {
            string source = random.Next(4) == 0 ? ExtremeArgumentSource(random, name) : ValidNetworkSource(random, name);
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations; m++)
            {
                source = Mutate(random, source);
            }

            return source;
        }

        /// <summary>One random edit: delete, insert junk, duplicate or swap lines, or change a digit.</summary>
        internal static string Mutate(Random random, string source)
        {
            if (source.Length == 0)
            {
                return Pick(random, Junk);
            }

            int at = random.Next(source.Length);
            switch (random.Next(7))
            {
                case 0:
                    return source.Remove(at, 1);
                case 1:
                    return source.Remove(at, Math.Min(source.Length - at, random.Next(1, 12)));
                case 2:
                case 3:
                    return source.Insert(at, Pick(random, Junk));
                case 4:
                {
                    string[] lines = source.Split('\n');
                    int line = random.Next(lines.Length);
                    return string.Join("\n", lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1)));
                }

                case 5:
                {
                    string[] lines = source.Split('\n');
                    int a = random.Next(lines.Length);
                    int b = random.Next(lines.Length);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    return string.Join("\n", lines);
                }

                default:
                {
                    int digit = source.IndexOfAny("0123456789".ToCharArray(), at);
                    if (digit < 0)
                    {
                        return source.Insert(at, Pick(random, Junk));
                    }

                    string replacement = Pick(random, new[] { "0", "-", "9", "99999", "-1", "", "4097", "2147483648", "1.5", "x" });
                    return source.Remove(digit, 1).Insert(digit, replacement);
                }
            }
        }

        private static readonly string[] HalfTypedTemplates =
        {
            "public partial cla", "public partial", "public partial class", "public partial class {0}", "public partial class {0} {{",
            "public partial class {0} :", "public partial class {0} : System.", "public partial class {0}<", "public partial class {0}<T",
            "public partial class {0}<T>", "public partial class {0}<T> where", "public partial class {0}<T> where T :",
            "public partial record {0}(", "public partial record {0}(int X", "public partial record struct", "public partial struct {0}",
            "partial class {0} {{ public void M( }}", "partial class {0} {{ int x = }}", "public partial class {0} {{ public static int InputCount",
            "public partial class 3{0} {{ }}", "public partial class {{ }}", "public partial class {0} {{ }} }}", "public partial interface",
            "public partial enum {0} {{ }}", "public partial delegate void {0}();", "", "namespace N;", "public void {0}() {{ }}",
            "public partial class {0} {{ partial class", "public partial class {0} {{ [Dense(2)] }}", "public partial class {0} {{ void M() {{ [Network(1)] }} }}",
            "partial", "class", "public partial class {0}<> {{ }}", "public partial class {0}<,> {{ }}", "public partial class {0}<T,> {{ }}",
            "public partial class {0}() {{ }}", "public partial class {0}(int {{ }}", "public partial class {0} : {0} {{ }}", "public partial class {0}.{0} {{ }}",
            "public partial class {0}?", "public partial class {0}[] {{ }}", "public partial class @ {{ }}", "public partial class {0} where T : class {{ }}",
            "public partial static class {0} {{ }}", "partial public class {0} {{ }}", "public partial partial class {0} {{ }}", "public partial record class {0}(",
            "public partial ref struct {0} {{", "public partial class {0} {{ public {0}() => }}", "public enum {0} {{ A, }}", "public partial class {0} {{ #if X",
        };

        private static string HalfTypedSource(Random random, string name)
        {
            ValidNetwork network = RandomDeclarationNetwork(random);
            string declaration = string.Format(CultureInfo.InvariantCulture, Pick(random, HalfTypedTemplates), name);
            string body = network.AttributeLists(random) + declaration;
            return random.Next(4) switch
            {
                0 => "using DerivGen;\n\nnamespace N" + name + "\n{\n" + body + "\n",
                1 => "using DerivGen;\n\nnamespace N" + name + ";\n\n" + body + "\n",
                2 => "using DerivGen;\n\n" + body + "\n\npublic partial class Later" + name + " { }\n",
                _ => "using DerivGen;\n\n" + body + "\n",
            };
        }

        // ---------------------------------------------------------------------------------------------------------
        // Name binding: missing using, qualified names, aliases, look-alike attributes.

        private static ImmutableArray<string> MissingUsingSources(Random random, string name)
        {
            ValidNetwork network = RandomDeclarationNetwork(random);
            string plain = string.Concat(new[] { "[" + network.NetworkAttribute(random) + "]\n" }.Concat(network.DenseAttributes(random).Select(d => "[" + d + "]\n")));
            string declaration = "public partial class " + name + " { }\n";
            switch (random.Next(12))
            {
                case 0:
                    return One(plain + declaration);
                case 1:
                    return One("using System;\n\n" + plain + declaration);
                case 2:
                    // Fully qualified attributes, unqualified enums: the enum names do not bind.
                    return One(plain.Replace("[Network", "[DerivGen.Network", StringComparison.Ordinal).Replace("[Dense", "[DerivGen.Dense", StringComparison.Ordinal) + declaration);
                case 3:
                    // Fully qualified everything: valid without the using.
                    return One(plain.Replace("[Network", "[DerivGen.Network", StringComparison.Ordinal).Replace("[Dense", "[DerivGen.Dense", StringComparison.Ordinal)
                        .Replace("LossFunction.", "DerivGen.LossFunction.", StringComparison.Ordinal).Replace("Activation.", "DerivGen.Activation.", StringComparison.Ordinal) + declaration);
                case 4:
                    return ImmutableArray.Create("global using DerivGen;\n", plain + declaration);
                case 5:
                    return One("using DG = DerivGen;\n\n" + plain.Replace("[Network", "[DG.Network", StringComparison.Ordinal).Replace("[Dense", "[DG.Dense", StringComparison.Ordinal)
                        .Replace("LossFunction.", "DG.LossFunction.", StringComparison.Ordinal).Replace("Activation.", "DG.Activation.", StringComparison.Ordinal) + declaration);
                case 6:
                    // Aliases that swap the two attributes.
                    return One("using DerivGen;\nusing NetworkAttribute = DerivGen.DenseAttribute;\nusing DenseAttribute = DerivGen.NetworkAttribute;\n\n" + plain + declaration);
                case 7:
                    // Look-alike attributes in the user's own namespace.
                    return One("using System;\n\n[AttributeUsage(AttributeTargets.All, AllowMultiple = true)] public sealed class NetworkAttribute : Attribute { public NetworkAttribute(int inputs) { } public object? Loss { get; set; } public double HuberDelta { get; set; } }\n"
                        + "[AttributeUsage(AttributeTargets.All, AllowMultiple = true)] public sealed class DenseAttribute : Attribute { public DenseAttribute(int units, object? activation = null) { } public double Slope { get; set; } }\n"
                        + "public enum Activation { Identity, ReLU, LeakyReLU, Sigmoid, Tanh, Softplus, Elu, Silu, Gelu, Softmax }\npublic enum LossFunction { SquaredError, MeanSquaredError, Huber, BinaryCrossEntropy, CrossEntropy }\n\n"
                        + plain + declaration);
                case 8:
                    // The user declares DerivGen.NetworkAttribute / DenseAttribute themselves, with other signatures.
                    return One("using DerivGen;\n\nnamespace DerivGen\n{\n    " + Pick(random, LookAlikeAttributeDeclarations) + "\n}\n\n" + plain + declaration);
                case 9:
                    return One("using static DerivGen.Activation;\nusing static DerivGen.LossFunction;\nusing DerivGen;\n\n"
                        + plain.Replace("Activation.", string.Empty, StringComparison.Ordinal).Replace("LossFunction.", string.Empty, StringComparison.Ordinal) + declaration);
                case 10:
                    return One("namespace Inner" + name + "\n{\n    using DerivGen;\n}\n\n" + plain + declaration);
                default:
                    return One("using DerivGen\n\n" + plain + declaration); // missing semicolon
            }
        }

        private static readonly string[] LookAlikeAttributeDeclarations =
        {
            "public sealed class NetworkAttribute : System.Attribute { public NetworkAttribute(string inputs) { } }",
            "public sealed class NetworkAttribute : System.Attribute { public NetworkAttribute(long inputs) { } }",
            "public sealed class NetworkAttribute : System.Attribute { public NetworkAttribute(double inputs) { } }",
            "public sealed class NetworkAttribute : System.Attribute { public NetworkAttribute(object inputs) { } }",
            "public sealed class NetworkAttribute : System.Attribute { public NetworkAttribute(int inputs) { } public int Loss { get; set; } public int HuberDelta { get; set; } }",
            "public sealed class NetworkAttribute : System.Attribute { public NetworkAttribute(int inputs) { } public string Loss { get; set; } = \"\"; public string HuberDelta { get; set; } = \"\"; }",
            "public sealed class NetworkAttribute : System.Attribute { public NetworkAttribute(params int[] inputs) { } }",
            "public sealed class NetworkAttribute : System.Attribute { }",
            "public sealed class NetworkAttribute { public NetworkAttribute(int inputs) { } }",
            "[System.AttributeUsage(System.AttributeTargets.All, AllowMultiple = true)] public sealed class DenseAttribute : System.Attribute { public DenseAttribute(string units, string activation = \"\") { } }",
            "[System.AttributeUsage(System.AttributeTargets.All, AllowMultiple = true)] public sealed class DenseAttribute : System.Attribute { public DenseAttribute(long units, long activation = 0) { } public int Slope { get; set; } }",
            "[System.AttributeUsage(System.AttributeTargets.All, AllowMultiple = true)] public sealed class DenseAttribute : System.Attribute { public DenseAttribute(int units, Activation activation = Activation.Identity) { } public string Slope { get; set; } = \"\"; }",
            "[System.AttributeUsage(System.AttributeTargets.All, AllowMultiple = true)] public sealed class DenseAttribute : System.Attribute { public DenseAttribute(int units, double activation = 0) { } }",
            "public enum Activation { Identity }",
            "public enum LossFunction { SquaredError = 7 }",
        };

        // ---------------------------------------------------------------------------------------------------------
        // Duplicated and orphaned attributes.

        private static ImmutableArray<string> DuplicatedAttributeSources(Random random, string name)
        {
            ValidNetwork a = RandomDeclarationNetwork(random);
            ValidNetwork b = RandomDeclarationNetwork(random);
            string networkA = "[" + a.NetworkAttribute(random) + "]\n";
            string networkB = "[" + b.NetworkAttribute(random) + "]\n";
            string denseA = string.Concat(a.DenseAttributes(random).Select(d => "[" + d + "]\n"));
            string denseB = string.Concat(b.DenseAttributes(random).Select(d => "[" + d + "]\n"));
            string head = "using DerivGen;\n\n";
            string decl = "public partial class " + name + " { }\n";
            string[] parts = random.Next(11) switch
            {
                0 => new[] { networkA + networkB + denseA + decl },
                1 => new[] { "[" + a.NetworkAttribute(random) + ", " + b.NetworkAttribute(random) + "]\n" + denseA + decl },
                2 => new[] { networkA + denseA + decl, networkB + decl },
                3 => new[] { networkA + denseA + decl, denseB + decl },
                4 => new[] { networkA + decl, denseA + decl },
                5 => new[] { networkA + denseA + decl, networkB + denseB + decl },
                6 => new[] { networkA + decl, networkB + decl, denseA + decl },
                7 => new[] { denseA + decl, networkA + decl },
                8 => new[] { networkA + denseA + denseA + decl },
                9 => new[] { networkA + denseA + decl, "public class " + name + " { }\n" },
                _ => new[] { networkA + denseA + "public partial struct " + name + " { }\n", networkB + decl },
            };

            if (random.Next(2) == 0)
            {
                return One(head + string.Join("\n", parts));
            }

            return parts.Select(p => head + p).ToImmutableArray();
        }

        private static ImmutableArray<string> DenseWithoutNetworkSources(Random random, string name)
        {
            ValidNetwork network = RandomValidNetwork(random);
            string dense = string.Concat(network.DenseAttributes(random).Select(d => "[" + d + "]\n"));
            string head = "using DerivGen;\n\n";
            switch (random.Next(12))
            {
                case 0:
                    return One(head + dense + "public partial class " + name + " { }\n");
                case 1:
                    return One(head + dense + "public class " + name + " { }\n");
                case 2:
                    return One(head + dense + "public partial struct " + name + " { }\n");
                case 3:
                    return One(head + dense + "public partial record " + name + "(int X);\n");
                case 4:
                    return ImmutableArray.Create(head + dense + "public partial class " + name + " { }\n", head + dense + "public partial class " + name + " { }\n");
                case 5:
                    return One(head + "[Netwrk(3)]\n" + dense + "public partial class " + name + " { }\n");
                case 6:
                    return One(head + dense + "public partial interface " + name + " { }\n");
                case 7:
                    return One(head + dense + "public enum " + name + " { A }\n");
                case 8:
                    return One(head + "public partial class " + name + " { " + dense + " public void M() { } }\n");
                case 9:
                    return One(head + "public partial class Outer" + name + "\n{\n" + dense + "    public partial class " + name + "<T> { }\n}\n");
                case 10:
                    return One(head + dense + "public static partial class " + name + " { }\n" + dense + "public partial class Second" + name + " { }\n");
                default:
                    return One(head + "[assembly: Dense(2)]\n" + dense + "public partial class " + name + " { }\n");
            }
        }

        // ---------------------------------------------------------------------------------------------------------
        // Type shapes and namespaces.

        private static readonly string[] NetworkKinds =
        {
            "class", "sealed class", "abstract class", "static class", "struct", "readonly struct", "ref struct", "readonly ref struct",
            "record", "record class", "sealed record", "record struct", "readonly record struct", "interface", "unsafe class", "file class",
            "internal class", "class", "struct", "record", "new class", "protected class", "private struct", "protected internal record",
        };

        private static readonly string[] ContainerKinds =
        {
            "class", "struct", "record", "record struct", "static class", "interface", "abstract class", "sealed class", "readonly struct",
            "ref struct", "unsafe class", "file class",
        };

        private static readonly string[] TypeNames =
        {
            "{0}", "{0}", "{0}", "{0}", "@class", "@record", "Forward", "Backward", "Loss", "Layout", "Trace", "W1", "b1", "W2", "Parameters",
            "InputCount", "OutputCount", "ParameterCount", "TraceLength", "LengthMismatch", "N\\u0065t{0}", "Ünïcödé{0}", "_", "__", "Math",
            "System", "Span", "Double", "DerivGen", "Activation", "Network", "NetworkAttribute", "var", "dynamic", "value", "nameof", "async",
            "await", "input", "parameters", "gradient", "loss", "z1_0", "a1_0", "global", "T", "Z1", "A1", "dA1", "ArgumentException",
            "GeneratedCode", "ReadOnlySpan", "record", "partial", "file", "required", "scoped", "@int", "\\u0040class", "𝛼{0}", "ℕ{0}",
        };

        private static readonly string[] TypeParameterLists =
        {
            "", "", "", "", "<T>", "<T, U>", "<TInput>", "<W1>", "<Layout>", "<Trace>", "<input>", "<parameters>", "<gradient>", "<System>",
            "<Math>", "<Span>", "<T1, T2, T3>", "<@class>", "<in T>", "<out T>", "<T, T>", "<>", "<z1_0>", "<loss>", "<Forward>", "<T> where T : struct",
            "<T> where T : unmanaged", "<T> where T : new()", "<T> where T : System.IDisposable", "<T> where T : allows ref struct",
        };

        private static readonly string[] Members =
        {
            "", "", "", "public void Helper() { }", "public int Value { get; set; }", "public double Forward;", "public const int InputCount = 3;",
            "public void Backward() { }", "public class Layout { }", "public static int W1 => 0;", "private int b2;", "public double[] Parameters = null!;",
            "public void Forward<T>() { }", "public int this[int i] => i;", "public static double Loss(double x) => x;", "public event System.Action? Trace;",
            "public int Item { get; set; }", "public void LengthMismatch() { }", "public object System = null!;", "public class Math { }",
            "public class Span<T> { }", "public struct Double { }", "public const double NaN = 0;", "public class ArgumentException { }",
            "public static void M(int input, int parameters) { }", "public int TraceLength;", "public enum OutputCount { A }", "public int ParameterCount() => 0;",
            "public delegate void W2();", "~{1}() { }", "public {1}(int x) { }", "public {1}() { }", "static {1}() { }", "public static implicit operator int({1} x) => 0;",
            "public class GeneratedCodeAttribute : System.Attribute { }", "public int z1_0, a1_0, dz1_0;", "public int Z1 { get; }",
            "public int input;", "public int loss;", "public int gradient;", "public int trace;", "public int output;", "public int target;",
        };

        private static string TypeShapeSource(Random random, string name)
        {
            ValidNetwork network = RandomValidNetwork(random);
            string typeName = Pick(random, TypeNames).Replace("{0}", name, StringComparison.Ordinal);
            string kind = Pick(random, NetworkKinds);
            bool partial = random.Next(8) != 0;
            string typeParameters = random.Next(3) == 0 ? Pick(random, TypeParameterLists) : string.Empty;
            string constraints = string.Empty;
            int where = typeParameters.IndexOf(" where", StringComparison.Ordinal);
            if (where >= 0)
            {
                constraints = typeParameters.Substring(where);
                typeParameters = typeParameters.Substring(0, where);
            }

            string primaryConstructor = kind.Contains("record", StringComparison.Ordinal) && random.Next(2) == 0 ? "(int X)"
                : random.Next(10) == 0 ? "(int x)" : string.Empty;
            string baseList = random.Next(8) == 0
                ? Pick(random, new[] { " : System.Attribute", " : System.Exception", " : System.IDisposable", " : Base" + name, " : " + typeName + "Base", " : System.Collections.IEnumerable" })
                : string.Empty;
            string member = Pick(random, Members).Replace("{1}", StripTypeArguments(typeName), StringComparison.Ordinal);
            string accessibility = kind.Contains("internal", StringComparison.Ordinal) || kind.Contains("protected", StringComparison.Ordinal)
                || kind.Contains("private", StringComparison.Ordinal) ? string.Empty : "public ";
            string body = kind.Contains("record", StringComparison.Ordinal) && random.Next(3) == 0 ? ";\n" : "\n{\n    " + member + "\n}\n";
            string declaration = network.AttributeLists(random)
                + accessibility + ModifiersAndKeyword(kind, partial) + " " + typeName + typeParameters + primaryConstructor + baseList + constraints + body;

            // Wrap in 0-3 containing types.
            int depth = random.Next(4);
            for (int d = depth; d > 0; d--)
            {
                string containerKind = Pick(random, ContainerKinds);
                bool containerPartial = random.Next(6) != 0;
                string containerName = "Outer" + Invariant(d) + name + (random.Next(5) == 0 ? "<TOuter" + Invariant(d) + ">" : string.Empty);
                declaration = ModifiersAndKeyword(containerKind, containerPartial) + " " + containerName + "\n{\n" + Indent(declaration) + "}\n";
                if (random.Next(3) == 0)
                {
                    declaration = "public " + declaration;
                }
            }

            string extra = baseList.Contains("Base", StringComparison.Ordinal)
                ? "\npublic class Base" + name + " { public virtual void Forward() { } public int W1; public static double Loss; }\npublic class " + typeName + "Base { }\n"
                : string.Empty;
            return "using DerivGen;\n\n" + Namespace(random, name, declaration + extra);
        }

        private static string ModifiersAndKeyword(string kind, bool partial)
        {
            // "readonly ref struct" + partial -> "readonly ref partial struct"; "static class" -> "static partial class".
            string[] words = kind.Split(' ');
            string keyword = words[^1];
            if (keyword is "class" or "struct" && words.Length > 1 && words[^2] == "record")
            {
                keyword = "record " + keyword;
                words = words[..^2];
            }
            else
            {
                words = words[..^1];
            }

            return string.Join(" ", words.Append(partial ? "partial " + keyword : keyword));
        }

        private static string StripTypeArguments(string typeName) => typeName.Split('<')[0];

        private static string Namespace(Random random, string name, string body) => random.Next(9) switch
        {
            0 => "namespace Fuzz." + name + ";\n\n" + body,
            1 => "namespace Fuzz." + name + "\n{\n" + Indent(body) + "}\n",
            2 => "namespace A" + name + " { namespace B { namespace C {\n" + body + "} } }\n",
            3 => "namespace @class.@int." + name + ";\n\n" + body,
            4 => "namespace " + name + ";\n\n" + body,
            _ => body,
        };

        private static readonly string[] NamespaceTemplates =
        {
            "{2}", "namespace A;\n\n{2}", "namespace A.B.C;\n\n{2}", "namespace A\n{{\n    namespace B\n    {{\n{2}    }}\n}}\n", "namespace A.B\n{{\n{2}}}\n",
            "namespace @class;\n\n{2}", "namespace System;\n\n{2}", "namespace DerivGen;\n\n{2}", "namespace DerivGen.Tests;\n\n{2}", "namespace {0};\n\n{2}",
            "namespace {1};\n\n{2}", "namespace A;\nnamespace B;\n\n{2}", "{2}\nnamespace A;\n", "namespace A;\n\nnamespace B\n{{\n{2}}}\n",
            "namespace A.@int.B;\n\n{2}", "namespace Ünïcödé.ℕ;\n\n{2}", "namespace X.System.Math;\n\n{2}", "namespace X.DerivGen;\n\n{2}",
            "namespace global;\n\n{2}", "namespace global::A;\n\n{2}", "namespace A..B;\n\n{2}", "namespace A.;\n\n{2}", "namespace ;\n\n{2}",
            "namespace A\n{{\n{2}", "namespace A\n{{\n{2}}}\n}}\n", "namespace A {{ }}\nnamespace A\n{{\n{2}}}\n", "namespace A.B {{ public class {1} {{ }} }}\nnamespace A\n{{\n{2}}}\n",
            "namespace {1}\n{{\n{2}}}\n", "namespace A\n{{\n    using DerivGen;\n{2}}}\n", "namespace Net;\n\n{2}", "namespace Fz.Fz.Fz;\n\n{2}",
            "namespace A\n{{\n    public partial class {1}Outer\n    {{\n{2}    }}\n}}\n",
        };

        private static ImmutableArray<string> NamespaceSources(Random random, string name)
        {
            ValidNetwork network = RandomDeclarationNetwork(random);
            string typeName = random.Next(4) == 0 ? "Net" : name;
            string declaration = network.AttributeLists(random) + "public partial class " + typeName + " { }\n";
            string template = Pick(random, NamespaceTemplates);
            string usings = random.Next(6) == 0 ? string.Empty : "using DerivGen;\n\n";
            string source = usings + string.Format(CultureInfo.InvariantCulture, template, "N" + name, typeName, declaration);
            if (random.Next(4) == 0)
            {
                // A second network of the same simple name elsewhere: hint names must still differ.
                ValidNetwork other = RandomDeclarationNetwork(random);
                string otherTemplate = Pick(random, NamespaceTemplates);
                string otherSource = "using DerivGen;\n\n" + string.Format(CultureInfo.InvariantCulture, otherTemplate, "M" + name, typeName,
                    other.AttributeLists(random) + "public partial class " + typeName + " { }\n");
                return ImmutableArray.Create(source, otherSource);
            }

            return One(source);
        }

        // ---------------------------------------------------------------------------------------------------------
        // Sizes.

        /// <summary>
        /// Layers far past any size DerivGen generates code for (each has a layer of more than 4097 × 4097 weights, past
        /// both the unroll limit and the largest looped layer), so they must be rejected with DG0005 whatever the limits.
        /// </summary>
        private static readonly (string Inputs, string[] Units)[] OversizedShapes =
        {
            ("int.MaxValue", new[] { "2" }), ("int.MaxValue", new[] { "1" }), ("3", new[] { "int.MaxValue" }), ("4097", new[] { "4097" }),
            ("1", new[] { "16777217", "2" }), ("16777217", new[] { "1" }), ("2", new[] { "8388609" }), ("1", new[] { "4096", "4097", "1" }),
            ("2147483647", new[] { "2147483647" }), ("3", new[] { "3", "int.MaxValue", "1" }), ("1", new[] { "1", "1", "16777217" }),
            ("1 << 20", new[] { "1 << 20" }), ("46341", new[] { "46341" }), ("1 << 24", new[] { "2" }), ("1", new[] { "1 << 12", "(1 << 12) + 1", "1" }),
            ("0x7FFFFFFF", new[] { "3", "3" }), ("10000", new[] { "10000", "10000" }), ("1", new[] { "int.MaxValue", "int.MaxValue" }),
            ("4097", new[] { "int.MaxValue" }), ("2", new[] { "2", "2", "2", "int.MaxValue", "2" }), ("65536", new[] { "65536" }),
        };

        private static string OversizedSource(Random random, string name)
        {
            var (inputs, units) = Pick(random, OversizedShapes);
            var text = new StringBuilder("using DerivGen;\n\n[Network(").Append(inputs);
            string loss = Pick(random, LossNames);
            if (loss is not ("BinaryCrossEntropy" or "CrossEntropy"))
            {
                text.Append(", Loss = LossFunction.").Append(loss);
            }

            text.Append(")]\n");
            foreach (string u in units)
            {
                string activation = Pick(random, ActivationNames.Where(a => a != "Softmax").ToArray());
                text.Append("[Dense(").Append(u).Append(", Activation.").Append(activation).Append(")]\n");
            }

            return text.Append("public partial class ").Append(name).Append(" { }\n").ToString();
        }

        private static string PathologicalSource(Random random, string name)
        {
            switch (random.Next(12))
            {
                case 0:
                {
                    // Deep nesting of partial containers.
                    int depth = random.Next(8, 30);
                    string body = RandomValidNetwork(random).AttributeLists(random) + "public partial class " + name + " { }\n";
                    for (int d = depth; d > 0; d--)
                    {
                        body = "public partial " + Pick(random, new[] { "class", "struct", "record", "static class", "interface" }) + " L" + Invariant(d) + "\n{\n" + body + "}\n";
                    }

                    return "using DerivGen;\n\n" + body;
                }

                case 1:
                {
                    // Very long identifiers.
                    string longName = name + new string('x', random.Next(200, 1500));
                    return "using DerivGen;\n\nnamespace " + new string('N', random.Next(100, 800)) + ";\n\n" + RandomValidNetwork(random).AttributeLists(random) + "public partial class " + longName + " { }\n";
                }

                case 2:
                {
                    // Many small networks in one file; each draws its method groups, which are most of a small network's code.
                    var text = new StringBuilder("using DerivGen;\n\n");
                    int count = random.Next(5, 16);
                    for (int n = 0; n < count; n++)
                    {
                        string? methods = MethodGroups[random.Next(MethodGroups.Length)];
                        text.Append("[Network(").Append(Invariant(random.Next(1, 3))).Append(methods is null ? string.Empty : ", Methods = " + methods)
                            .Append(")][Dense(").Append(Invariant(random.Next(1, 3)))
                            .Append(", Activation.").Append(Pick(random, ActivationNames.Where(a => a != "Softmax").ToArray())).Append(")]\npublic partial class ")
                            .Append(name).Append('_').Append(Invariant(n)).Append(" { }\n");
                    }

                    return text.ToString();
                }

                case 3:
                {
                    // A deep network of narrow layers: long derivative chains, still a few hundred parameters.
                    var text = new StringBuilder("using DerivGen;\n\n[Network(1)]\n");
                    int layers = random.Next(15, 60);
                    for (int l = 0; l < layers; l++)
                    {
                        text.Append("[Dense(").Append(Invariant(random.Next(1, 3))).Append(", Activation.")
                            .Append(Pick(random, ActivationNames.Where(a => a != "Softmax").ToArray())).Append(")]\n");
                    }

                    return text.Append("public partial class ").Append(name).Append(" { }\n").ToString();
                }

                case 4:
                    // Comments and trivia everywhere.
                    return "using /*a*/ DerivGen /*b*/;\n\n[/*c*/Network/*d*/(/*e*/3/*f*/,/*g*/Loss/*h*/=/*i*/LossFunction/*j*/./*k*/Huber/*l*/)/*m*/]\n"
                        + "[ Dense ( 2 , Activation . Tanh ) ] // trailing\n#region r\n[Dense(1)]\n#endregion\n/// <summary>doc</summary>\npublic /*n*/ partial /*o*/ class /*p*/ " + name + " /*q*/ { }\n";
                case 5:
                    return "using DerivGen;\n#pragma warning disable DG0001, DG0002, DG0003, DG0004, DG0005, CS0579\n#nullable disable\n"
                        + ExtremeArgumentSource(random, name).Substring("using DerivGen;\n".Length) + "#pragma warning restore\n";
                case 6:
                    return "using DerivGen;\n\n#line 1 \"other.cs\"\n[Network(2)]\n#line hidden\n[Dense(2, Activation.ReLU)]\n#line default\n[Dense(1)]\npublic partial class " + name + " { }\n";
                case 7:
                    return "#define FUZZ\nusing DerivGen;\n\n#if FUZZ\n[Network(2)]\n#else\n[Network(3)]\n#endif\n#if !FUZZ\n[Dense(5)]\n#endif\n[Dense(2)]\npublic partial class " + name + " { }\n";
                case 8:
                {
                    // A network split over several files: [Network] on one declaration, the layers on another, members on a third.
                    return "using DerivGen;\n\n" + "[Network(2)]\npublic partial class " + name + " { }\n"
                        + "[Dense(3, Activation.Elu)]\n[Dense(1)]\npublic partial class " + name + " { public int Helper() => 1; }\n"
                        + "public partial class " + name + " { private double _state; public double State => _state; }\n";
                }

                case 9:
                    // Generic networks of the same simple name and arity-mangled look-alikes, differing only by case.
                    return "using DerivGen;\n\n"
                        + Pick(random, new[]
                        {
                            "[Network(2)][Dense(1)] public partial class Net<T> { }\n[Network(2)][Dense(1)] public partial class Net_1 { }\n",
                            "[Network(2)][Dense(1)] public partial class Net { }\n[Network(2)][Dense(1)] public partial class NET { }\n",
                            "[Network(2)][Dense(1)] public partial class Net { }\n[Network(2)][Dense(1)] public partial class Net<T> { }\n[Network(2)][Dense(1)] public partial class Net<T, U> { }\n",
                            "namespace A { public partial class B { [Network(2)][Dense(1)] public partial class C { } } }\nnamespace A.B { [Network(2)][Dense(1)] public partial class C { } }\n",
                            "namespace A.B { [Network(2)][Dense(1)] public partial class C { } }\nnamespace A { [Network(2)][Dense(1)] public partial class B_C { } }\n",
                            "[Network(2)][Dense(1)] public partial class Ab { }\n[Network(2)][Dense(1)] public partial class AB { }\n[Network(2)][Dense(1)] public partial class ab { }\n",
                        });
                case 10:
                    // Unicode-escaped identifiers that name the same type.
                    return "using DerivGen;\n\n[Network(2)][Dense(1)] public partial class N\\u0065t" + name + " { }\npublic partial class Net" + name + " { }\n";
                default:
                    // Around the unroll limit (UnrollLimit on [Network]): layers past it are looped or rejected, and the part
                    // that is unrolled stays small, so these compile fast.
                    return "using DerivGen;\n\n" + Pick(random, new[]
                    {
                        "[Network(1)]\n[Dense(4097, Activation.Tanh)]\n[Dense(2)]\n",
                        "[Network(4097)]\n[Dense(1)]\n",
                        "[Network(4097)]\n[Dense(2, Activation.Tanh)]\n[Dense(1)]\n",
                        "[Network(5000)]\n[Dense(3, Activation.Gelu)]\n[Dense(2, Activation.Softmax)]\n",
                        "[Network(8, UnrollLimit = 0)]\n[Dense(4, Activation.ReLU)]\n[Dense(1)]\n",
                        "[Network(8, UnrollLimit = 1)]\n[Dense(4, Activation.Softmax)]\n[Dense(3, Activation.Elu)]\n[Dense(2)]\n",
                        "[Network(3, UnrollLimit = -1)]\n[Dense(2)]\n",
                        "[Network(1, UnrollLimit = 0)]\n[Dense(65, Activation.Tanh)]\n[Dense(64, Activation.Gelu)]\n[Dense(1)]\n",
                        "[Network(1, UnrollLimit = 0)]\n[Dense(4097, Activation.Softmax)]\n[Dense(1)]\n",
                    }) + "public partial class " + name + " { }\n";
            }
        }

        // ---------------------------------------------------------------------------------------------------------
        // Mixed: fragments of other categories with valid networks, in one or several files.

        private static ImmutableArray<string> MixedSources(Random random, int seed, int index, string name)
        {
            var sources = new List<string> { ValidNetworkSource(random, name + "_valid") };
            int fragments = random.Next(1, 4);
            string[] donors = Categories.Where(c => c is not Mixed and not Pathological and not Oversized).ToArray();
            for (int f = 0; f < fragments; f++)
            {
                FuzzCase donor = Create(seed ^ 0x5A5A, (index * 8) + f + 1, Pick(random, donors));
                foreach (string source in donor.Sources)
                {
                    sources.Add(source.Replace("Fz" + donor.Index.ToString(CultureInfo.InvariantCulture), name + "_" + Invariant(f), StringComparison.Ordinal));
                }
            }

            Shuffle(random, sources);
            if (random.Next(3) == 0)
            {
                return One(string.Join("\n", sources));
            }

            return sources.ToImmutableArray();
        }

        // ---------------------------------------------------------------------------------------------------------

        private static ImmutableArray<string> One(string source) => ImmutableArray.Create(source);

        private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private static void Shuffle<T>(Random random, IList<T> items)
        {
            for (int i = items.Count - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }

        private static string Indent(string text) =>
            string.Join("\n", text.TrimEnd('\n').Split('\n').Select(line => line.Length == 0 ? line : "    " + line)) + "\n";

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
