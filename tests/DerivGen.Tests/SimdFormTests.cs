using System;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace DerivGen.Tests
{
    /// <summary>
    /// The SIMD form of layers with a large fan-in against the scalar form of the same network, on the reference networks
    /// that have such a layer (the shared compilation of <see cref="ReferenceCaseTests"/>, no new one). Forward, Loss and
    /// Backward take the SIMD form; HessianVectorProduct (its loss and gradient) and, where the compilation asks for it,
    /// InputJacobian (its output) are printed from the same graph in the scalar form, so the two forms of one network are
    /// compared in one assembly.
    /// </summary>
    /// <remarks>
    /// The kernels sum a dot product in vector lanes and then across them, the scalar form left to right, so the two agree
    /// to rounding, not bit for bit. Both are held to 1e-13 normwise of the 50-digit reference by <see cref="ReferenceCaseTests"/>;
    /// here they are held to each other at the same bound, and a kernel that dropped or misplaced a term (an O(1) error in
    /// some entry) fails it.
    /// </remarks>
    [Trait("Category", "Slow")] // the shared compilation of the reference networks; see README, "Tests and snapshots"
    public sealed class SimdFormTests
    {
        private const double Tolerance = 1e-13;

        /// <summary>The fan-in from which a layer gets the SIMD form (the generator's SimdLayers.MinimumFanIn).</summary>
        private const int MinimumFanIn = 16;

        private const string Namespace = "ReferenceNetworks";

        private readonly ITestOutputHelper output;

        public SimdFormTests(ITestOutputHelper output) => this.output = output;

        public static TheoryData<string> SimdCaseNames => new(SimdCases);

        private static string[] SimdCases => ReferenceCases.All
            .Where(c => c.Network.LayerInputs.Any(inputs => inputs >= MinimumFanIn))
            .Select(c => c.Name)
            .ToArray();

        [Fact]
        public void SeveralReferenceNetworksHaveASimdLayer() => Assert.True(SimdCases.Length >= 10);

        [Theory]
        [MemberData(nameof(SimdCaseNames))]
        public void TheSimdFormAgreesWithTheScalarForm(string name)
        {
            ReferenceCase reference = ReferenceCases.Get(name);
            var compiled = ReferenceCaseTests.Compiled.Value;
            NetworkFunctions f = compiled.Get(reference.ClassName);
            Type type = compiled.Assembly!.GetType($"{Namespace}.{reference.ClassName}")!;
            string source = compiled.Run.Source($"{Namespace}.{reference.ClassName}.DerivGen.g.cs").Text;
            Assert.Contains("global::DerivGen.DenseKernels.Affine(", source, StringComparison.Ordinal);
            Assert.Contains("global::DerivGen.DenseKernels.Outer(", source, StringComparison.Ordinal);

            double[] parameters = reference.Parameters.ToArray(), x = reference.X.ToArray(), y = reference.Y.ToArray();
            var simdGradient = new double[f.ParameterCount];
            double simdLoss = f.Backward(parameters, x, y, simdGradient);
            double[] simdOutput = f.ForwardToArray(parameters, x);

            // HessianVectorProduct (its loss and gradient) is there for every reference network, looped layers included, and
            // InputJacobian (its output) for those the reference compilation asks for it (ReferenceCaseTests.Compiled).
            Assert.Contains(type.GetMethods(), m => m.IsStatic && m.Name == "HessianVectorProduct");
            var scalarGradient = new double[f.ParameterCount];
            double scalarLoss = CollectibleAssembly.StaticMethod<HessianVectorProductDelegate>(type, "HessianVectorProduct")(
                parameters, x, y, new double[f.ParameterCount], scalarGradient, new double[f.ParameterCount]);
            var scalarOutput = simdOutput;
            if (type.GetMethods().Any(m => m.IsStatic && m.Name == "InputJacobian"))
            {
                scalarOutput = new double[f.OutputCount];
                CollectibleAssembly.StaticMethod<InputJacobianDelegate>(type, "InputJacobian")(parameters, x, scalarOutput, new double[f.OutputCount * f.InputCount]);
            }

            double gradientDifference = ErrorMetrics.Normwise(simdGradient, scalarGradient);
            double outputDifference = ErrorMetrics.Normwise(simdOutput, scalarOutput);
            double lossDifference = ErrorMetrics.Relative(simdLoss, scalarLoss);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} ({reference.Network}): gradient {gradientDifference:E2}, output {outputDifference:E2}, loss {lossDifference:E2} apart"));
            Assert.True(gradientDifference <= Tolerance, $"{name}: the gradients differ by {gradientDifference:E2} normwise");
            Assert.True(outputDifference <= Tolerance, $"{name}: the outputs differ by {outputDifference:E2} normwise");
            Assert.True(lossDifference <= Tolerance, $"{name}: the losses differ by {lossDifference:E2}");
            Assert.Equal(simdLoss, f.Loss(parameters, x, y));
        }
    }
}
