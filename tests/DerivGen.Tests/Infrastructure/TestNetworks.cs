namespace DerivGen.Tests.Infrastructure
{
    /// <summary>Source texts of networks several tests share.</summary>
    internal static class TestNetworks
    {
        /// <summary>The contract's example: 3 → Dense(3, ReLU) → Dense(1, Sigmoid), SquaredError; 16 parameters.</summary>
        public const string TinyNet = """
            using DerivGen;

            [Network(3, Loss = LossFunction.SquaredError)]
            [Dense(3, Activation.ReLU)]
            [Dense(1, Activation.Sigmoid)]
            public partial class TinyNet { }

            """;

        /// <summary>The hint name of TinyNet's generated file (global namespace).</summary>
        public const string TinyNetHintName = "TinyNet.DerivGen.g.cs";

        /// <summary>
        /// A network in a namespace and nested in two containing types of different kinds, using every number format
        /// the emitter writes (slopes, δ, the Gelu constants): checks hint names, re-opened types and literals.
        /// </summary>
        public const string NestedNet = """
            using DerivGen;

            namespace My.Ns
            {
                public static partial class Outer
                {
                    internal partial struct Middle
                    {
                        [Network(2, Loss = LossFunction.Huber, HuberDelta = 0.75)]
                        [Dense(4, Activation.LeakyReLU, Slope = 0.2)]
                        [Dense(3, Activation.Gelu)]
                        [Dense(2, Activation.Tanh)]
                        internal partial class Net { }
                    }
                }
            }

            """;

        /// <summary>NestedNet's hint name: the metadata name's namespace and containing types, dot-separated.</summary>
        public const string NestedNetHintName = "My.Ns.Outer.Middle.Net.DerivGen.g.cs";

        /// <summary>NestedNet's metadata name for reflection.</summary>
        public const string NestedNetMetadataName = "My.Ns.Outer+Middle+Net";
    }
}
