using System;
using System.Globalization;
using System.IO;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// Every case of References/networks (50-digit results rounded to doubles) through the generated code, with that folder's
    /// acceptance metric: normwise gradient error ≤ 1e-13, loss relative error ≤ 1e-14, no NaN or infinity.
    /// All cases are generated into one compilation, built once.
    /// </summary>
    [Trait("Category", "Slow")] // a shared compilation of many networks; see README, "Tests and snapshots"
    public sealed class ReferenceCaseTests
    {
        /// <summary>README: max_i |g_i − g_ref,i| / max_i |g_ref,i| ≤ 1e-13.</summary>
        private const double GradientTolerance = 1e-13;

        /// <summary>README: |L − L_ref| / |L_ref| ≤ 1e-14, or |L| ≤ 1e-300 when L_ref = 0.</summary>
        private const double LossTolerance = 1e-14;

        /// <summary>
        /// The README sets no bound for the output; we hold it to the gradient's normwise 1e-13. The output takes fewer
        /// operations than the gradient, so a correct forward pass meets this with room to spare.
        /// </summary>
        private const double OutputTolerance = 1e-13;

        /// <summary>
        /// Shared with <see cref="SecondOrderReferenceTests"/>, <see cref="SimdFormTests"/> and <see cref="LaneBatchTests"/>: one
        /// compilation of the reference networks per test run. Every network has the trace and H·v, which tests check on
        /// every case; InputGradient and InputJacobian, a fifth of the generated code, only the networks whose 50-digit
        /// Hessians and Jacobians <see cref="SecondOrderReferenceTests"/> checks (the 300 networks of
        /// <see cref="InputSensitivityFiniteDifferenceTests"/> check the rest of their behaviour); the batch methods, whose
        /// lane form costs the compiler several times what the scalar code does per line, only the small cases that
        /// <see cref="LaneBatchTests"/> checks lane by lane.
        /// </summary>
        internal static readonly Lazy<CompiledNetworks> Compiled = new(() =>
            CompiledNetworks.Build(ReferenceCases.All.Select(c => c.Network with { Methods = MethodsFor(c.Name) }).ToArray(), Namespace, "DerivGen.ReferenceNetworks"));

        internal const string Namespace = "ReferenceNetworks";

        public static TheoryData<string> CaseNames => new(ReferenceCases.All.Select(c => c.Name));

        private static NetworkMethods MethodsFor(string caseName)
        {
            NetworkMethods methods = NetworkMethods.Trace | NetworkMethods.SecondOrder;
            if (File.Exists(Path.Combine(RepositoryPaths.HessianReferenceFolder, caseName + ".json")))
            {
                methods |= NetworkMethods.InputSensitivities;
            }

            if (ReferenceCases.Small.Any(c => c.Name == caseName))
            {
                methods |= NetworkMethods.Batches; // LaneBatchTests compares each lane of these with the single-sample code
            }

            return methods;
        }

        [Fact]
        public void ReferenceFolderHoldsTheDocumentedCases()
        {
            // 120 random cases, 7 edge cases and the seed case, as References/networks/README.md lists them.
            Assert.Equal(120, ReferenceCases.All.Count(c => c.Name.StartsWith("random_", StringComparison.Ordinal)));
            Assert.Equal(7, ReferenceCases.All.Count(c => c.Name.StartsWith("edge_", StringComparison.Ordinal)));
            Assert.Contains(ReferenceCases.All, c => c.Name == "seed-331");
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void BackwardMatchesTheReferenceLossAndGradient(string name)
        {
            ReferenceCase reference = ReferenceCases.Get(name);
            NetworkFunctions f = Compiled.Value.Get(reference.ClassName);
            double[] parameters = reference.Parameters.ToArray(), x = reference.X.ToArray(), y = reference.Y.ToArray();

            var gradient = new double[f.ParameterCount];
            double loss = f.Backward(parameters, x, y, gradient);

            Assert.True(double.IsFinite(loss), $"{name}: loss is {loss.ToString("R", CultureInfo.InvariantCulture)}");
            Assert.True(ErrorMetrics.AllFinite(gradient), $"{name}: the gradient has a NaN or infinite entry");

            bool lossOk = reference.ExpectedLoss == 0.0
                ? Math.Abs(loss) <= 1e-300
                : ErrorMetrics.Relative(loss, reference.ExpectedLoss) <= LossTolerance;
            double gradientError = ErrorMetrics.Normwise(gradient, reference.ExpectedGradient);
            int worst = ErrorMetrics.WorstIndex(gradient, reference.ExpectedGradient);
            string report = string.Create(
                CultureInfo.InvariantCulture,
                $"{name} ({reference.Network}): loss {loss:R} vs {reference.ExpectedLoss:R} (relative error {ErrorMetrics.Relative(loss, reference.ExpectedLoss):E2}); " +
                $"gradient normwise error {gradientError:E2}, worst entry {worst}: {gradient[worst]:R} vs {reference.ExpectedGradient[worst]:R}");

            Assert.True(lossOk, "Loss outside 1e-14: " + report);
            Assert.True(gradientError <= GradientTolerance, "Gradient outside 1e-13: " + report);
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void LossAndForwardMatchTheReference(string name)
        {
            ReferenceCase reference = ReferenceCases.Get(name);
            NetworkFunctions f = Compiled.Value.Get(reference.ClassName);
            double[] parameters = reference.Parameters.ToArray(), x = reference.X.ToArray(), y = reference.Y.ToArray();

            double loss = f.Loss(parameters, x, y);
            double[] output = f.ForwardToArray(parameters, x);

            Assert.True(ErrorMetrics.AllFinite(output), $"{name}: the output has a NaN or infinite entry");
            bool lossOk = reference.ExpectedLoss == 0.0
                ? Math.Abs(loss) <= 1e-300
                : ErrorMetrics.Relative(loss, reference.ExpectedLoss) <= LossTolerance;
            Assert.True(lossOk, string.Create(CultureInfo.InvariantCulture, $"{name}: Loss {loss:R} vs {reference.ExpectedLoss:R}"));
            double outputError = ErrorMetrics.Normwise(output, reference.ExpectedOutput);
            int worst = ErrorMetrics.WorstIndex(output, reference.ExpectedOutput);
            Assert.True(
                outputError <= OutputTolerance,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name}: output normwise error {outputError:E2}; entry {worst}: {output[worst]:R} vs {reference.ExpectedOutput[worst]:R}"));
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void TraceHoldsTheForwardOutputAndTheLossOfBackward(string name)
        {
            ReferenceCase reference = ReferenceCases.Get(name);
            NetworkFunctions f = Compiled.Value.Get(reference.ClassName);
            double[] parameters = reference.Parameters.ToArray(), x = reference.X.ToArray(), y = reference.Y.ToArray();

            var gradient = new double[f.ParameterCount];
            var trace = new double[f.TraceLength];
            double tracedLoss = f.BackwardWithTrace(parameters, x, y, gradient, trace);
            var plainGradient = new double[f.ParameterCount];
            double plainLoss = f.Backward(parameters, x, y, plainGradient);

            Assert.Equal(reference.Network.TraceLength, f.TraceLength);
            Assert.Equal(reference.Network.ParameterCount, f.ParameterCount);
            Assert.Equal(plainLoss, tracedLoss);
            Assert.Equal(plainGradient, gradient);
            Assert.Equal(f.Loss(parameters, x, y), plainLoss);
            Assert.Equal(
                f.ForwardToArray(parameters, x),
                new TraceBlocks(trace, reference.Network).A(reference.Network.Layers.Count - 1).ToArray());
        }
    }
}
