using System;
using System.Globalization;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// InputGradient against central differences of Loss, and InputJacobian against central differences of Forward, with
    /// respect to the input, on the 300 random networks of <see cref="VocabularyFiniteDifferenceTests"/> (every activation
    /// and loss; the same compilation and the same samples, drawn away from the kinks).
    /// </summary>
    [Trait("Category", "Slow")] // the shared compilation of 300 networks; see README, "Tests and snapshots"
    public sealed class InputSensitivityFiniteDifferenceTests
    {
        /// <summary>
        /// max_j |fd_j − (dL/dx)_j| / max(‖dL/dx‖∞, 1e-2·max(1, |L|)), fd_j with h_j = 1e-5·max(1, |x_j|): the bound and its
        /// reasoning are those of <see cref="VocabularyFiniteDifferenceTests"/>'s gradient tolerance, with x (|x| ≲ 4, drawn from
        /// N(0, 1)) in place of θ: truncation ≲ 2.7e-9·max(1, |L|), rounding ≲ 1.1e-10·max(1, |L|), ≲ 3e-7 normwise against
        /// the floor. The samples keep every kink 1e-2 away, and a step moves each z by at most ~1e-4.
        /// </summary>
        private const double InputGradientTolerance = 1e-6;

        /// <summary>
        /// max |fd − J| / max(‖J‖∞, 1e-2) over the whole Jacobian. The outputs are O(1) (activations of normalised
        /// networks, probabilities), so truncation h²/6·|∂³a/∂x³| ≲ 3e-9 and rounding ≲ κ·ε·|a|/h ≲ 1e-10 absolute:
        /// ≲ 3e-7 against the floor, and 1e-6 leaves a factor three.
        /// </summary>
        private const double JacobianTolerance = 1e-6;

        /// <summary>The loss and output the sensitivity methods return against Loss and Forward, relative and normwise.</summary>
        private const double ValueTolerance = 1e-13;

        public static TheoryData<int> NetworkIndices => new(Enumerable.Range(0, VocabularyFiniteDifferenceTests.NetworkCount));

        [Theory]
        [MemberData(nameof(NetworkIndices))]
        public void InputGradientAndJacobianAgreeWithCentralDifferences(int index)
        {
            NetworkDescription network = VocabularyFiniteDifferenceTests.Networks[index];
            CompiledNetworks compiled = VocabularyFiniteDifferenceTests.Compiled.Value;
            NetworkFunctions f = compiled.Get(network.Name);
            SensitivityFunctions s = SensitivityFunctions.Of(compiled, VocabularyFiniteDifferenceTests.Namespace, network.Name);
            VocabularyFiniteDifferenceTests.Sample sample = VocabularyFiniteDifferenceTests.DrawSample(network, f, index);
            double[] parameters = sample.Parameters, x = sample.X, y = sample.Y;

            var inputGradient = new double[f.InputCount];
            double loss = s.InputGradient(parameters, x, y, inputGradient);
            var output = new double[f.OutputCount];
            var jacobian = new double[f.OutputCount * f.InputCount];
            s.InputJacobian(parameters, x, output, jacobian);
            // Loss and Forward take the SIMD form where a layer's fan-in is 16 or more, which sums W·a in another order than
            // the scalar form InputGradient and InputJacobian keep: the same values to rounding, not bit for bit. 1e-13 is
            // the reference cases' bound; the two forms differ by a few ulps (SimdFormTests measures 2e-15 at most).
            Assert.True(
                ErrorMetrics.Relative(loss, f.Loss(parameters, x, y)) <= ValueTolerance,
                $"InputGradient's loss {loss:R} against Loss {f.Loss(parameters, x, y):R}");
            double[] forward = f.ForwardToArray(parameters, x);
            Assert.True(
                ErrorMetrics.Normwise(output, forward) <= ValueTolerance,
                $"InputJacobian's output against Forward: normwise {ErrorMetrics.Normwise(output, forward):E2}");

            var lossDifferences = new double[f.InputCount];
            var jacobianDifferences = new double[f.OutputCount * f.InputCount];
            for (int j = 0; j < f.InputCount; j++)
            {
                double h = 1e-5 * Math.Max(1, Math.Abs(x[j]));
                double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
                plus[j] += h;
                minus[j] -= h;
                double step = plus[j] - minus[j];
                lossDifferences[j] = (f.Loss(parameters, plus, y) - f.Loss(parameters, minus, y)) / step;
                double[] outputPlus = f.ForwardToArray(parameters, plus), outputMinus = f.ForwardToArray(parameters, minus);
                for (int i = 0; i < f.OutputCount; i++)
                {
                    jacobianDifferences[(i * f.InputCount) + j] = (outputPlus[i] - outputMinus[i]) / step;
                }
            }

            double gradientError = ErrorMetrics.Normwise(lossDifferences, inputGradient, 1e-2 * Math.Max(1, Math.Abs(loss)));
            double jacobianError = ErrorMetrics.Normwise(jacobianDifferences, jacobian, 1e-2);
            string report = string.Create(CultureInfo.InvariantCulture, $"{network}: dL/dx {gradientError:E2}, ∂a/∂x {jacobianError:E2}");
            Assert.True(gradientError <= InputGradientTolerance, "InputGradient against central differences: " + report);
            Assert.True(jacobianError <= JacobianTolerance, "InputJacobian against central differences: " + report);
        }
    }
}
