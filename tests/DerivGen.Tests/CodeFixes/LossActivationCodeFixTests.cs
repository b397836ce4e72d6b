using System.Threading.Tasks;
using DerivGen.CodeFixes;
using Xunit;
using Verify = DerivGen.Tests.CodeFixes.CodeFixVerifier<DerivGen.CodeFixes.LossActivationCodeFixProvider>;

namespace DerivGen.Tests.CodeFixes
{
    /// <summary>
    /// <see cref="LossActivationCodeFixProvider"/>: DG0011 goes away either by giving the last layer the activation the loss
    /// is fused with or by choosing the loss that fits the last layer.
    /// </summary>
    public sealed class LossActivationCodeFixTests
    {
        private const string ActivationFix = "DG0011.Activation";
        private const string LossFix = "DG0011.Loss";

        [Fact]
        public Task CrossEntropyMakesAnIdentityLastLayerSoftmax() => Verify.VerifyAsync(
            """
            using DerivGen;

            [Network(3, {|DG0011:Loss = LossFunction.CrossEntropy|})]
            [Dense(4, Activation.ReLU)]
            [Dense(3)]
            public partial class Classifier { }
            """,
            """
            using DerivGen;

            [Network(3, Loss = LossFunction.CrossEntropy)]
            [Dense(4, Activation.ReLU)]
            [Dense(3, Activation.Softmax)]
            public partial class Classifier { }
            """,
            ActivationFix);

        [Fact]
        public Task BinaryCrossEntropyReplacesTheLastLayersActivationWithSigmoid() => Verify.VerifyAsync(
            """
            using DerivGen;

            [Network(2, {|DG0011:Loss = LossFunction.BinaryCrossEntropy|})]
            [Dense(3, Activation.Tanh)]
            [Dense(1, activation: Activation.Tanh, Slope = 0.5)]
            public partial class Detector { }
            """,
            """
            using DerivGen;

            [Network(2, Loss = LossFunction.BinaryCrossEntropy)]
            [Dense(3, Activation.Tanh)]
            [Dense(1, activation: Activation.Sigmoid, Slope = 0.5)]
            public partial class Detector { }
            """,
            ActivationFix);

        [Fact]
        public Task AnIdentityLastLayerGetsTheSquaredErrorLoss() => Verify.VerifyAsync(
            """
            using DerivGen;

            [Network(3, {|DG0011:Loss = LossFunction.CrossEntropy|})]
            [Dense(4, Activation.ReLU)]
            [Dense(3)]
            public partial class Regressor { }
            """,
            """
            using DerivGen;

            [Network(3, Loss = LossFunction.SquaredError)]
            [Dense(4, Activation.ReLU)]
            [Dense(3)]
            public partial class Regressor { }
            """,
            LossFix);

        [Fact]
        public Task ASigmoidLastLayerGetsTheBinaryCrossEntropyLoss() => Verify.VerifyAsync(
            """
            [DerivGen.Network(3, {|DG0011:Loss = DerivGen.LossFunction.CrossEntropy|})]
            [DerivGen.Dense(2, DerivGen.Activation.Sigmoid)]
            public partial class Tagger { }
            """,
            """
            [DerivGen.Network(3, Loss = DerivGen.LossFunction.BinaryCrossEntropy)]
            [DerivGen.Dense(2, DerivGen.Activation.Sigmoid)]
            public partial class Tagger { }
            """,
            LossFix);
    }
}
