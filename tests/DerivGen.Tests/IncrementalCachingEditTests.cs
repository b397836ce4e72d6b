using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// Edit scenarios for the incremental pipeline, beyond <see cref="IncrementalCachingTests"/> (which covers a rerun on a
    /// cloned compilation, an unrelated edit in the network's own file, and the model step for width/activation/loss
    /// changes): an edit in another file, a comment and a method body inside the network class, each of which must leave
    /// the ParseResult, NetworkModel and GeneratedSource steps Cached or Unchanged and not re-run the source output; real
    /// changes, which must make all three steps and the source output Modified with new text; and a recursive walk of
    /// every step's outputs, through fields and properties, that fails on any Roslyn symbol, syntax node, syntax tree,
    /// semantic model or compilation.
    /// </summary>
    public sealed class IncrementalCachingEditTests
    {
        /// <summary>The network class the edits touch: a comment, a method with a body, and no diagnostics.</summary>
        private const string Model = """
            using DerivGen;

            namespace Caching;

            [Network(3, Loss = LossFunction.Huber, HuberDelta = 0.5)]
            [Dense(4, Activation.LeakyReLU, Slope = 0.1)]
            [Dense(2, Activation.Tanh)]
            public partial class EditedNet
            {
                // A comment inside the model class.
                public int Helper()
                {
                    return 1;
                }
            }

            """;

        private const string ModelHintName = "Caching.EditedNet.DerivGen.g.cs";

        /// <summary>A second file that has nothing to do with the network.</summary>
        private const string Unrelated = """
            namespace Caching;

            public class Unrelated
            {
                public int Value => 1;
            }

            """;

        /// <summary>The steps every edit scenario must find and check by name.</summary>
        private static readonly string[] CheckedSteps =
        {
            global::DerivGen.TrackingNames.ParseResult,
            global::DerivGen.TrackingNames.NetworkModel,
            global::DerivGen.TrackingNames.LoweredGraph,
            global::DerivGen.TrackingNames.DerivativeGraph,
            global::DerivGen.TrackingNames.GeneratedSource,
        };

        /// <summary>Edits that change nothing the generator reads: (file, old text, new text).</summary>
        public static TheoryData<string, string, string> EditsThatChangeNoModel => new()
        {
            // (a) an unrelated file
            { "Source1.cs", "public int Value => 1;", "public int Value => 2;\n    public string Name { get; } = \"edited\";" },
            // (b) a comment inside the model class
            { "Source0.cs", "// A comment inside the model class.", "// An edited comment inside the model class, now longer." },
            // (b') a comment above the attributes, which moves every span in the class
            { "Source0.cs", "namespace Caching;\n", "namespace Caching;\n\n// A new comment that shifts the attributes.\n" },
            // (c) a method body inside the model class
            { "Source0.cs", "return 1;", "int two = 2;\n        return two + 3;" },
            // (c') a new method with a body inside the model class
            { "Source0.cs", "    public int Helper()", "    public static double Scale(double x) { return 2.0 * x; }\n\n    public int Helper()" },
        };

        /// <summary>Edits that change the network: (old text, new text) in the model file.</summary>
        public static TheoryData<string, string> EditsThatChangeTheNetwork => new()
        {
            { "[Dense(4, Activation.LeakyReLU, Slope = 0.1)]", "[Dense(5, Activation.LeakyReLU, Slope = 0.1)]" }, // width
            { "[Dense(2, Activation.Tanh)]", "[Dense(2, Activation.Sigmoid)]" },                                   // activation
            { "Loss = LossFunction.Huber, HuberDelta = 0.5", "Loss = LossFunction.MeanSquaredError" },             // loss
            { "HuberDelta = 0.5", "HuberDelta = 0.25" },                                                           // a loss setting
            { "Slope = 0.1", "Slope = 0.2" },                                                                      // an activation setting
            { "[Network(3,", "[Network(2," },                                                                      // inputs
            { "[Dense(2, Activation.Tanh)]", "[Dense(3, Activation.Elu)]\n[Dense(2, Activation.Tanh)]" },          // a layer more
        };

        [Theory]
        [MemberData(nameof(EditsThatChangeNoModel))]
        public void EditsOutsideTheNetworkLeaveEveryStepCachedAndDoNotRerunTheSourceOutput(string file, string before, string after)
        {
            Compilation compilation = GeneratorHarness.CreateCompilation(Model, Unrelated);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);
            Assert.True(first.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(first.GeneratorDiagnostics));

            GeneratorRun second = GeneratorHarness.Run(first.Driver, Edit(compilation, file, before, after));

            foreach (string name in CheckedSteps)
            {
                var outputs = Steps(second, name).SelectMany(s => s.Outputs).ToArray();
                Assert.True(outputs.Length > 0, $"Step {name} produced no output, so the check would prove nothing");
                Assert.All(outputs, o => Assert.True(
                    o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step {name} was {o.Reason} after editing {file}"));
            }

            Assert.Equal(Outputs(first, global::DerivGen.TrackingNames.NetworkModel), Outputs(second, global::DerivGen.TrackingNames.NetworkModel));
            Assert.Equal(Outputs(first, global::DerivGen.TrackingNames.GeneratedSource), Outputs(second, global::DerivGen.TrackingNames.GeneratedSource));
            AssertOutputStepsAre(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
            Assert.Equal(first.Source(ModelHintName).Text, second.Source(ModelHintName).Text);
        }

        [Theory]
        [MemberData(nameof(EditsThatChangeTheNetwork))]
        public void ChangingTheNetworkModifiesEveryStepAndReemitsNewText(string before, string after)
        {
            Compilation compilation = GeneratorHarness.CreateCompilation(Model, Unrelated);
            GeneratorRun first = GeneratorHarness.Run(compilation, trackIncrementalGeneratorSteps: true);

            GeneratorRun second = GeneratorHarness.Run(first.Driver, Edit(compilation, "Source0.cs", before, after));

            Assert.True(second.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(second.GeneratorDiagnostics));
            foreach (string name in CheckedSteps)
            {
                Assert.Contains(Steps(second, name).SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
            }

            Assert.NotEqual(Outputs(first, global::DerivGen.TrackingNames.NetworkModel), Outputs(second, global::DerivGen.TrackingNames.NetworkModel));
            Assert.Contains(
                second.Result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs),
                o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
            Assert.NotEqual(first.Source(ModelHintName).Text, second.Source(ModelHintName).Text);
        }

        [Fact]
        public void StepOutputsHoldNoSymbolsSyntaxOrCompilations()
        {
            // Between them: the edited network, a nested generic one in a namespace, one with a warning (Softmax on one
            // unit) and one with errors, so ParseResult carries diagnostics with and without a model.
            const string More = """
                using DerivGen;

                namespace Walk.Ns
                {
                    public static partial class Outer<T>
                    {
                        internal partial struct Middle
                        {
                            [Network(2, Loss = LossFunction.CrossEntropy)]
                            [Dense(3, Activation.Gelu)]
                            [Dense(2, Activation.Softmax)]
                            internal partial record Net<U> { }
                        }
                    }

                    [Network(2)]
                    [Dense(1, Activation.Softmax)]
                    public partial class Warned { }

                    [Network(0)]
                    [Dense(-1)]
                    public partial class Broken { }

                    [Dense(2)]
                    public partial class Orphan { }
                }

                """;
            GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Model, Unrelated, More), trackIncrementalGeneratorSteps: true);

            Assert.Contains(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Warning);
            Assert.Contains(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            int walked = 0;
            // Every step DerivGen names (found by reflection, so a new step is walked too); Roslyn's own steps, such as
            // "Compilation", hold compilations by design.
            string[] stepNames = typeof(global::DerivGen.TrackingNames)
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (string)f.GetRawConstantValue()!)
                .Order(StringComparer.Ordinal)
                .ToArray();
            Assert.Subset(new HashSet<string>(stepNames), new HashSet<string>(CheckedSteps));
            foreach (string name in stepNames)
            {
                // ParseResult and the diagnostics steps hold Diagnostics, whose locations hold syntax trees: that is the
                // runtime's pattern (they are reported, never fed to the cached source output). Their message arguments,
                // and everything else in those steps, must still be plain data.
                bool diagnosticsAllowed = name == global::DerivGen.TrackingNames.ParseResult || name.EndsWith("Diagnostics", StringComparison.Ordinal);
                foreach (IncrementalGeneratorRunStep step in Steps(run, name))
                {
                    foreach ((object value, _) in step.Outputs)
                    {
                        IReadOnlyList<string> violations = RoslynObjectWalker.Find(value, name, diagnosticsAllowed);
                        Assert.True(violations.Count == 0, string.Join("\n", violations));
                        walked++;
                    }
                }
            }

            Assert.True(Steps(run, global::DerivGen.TrackingNames.NetworkModel).SelectMany(s => s.Outputs).Count() >= 3);
            Assert.True(Steps(run, global::DerivGen.TrackingNames.GeneratedSource).SelectMany(s => s.Outputs).Count() >= 3);
            Assert.True(walked >= 10, $"Only {walked} step outputs were walked");
        }

        [Fact]
        public void TheWalkerFindsRoslynObjectsInFieldsPropertiesArraysAndDiagnosticArguments()
        {
            CSharpCompilation compilation = GeneratorHarness.CreateCompilation(TestNetworks.TinyNet);
            INamedTypeSymbol symbol = compilation.GetTypeByMetadataName("TinyNet")!;
            SyntaxTree tree = compilation.SyntaxTrees.Single();
            var descriptor = new DiagnosticDescriptor("XX0001", "t", "{0}", "c", DiagnosticSeverity.Warning, true);

            Assert.Contains(RoslynObjectWalker.Find(new Holder(new object[] { 1, "x", new Holder(symbol) }), "s", false), v => v.Contains("ISymbol", StringComparison.Ordinal));
            Assert.Contains(RoslynObjectWalker.Find(new PropertyOnly(tree), "s", false), v => v.Contains("SyntaxTree", StringComparison.Ordinal));
            Assert.Contains(RoslynObjectWalker.Find(new Holder(tree.GetRoot()), "s", false), v => v.Contains("SyntaxNode", StringComparison.Ordinal));
            Assert.Contains(RoslynObjectWalker.Find(new Holder(compilation.GetSemanticModel(tree)), "s", false), v => v.Contains("SemanticModel", StringComparison.Ordinal));
            Assert.Contains(RoslynObjectWalker.Find(ImmutableArray.Create<object>(compilation), "s", false), v => v.Contains("Compilation", StringComparison.Ordinal));

            // A diagnostic with a location is allowed where diagnostics are, but not one that carries a symbol as argument,
            // and neither is allowed in a model step.
            Diagnostic located = Diagnostic.Create(descriptor, tree.GetRoot().GetLocation(), "text");
            Diagnostic withSymbol = Diagnostic.Create(descriptor, Location.None, symbol);
            Assert.Empty(RoslynObjectWalker.Find(new Holder(ImmutableArray.Create(located)), "s", true));
            Assert.Contains(RoslynObjectWalker.Find(new Holder(ImmutableArray.Create(withSymbol)), "s", true), v => v.Contains("ISymbol", StringComparison.Ordinal));
            Assert.NotEmpty(RoslynObjectWalker.Find(new Holder(ImmutableArray.Create(located)), "s", false));
            Assert.Empty(RoslynObjectWalker.Find(new Holder(new object[] { 1, 2.0, "s", ImmutableArray<int>.Empty, default(ImmutableArray<int>) }), "s", false));
        }

        private static Compilation Edit(Compilation compilation, string file, string before, string after)
        {
            SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == file);
            string text = old.GetText().ToString();
            Assert.Contains(before, text, StringComparison.Ordinal);
            string edited = text.Replace(before, after, StringComparison.Ordinal);
            return compilation.ReplaceSyntaxTree(old, old.WithChangedText(SourceText.From(edited)));
        }

        private static ImmutableArray<IncrementalGeneratorRunStep> Steps(GeneratorRun run, string name) =>
            run.Result.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps)
                ? steps
                : throw new Xunit.Sdk.XunitException(
                    $"No tracked step '{name}'. Tracked: [{string.Join(", ", run.Result.TrackedSteps.Keys.Order(StringComparer.Ordinal))}]");

        private static object[] Outputs(GeneratorRun run, string name) =>
            Steps(run, name).SelectMany(s => s.Outputs).Select(o => o.Value).ToArray();

        private static void AssertOutputStepsAre(GeneratorRun run, params IncrementalStepRunReason[] allowed)
        {
            var outputs = run.Result.TrackedOutputSteps.SelectMany(kv => kv.Value.Select(step => (kv.Key, step))).SelectMany(x => x.step.Outputs.Select(o => (x.Key, o.Reason))).ToArray();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(allowed.Contains(o.Reason), $"Output step {o.Key} ran again ({o.Reason})"));
        }

        private sealed record Holder(object Value);

        /// <summary>Holds its value only behind a computed property, so the walker has to read properties.</summary>
        private sealed class PropertyOnly
        {
            private static readonly ConditionalWeakTable<PropertyOnly, object> Values = new();

            public PropertyOnly(object value) => Values.Add(this, value);

            public object Value => Values.TryGetValue(this, out object? value) ? value : throw new InvalidOperationException();
        }
    }
}
