using Microsoft.CodeAnalysis;

namespace DerivGen.Diagnostics
{
    /// <summary>Every diagnostic the generator reports. IDs are never reused; the README's table mirrors this file.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "DerivGen";
        /// <summary>
        /// Where the diagnostics' pages are, one per ID (<c>docs/diagnostics/DG0001.md</c>, ...): every help link is this
        /// base plus the ID plus ".md". Relative to the repository root until the package has a public home; then this one
        /// constant becomes that absolute URL.
        /// </summary>
        public const string HelpBase = "docs/diagnostics/";

        public const string NotPartialId = "DG0001";
        public const string NoLayersId = "DG0002";
        public const string UnitsNotPositiveId = "DG0003";
        public const string InputsNotPositiveId = "DG0004";
        public const string LayerTooLargeId = "DG0005";
        public const string ContainingTypeNotPartialId = "DG0006";
        public const string UnsupportedTypeKindId = "DG0007";
        public const string DenseWithoutNetworkId = "DG0008";
        public const string LayersSplitId = "DG0009";
        public const string UndefinedEnumValueId = "DG0010";
        public const string LossNeedsActivationId = "DG0011";
        public const string SoftmaxOneUnitId = "DG0012";
        public const string MemberCollisionId = "DG0013";
        public const string ArgumentNotConstantId = "DG0014";
        public const string InvalidNumberId = "DG0015";
        public const string NotUnrollableId = "DG0016";
        public const string InternalErrorId = "DG9999";

        /// <summary>The largest layer DerivGen generates code for, in weights (units × inputs), unrolled or looped.</summary>
        public const int MaxWeightsPerLayer = 1 << 24;

        /// <summary>The most units all looped layers together may have: their buffers live on the stack.</summary>
        public const int MaxLoopedUnits = 1 << 15;

        public static readonly DiagnosticDescriptor NotPartial = Error(NotPartialId,
            "Network type must be partial",
            "Type '{0}' has [Network] but is not declared partial; add the partial modifier so DerivGen can add its members",
            "DerivGen adds Forward, Loss and Backward to the annotated type in a second declaration, which C# allows only for partial types.");

        public static readonly DiagnosticDescriptor NoLayers = Error(NoLayersId,
            "Network has no layers",
            "Network '{0}' has no [Dense] layers; add at least one [Dense(units, activation)] attribute to the type",
            "A network is its Dense layers in source order; without one there is nothing to compute.");

        public static readonly DiagnosticDescriptor UnitsNotPositive = Error(UnitsNotPositiveId,
            "Layer must have at least one unit",
            "Dense layer {0} of '{1}' has {2} units; give it 1 or more",
            "Every Dense layer needs at least one unit.");

        public static readonly DiagnosticDescriptor InputsNotPositive = Error(InputsNotPositiveId,
            "Network must have at least one input",
            "Network '{0}' declares {1} inputs; give it 1 or more",
            "The first argument of [Network] is the number of input values, at least 1.");

        public static readonly DiagnosticDescriptor LayerTooLarge = Error(LayerTooLargeId,
            "Layer too large",
            "Dense layer {0} of '{1}' has {2}; DerivGen generates code for at most 16,777,216 weights per layer and 32,768 units over all looped layers; use a smaller layer",
            "Layers past the unroll limit are computed with loops whose buffers live on the stack; beyond these sizes the network is no longer a small one.");

        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(ContainingTypeNotPartialId,
            "Containing type must be partial",
            "Type '{0}', which contains network '{1}', is not declared partial; add the partial modifier to it",
            "The generated members are added through a partial declaration of every enclosing type.");

        public static readonly DiagnosticDescriptor UnsupportedTypeKind = Error(UnsupportedTypeKindId,
            "Unsupported network type kind",
            "[Network] is not supported on {0} '{1}'; {2}",
            "Networks can be classes, records, structs and record structs; static classes, ref structs and readonly structs get the static methods only.");

        public static readonly DiagnosticDescriptor DenseWithoutNetwork = Error(DenseWithoutNetworkId,
            "Dense layer without a network",
            "Type '{0}' has [Dense] layers but no [Network(inputs)] attribute; add [Network] with the input count",
            "[Dense] declares a layer of a network; the type must also carry [Network].");

        public static readonly DiagnosticDescriptor LayersSplit = Error(LayersSplitId,
            "Layers split across partial declarations",
            "Network '{0}' declares [Dense] layers on more than one partial declaration, so their order is ambiguous; put all of them on one declaration",
            "Layers apply in source order, which is defined only within one declaration.");

        public static readonly DiagnosticDescriptor UndefinedEnumValue = Error(UndefinedEnumValueId,
            "Undefined enum value",
            "{0} is not a defined {1} value; use one of the named members of {1}",
            "Only the named members of Activation and LossFunction have a generated formula.");

        public static readonly DiagnosticDescriptor LossNeedsActivation = Error(LossNeedsActivationId,
            "Loss needs a particular output activation",
            "Loss {0} of '{1}' needs a {2} output layer, but the last layer is {3}; make the last layer {2} or choose another loss",
            "BinaryCrossEntropy is fused with a Sigmoid output and CrossEntropy with a Softmax output, which keeps them exact for any logits.");

        public static readonly DiagnosticDescriptor SoftmaxOneUnit = new(SoftmaxOneUnitId,
            "Softmax on a one-unit layer",
            "Dense layer {0} of '{1}' applies Softmax to a single unit, whose output is always 1 and whose gradient is 0; use Sigmoid or more units",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "Softmax normalises over the units of its layer; with one unit there is nothing to normalise.",
            helpLinkUri: HelpLink(SoftmaxOneUnitId));

        public static readonly DiagnosticDescriptor MemberCollision = Error(MemberCollisionId,
            "Name collides with a generated member",
            "'{0}' has a member, type parameter or name '{1}'{2}, which DerivGen generates as a member; rename it",
            "DerivGen adds members with fixed names (InputCount, Forward, Backward, Layout, W1, b1, ...).");

        public static readonly DiagnosticDescriptor ArgumentNotConstant = Error(ArgumentNotConstantId,
            "Attribute argument is not a constant",
            "An argument of [{0}] on '{1}' could not be evaluated as a constant; fix the argument so that it compiles",
            "DerivGen reads the layer sizes, activations and loss at compile time, so they must be constants that bind.");

        public static readonly DiagnosticDescriptor InvalidNumber = Error(InvalidNumberId,
            "Invalid numeric setting",
            "{0} of '{1}' is {2}; {3}",
            "A Huber δ must be positive and finite, a LeakyReLU slope finite, and UnrollLimit not negative.");

        public static readonly DiagnosticDescriptor NotUnrollable = Error(NotUnrollableId,
            "Softmax layer cannot be looped",
            "Dense layer {0} of '{1}' ({2} weights; UnrollLimit = {3}) would be computed with loops, but {4}; raise UnrollLimit on [Network] or make the layers after it smaller",
            "Layers before the unrolled part of a network are computed with loops that apply an elementwise activation; a Softmax layer can only be the last looped layer, whose activation the unrolled part computes.");

        public static readonly DiagnosticDescriptor InternalError = Error(InternalErrorId,
            "DerivGen failed internally",
            "DerivGen could not generate '{0}': {1}; please report this with the network declaration",
            "The generator met a state it does not expect; no code was generated for this network.");

        /// <summary>The page of the diagnostic <paramref name="id"/>.</summary>
        public static string HelpLink(string id) => HelpBase + id + ".md";

        private static DiagnosticDescriptor Error(string id, string title, string message, string description) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
                description: description, helpLinkUri: HelpLink(id));
    }
}
