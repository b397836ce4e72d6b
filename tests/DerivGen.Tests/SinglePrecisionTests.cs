using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// <c>[Network(..., Precision = Precision.Single)]</c>: the small cases of References/networks
    /// (<see cref="ReferenceCases.Small"/>: 48 of the 128, with every activation, loss and edge case) generated over float
    /// in one compilation, run with the case's numbers rounded to float and compared with the case's 50-digit results;
    /// the float API's shapes; and the seeds' dL/dz2 of TinyNet reproduced in float. The float emitter differs from the
    /// double one only in the scalar type, its literals and its math class, which the size of a network does not change;
    /// compiling all 128 again in float cost a quarter of the suite's time.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Tolerances. The double tests (<see cref="ReferenceCaseTests"/>) hold the normwise gradient error to 1e-13 and the
    /// relative loss error to 1e-14, i.e. about 900 and 90 times double's unit roundoff u_d = 2^-53 ≈ 1.11e-16. Float's
    /// unit roundoff is u_s = 2^-24 ≈ 5.96e-8 = 2^29·u_d, so the same multiples of u_s are 1e-13·2^29 ≈ 5.4e-5 for the
    /// gradient (and the output, which the double tests also hold to 1e-13) and 1e-14·2^29 ≈ 5.4e-6 for the loss.
    /// </para>
    /// <para>
    /// The comparison is with the exact results for the double inputs, so the error measured here also holds the effect
    /// of rounding the inputs (θ, x, y, and the slope and δ literals the generator rounds) to float: a relative
    /// perturbation of at most u_s per input, which a well-conditioned case turns into an output change of a few u_s.
    /// The double tests cannot see that term (their inputs are exact), which is one more reason to scale their
    /// tolerance and not tighten it. No reference case needed more: <see cref="WorstErrorsOverAllCasesAreWithinTheFloatTolerances"/>
    /// prints the worst errors. Over all 128 cases they were 1.03e-6 for the gradient and 9.9e-7 for the loss (both
    /// random_056, about 17 u_s) and 3.7e-7 for the output, 50 and 5 times below the tolerances.
    /// </para>
    /// </remarks>
    [Trait("Category", "Slow")] // a shared compilation of 48 networks; see README, "Tests and snapshots"
    public sealed class SinglePrecisionTests
    {
        /// <summary>u_s / u_d = 2^-24 / 2^-53 = 2^29.</summary>
        private const double UnitRoundoffRatio = 536870912.0;

        /// <summary>The double tests' 1e-13 normwise gradient bound scaled by 2^29: ≈ 5.37e-5.</summary>
        private const double GradientTolerance = 1e-13 * UnitRoundoffRatio;

        /// <summary>The double tests' 1e-14 relative loss bound scaled by 2^29: ≈ 5.37e-6.</summary>
        private const double LossTolerance = 1e-14 * UnitRoundoffRatio;

        /// <summary>The double tests hold the output to the gradient's 1e-13; scaled by 2^29 as well.</summary>
        private const double OutputTolerance = 1e-13 * UnitRoundoffRatio;

        /// <summary>
        /// The seeds' worked exercise (tests/DerivGen.Tests/References/networks/seed-331.json, <c>TestNetworks.TinyNet</c>): dL/dz2 at the 50-digit
        /// reference, as the seeds state it.
        /// </summary>
        private const double SeedOutputAdjoint = -3.836099724452096e-7;

        /// <summary>
        /// The relative tolerance for TinyNet's dL/dz2 in float. dL/dz2 = 2(σ(z2) − 18)·σ′(z2) with z2 = 18.3, where
        /// σ′(z2) ≈ e^−z2, so an absolute error Δ in z2 is a relative error Δ in dL/dz2. z2 = W2·relu(W1·x + b1) + b2 has
        /// only positive terms (hidden units 3.9, 12.1 and 20.3; every weight and bias positive), so its float value is
        /// within about 10 u_s relative of the exact one for the double inputs: 1 u_s for rounding each input to float,
        /// 4 for a hidden unit's three products and three additions (γ_4, all terms positive), then 1 for rounding W2, 1
        /// for each product and 3 for the additions of the output's sum. |Δ| ≲ 10·18.3·u_s ≈ 1.1e-5; the exp, the
        /// σ′ quotient and 2(σ − 18) add a few u_s (σ rounds to 1 in float, which changes σ − 18 by 7e-10 relative).
        /// So 1.2e-5 ≈ 200·u_s. Rounding the inputs alone moves the exact dL/dz2 by 5.0e-7 (computed at 50 digits). A
        /// textbook σ(1 − σ) in float gives 0 here (σ(18.3) rounds to 1): an error of 1.
        /// </summary>
        private const double SeedOutputAdjointTolerance = 1.2e-5;

        internal const string Namespace = "SingleReferenceNetworks";

        /// <summary>Shared with <see cref="LaneBatchTests"/>: one compilation of the float reference networks per test run.</summary>
        internal static readonly Lazy<CompiledNetworks> Compiled = new(() => CompiledNetworks.Build(
            ReferenceCases.Small.Select(c => c.Network with { Precision = Precision.Single }).ToArray(),
            Namespace,
            "DerivGen.SingleReferenceNetworks"));

        private readonly ITestOutputHelper output;

        public SinglePrecisionTests(ITestOutputHelper output) => this.output = output;

        public static TheoryData<string> CaseNames => new(ReferenceCases.Small.Select(c => c.Name));

        [Fact]
        public void EverySmallReferenceNetworkGeneratesInSinglePrecisionInOneCompilation()
        {
            CompiledNetworks compiled = Compiled.Value;

            Assert.Null(compiled.Run.Exception);
            Assert.True(compiled.Run.GeneratorDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.Run.GeneratorDiagnostics));
            Assert.Equal(ReferenceCases.Small.Count, compiled.Run.Sources.Length);
            Assert.True(compiled.Problems.Count == 0, string.Join("\n", compiled.Problems.Select(p => p.Key + ": " + p.Value)));
            Assert.True(compiled.CompilerDiagnostics.IsEmpty, GeneratorRun.Describe(compiled.CompilerDiagnostics.Take(20)));
        }

        [Fact]
        public void GeneratedSingleCodeComputesInFloatOnly()
        {
            // Every generated float file: no `double` keyword, no literal of type double, and no call into System.Math
            // (MathF is the float one). A double slipping in would compile (float widens to double implicitly) and pass
            // the accuracy tests, yet give a different API or double the memory traffic.
            GeneratorRun run = Compiled.Value.Run;
            SyntaxTree[] generated = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToArray();
            Assert.Equal(ReferenceCases.Small.Count, generated.Length);
            foreach (SyntaxTree tree in generated)
            {
                SyntaxNode root = tree.GetRoot();
                string name = System.IO.Path.GetFileName(tree.FilePath);
                var doubleKeywords = root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.DoubleKeyword)).ToArray();
                var doubleLiterals = root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.NumericLiteralToken) && t.Value is double).ToArray();
                var mathCalls = root.DescendantNodes().OfType<MemberAccessExpressionSyntax>()
                    .Where(m => m.Expression.ToString() is "global::System.Math" or "System.Math" or "Math")
                    .ToArray();
                Assert.True(doubleKeywords.Length == 0, $"{name}: 'double' at lines {Lines(doubleKeywords.Select(t => t.GetLocation()))}");
                Assert.True(doubleLiterals.Length == 0, $"{name}: double literals {string.Join(", ", doubleLiterals.Take(5).Select(t => t.Text))} at lines {Lines(doubleLiterals.Select(t => t.GetLocation()))}");
                Assert.True(mathCalls.Length == 0, $"{name}: System.Math used: {string.Join(", ", mathCalls.Take(5).Select(m => m.ToString()))}");
            }
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void BackwardMatchesTheReferenceInSinglePrecision(string name)
        {
            Errors errors = Measure(ReferenceCases.Get(name));

            Assert.True(errors.AllFinite, errors.Report);
            Assert.True(errors.Loss <= LossTolerance, $"Loss outside {LossTolerance:E2}: {errors.Report}");
            Assert.True(errors.Gradient <= GradientTolerance, $"Gradient outside {GradientTolerance:E2}: {errors.Report}");
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void LossAndForwardMatchTheReferenceInSinglePrecision(string name)
        {
            Errors errors = Measure(ReferenceCases.Get(name));

            Assert.True(errors.AllFinite, errors.Report);
            Assert.True(errors.LossFunction <= LossTolerance, $"Loss() outside {LossTolerance:E2}: {errors.Report}");
            Assert.True(errors.Output <= OutputTolerance, $"Forward outside {OutputTolerance:E2}: {errors.Report}");
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void TraceHoldsTheForwardOutputAndTheLossOfBackwardInSinglePrecision(string name)
        {
            ReferenceCase reference = ReferenceCases.Get(name);
            SingleNetworkFunctions f = Compiled.Value.GetSingle(reference.ClassName);
            float[] parameters = ToSingle(reference.Parameters), x = ToSingle(reference.X), y = ToSingle(reference.Y);

            var gradient = new float[f.ParameterCount];
            var trace = new float[f.TraceLength];
            float tracedLoss = f.BackwardWithTrace(parameters, x, y, gradient, trace);
            var plainGradient = new float[f.ParameterCount];
            float plainLoss = f.Backward(parameters, x, y, plainGradient);

            // The same float expressions in every method, so the floats are identical, not merely close.
            Assert.Equal(reference.Network.TraceLength, f.TraceLength);
            Assert.Equal(reference.Network.ParameterCount, f.ParameterCount);
            Assert.Equal(plainLoss, tracedLoss);
            Assert.Equal(plainGradient, gradient);
            Assert.Equal(f.Loss(parameters, x, y), plainLoss);
            int last = reference.Network.Layers.Count - 1;
            int units = reference.Network.Layers[last].Units;
            int aOffset = reference.Network.TraceOffset(last) + units;
            Assert.Equal(f.ForwardToArray(parameters, x), trace.AsSpan(aOffset, units).ToArray());
        }

        [Fact]
        public void WorstErrorsOverAllCasesAreWithinTheFloatTolerances()
        {
            var all = ReferenceCases.Small.Select(Measure).ToArray();
            Errors worstGradient = all.MaxBy(e => e.Gradient)!;
            Errors worstLoss = all.MaxBy(e => Math.Max(e.Loss, e.LossFunction))!;
            Errors worstOutput = all.MaxBy(e => e.Output)!;

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{all.Length} cases in float (Precision.Single), inputs rounded to float, against the 50-digit results:"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  worst normwise gradient error {worstGradient.Gradient:E2} (tolerance {GradientTolerance:E2}) in {worstGradient.Name}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  worst relative loss error     {Math.Max(worstLoss.Loss, worstLoss.LossFunction):E2} (tolerance {LossTolerance:E2}) in {worstLoss.Name}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  worst normwise output error   {worstOutput.Output:E2} (tolerance {OutputTolerance:E2}) in {worstOutput.Name}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  in units of u_s = 2^-24: gradient {worstGradient.Gradient / Math.Pow(2, -24):F1}, loss {Math.Max(worstLoss.Loss, worstLoss.LossFunction) / Math.Pow(2, -24):F1}, output {worstOutput.Output / Math.Pow(2, -24):F1}"));

            Assert.All(all, e => Assert.True(e.AllFinite, e.Report));
            Assert.True(worstGradient.Gradient <= GradientTolerance, worstGradient.Report);
            Assert.True(Math.Max(worstLoss.Loss, worstLoss.LossFunction) <= LossTolerance, worstLoss.Report);
            Assert.True(worstOutput.Output <= OutputTolerance, worstOutput.Report);
        }

        [Fact]
        public void TinyNetInSinglePrecisionReproducesTheSeedsOutputAdjoint()
        {
            ReferenceCase seed = ReferenceCases.Get("seed-331");
            Assert.Equal(new[] { 3, 1 }, seed.Network.Layers.Select(l => l.Units));
            SingleNetworkFunctions f = Compiled.Value.GetSingle(seed.ClassName);
            var trace = new float[f.TraceLength];
            f.BackwardWithTrace(ToSingle(seed.Parameters), ToSingle(seed.X), ToSingle(seed.Y), new float[f.ParameterCount], trace);

            // Trace layout: Z1[0..2], A1[0..2], dA1[0..2], dZ1[0..2], Z2, A2, dA2, dZ2.
            float dz2 = trace[15];
            double error = ErrorMetrics.Relative(dz2, SeedOutputAdjoint);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"TinyNet in float: z2 = {trace[12]:R}, a2 = {trace[13]:R}, dL/dz2 = {dz2:R} vs the seeds' {SeedOutputAdjoint:R}: relative error {error:E2} ({error / Math.Pow(2, -24):F1} u_s; tolerance {SeedOutputAdjointTolerance:E1})"));
            Assert.True(
                error <= SeedOutputAdjointTolerance,
                string.Create(CultureInfo.InvariantCulture, $"dL/dz2 = {dz2:R}, the seeds' {SeedOutputAdjoint:R}: relative error {error:E2} > {SeedOutputAdjointTolerance:E1}"));

            // The gradient's output-layer bias entry is dL/dz2 itself.
            var gradient = new float[f.ParameterCount];
            f.Backward(ToSingle(seed.Parameters), ToSingle(seed.X), ToSingle(seed.Y), gradient);
            Assert.Equal(dz2, gradient[15]);
        }

        [Fact]
        public void SingleApiHasTheDoubleApisShapesOverFloat()
        {
            CollectibleAssembly assembly = Compiled.Value.Assembly ?? throw new Xunit.Sdk.XunitException("Nothing was emitted.");
            ReferenceCase seed = ReferenceCases.Get("seed-331");
            Type type = assembly.GetType(Namespace + "." + seed.ClassName);
            Type values = typeof(ReadOnlySpan<float>), span = typeof(Span<float>);

            // The constants do not depend on the precision.
            Assert.Equal(3, CollectibleAssembly.Constant(type, "InputCount"));
            Assert.Equal(1, CollectibleAssembly.Constant(type, "OutputCount"));
            Assert.Equal(16, CollectibleAssembly.Constant(type, "ParameterCount"));
            Assert.Equal(16, CollectibleAssembly.Constant(type, "TraceLength"));

            // Every method of the double API, static (θ first) and instance (θ owned), over float.
            var expected = new (string Name, Type Returns, Type[] Parameters)[]
            {
                ("Forward", typeof(void), new[] { values, span }),
                ("Loss", typeof(float), new[] { values, values }),
                ("Backward", typeof(float), new[] { values, values, span }),
                ("Backward", typeof(float), new[] { values, values, span, span }),
                ("BackwardAccumulate", typeof(float), new[] { values, values, span }),
                ("ForwardBatch", typeof(void), new[] { values, typeof(int), span }),
                ("LossBatch", typeof(float), new[] { values, values, typeof(int) }),
                ("LossBatchMean", typeof(float), new[] { values, values, typeof(int) }),
                ("BackwardBatch", typeof(float), new[] { values, values, typeof(int), span }),
                ("BackwardBatchMean", typeof(float), new[] { values, values, typeof(int), span }),
                ("HessianVectorProduct", typeof(float), new[] { values, values, values, span, span }),
                ("HessianVectorProductBatchMean", typeof(float), new[] { values, values, typeof(int), values, span, span }),
            };
            foreach (var (name, returns, parameters) in expected)
            {
                Type[] withTheta = new[] { values }.Concat(parameters).ToArray();
                MethodInfo? staticMethod = type.GetMethod(name, BindingFlags.Public | BindingFlags.Static, withTheta);
                MethodInfo? instanceMethod = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters);
                Assert.True(staticMethod is not null, $"No public static {name}({string.Join(", ", withTheta.Select(Describe))})");
                Assert.True(instanceMethod is not null, $"No public instance {name}({string.Join(", ", parameters.Select(Describe))})");
                Assert.Equal(returns, staticMethod!.ReturnType);
                Assert.Equal(returns, instanceMethod!.ReturnType);
            }

            // No double anywhere in the public surface.
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                Assert.False(MentionsDouble(method.ReturnType), $"{method} returns a double type");
                Assert.All(method.GetParameters(), p => Assert.False(MentionsDouble(p.ParameterType), $"{method}: parameter {p.Name} is {Describe(p.ParameterType)}"));
            }

            Assert.Equal(typeof(float[]), type.GetProperty("Parameters")!.PropertyType);
            foreach (string view in new[] { "W1", "b1", "W2", "b2" })
            {
                Assert.Equal(span, type.GetProperty(view)!.PropertyType);
            }

            Type trace = type.GetNestedType("Trace", BindingFlags.Public) ?? throw new Xunit.Sdk.XunitException("No nested Trace type.");
            Assert.True(trace.IsByRefLike, "Trace is a ref struct");
            Assert.NotNull(trace.GetConstructor(new[] { span }));
            Assert.Null(trace.GetConstructor(new[] { typeof(Span<double>) }));
            foreach (string block in new[] { "Z1", "A1", "dA1", "dZ1", "Z2", "A2", "dA2", "dZ2" })
            {
                Assert.Equal(values, trace.GetProperty(block)!.PropertyType);
            }

            // The float API runs: Parameters starts at zero and has ParameterCount floats.
            object instance = Activator.CreateInstance(type)!;
            var owned = (float[])type.GetProperty("Parameters")!.GetValue(instance)!;
            Assert.Equal(16, owned.Length);
            Assert.All(owned, p => Assert.Equal(0f, p));
        }

        private Errors Measure(ReferenceCase reference)
        {
            SingleNetworkFunctions f = Compiled.Value.GetSingle(reference.ClassName);
            float[] parameters = ToSingle(reference.Parameters), x = ToSingle(reference.X), y = ToSingle(reference.Y);

            var gradient = new float[f.ParameterCount];
            float loss = f.Backward(parameters, x, y, gradient);
            float lossFunction = f.Loss(parameters, x, y);
            float[] outputs = f.ForwardToArray(parameters, x);
            double[] g = ToDouble(gradient), a = ToDouble(outputs);

            double gradientError = ErrorMetrics.Normwise(g, reference.ExpectedGradient);
            double outputError = ErrorMetrics.Normwise(a, reference.ExpectedOutput);
            double lossError = ErrorMetrics.Relative(loss, reference.ExpectedLoss);
            double lossFunctionError = ErrorMetrics.Relative(lossFunction, reference.ExpectedLoss);
            bool finite = float.IsFinite(loss) && float.IsFinite(lossFunction) && ErrorMetrics.AllFinite(g) && ErrorMetrics.AllFinite(a);
            int worst = ErrorMetrics.WorstIndex(g, reference.ExpectedGradient);
            int worstOutput = ErrorMetrics.WorstIndex(a, reference.ExpectedOutput);
            string report = string.Create(
                CultureInfo.InvariantCulture,
                $"{reference.Name} ({reference.Network}, float): Backward loss {loss:R} and Loss {lossFunction:R} vs {reference.ExpectedLoss:R} " +
                $"(relative errors {lossError:E2}, {lossFunctionError:E2}); gradient normwise error {gradientError:E2}, worst entry {worst}: " +
                $"{g[worst]:R} vs {reference.ExpectedGradient[worst]:R}; output normwise error {outputError:E2}, worst entry {worstOutput}: " +
                $"{a[worstOutput]:R} vs {reference.ExpectedOutput[worstOutput]:R}");
            return new Errors(reference.Name, gradientError, lossError, lossFunctionError, outputError, finite, report);
        }

        private static float[] ToSingle(IReadOnlyList<double> values) => values.Select(v => (float)v).ToArray();

        private static double[] ToDouble(float[] values) => values.Select(v => (double)v).ToArray();

        private static bool MentionsDouble(Type type) =>
            type == typeof(double) || type == typeof(double[]) || type == typeof(Span<double>) || type == typeof(ReadOnlySpan<double>) ||
            (type.HasElementType && MentionsDouble(type.GetElementType()!));

        private static string Describe(Type type) =>
            type.IsGenericType ? $"{type.Name.Split('`')[0]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>" : type.Name;

        private static string Lines(IEnumerable<Location> locations) =>
            string.Join(", ", locations.Take(5).Select(l => (l.GetLineSpan().StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture)));

        private sealed record Errors(string Name, double Gradient, double Loss, double LossFunction, double Output, bool AllFinite, string Report);
    }
}
