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
        public const string DifferentiableNotStaticId = "DG0017";
        public const string FunctionTypeNotPartialId = "DG0018";
        public const string FunctionSignatureId = "DG0019";
        public const string UnsupportedSyntaxId = "DG0020";
        public const string NoUsefulDerivativeId = "DG0021";
        public const string UnknownCalleeId = "DG0022";
        public const string RecursionId = "DG0023";
        public const string LoopBoundsId = "DG0024";
        public const string FunctionTooLargeId = "DG0025";
        public const string MixedPrecisionId = "DG0026";
        public const string DerivativeRuleId = "DG0027";
        public const string InvalidOrderId = "DG0028";
        public const string NoDerivativeMisuseId = "DG0029";
        public const string ActivationMethodId = "DG0030";
        public const string LossMethodId = "DG0031";
        public const string NoSecondDerivativeId = "DG0032";
        // DG0017 and up describe user functions; the network checks continue at DG0050.
        public const string NetworkDerivesFromNetworkId = "DG0050";
        public const string LargeUnrollId = "DG0051";
        public const string UnrollTooLargeId = "DG0052";
        public const string LanguageVersionTooOldId = "DG0053";
        public const string LoopedSensitivitiesId = "DG0054";
        public const string LoopedJacobianTooLargeId = "DG0055";
        public const string InternalErrorId = "DG9999";

        /// <summary>The most parameters a [Differentiable] method may have.</summary>
        public const int MaxFunctionParameters = 32;

        /// <summary>The most IR nodes one [Differentiable] body may unroll to (loops unrolled, branches with returns copied).</summary>
        public const int MaxFunctionNodes = 20_000;

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
            "Only the named members of Activation, LossFunction and Precision have a generated formula, and only combinations of the named members of NetworkMethods name groups of methods.");

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

        /// <summary>Retired: a Softmax layer before the last looped one is now computed with loops. The ID is never reused.</summary>
        public static readonly DiagnosticDescriptor NotUnrollable = Error(NotUnrollableId,
            "Softmax layer cannot be looped",
            "Dense layer {0} of '{1}' ({2} weights; UnrollLimit = {3}) would be computed with loops, but {4}; raise UnrollLimit on [Network] or make the layers after it smaller",
            "Layers before the unrolled part of a network are computed with loops that apply an elementwise activation; a Softmax layer can only be the last looped layer, whose activation the unrolled part computes.");

        public static readonly DiagnosticDescriptor DifferentiableNotStatic = Error(DifferentiableNotStaticId,
            "Differentiable method must be static",
            "[Differentiable] method '{0}' is not static; make it static, or move the computation into a static method",
            "The generated gradient is a static method beside the original; it cannot read instance state.");

        public static readonly DiagnosticDescriptor FunctionTypeNotPartial = Error(FunctionTypeNotPartialId,
            "Type of a differentiable method must be partial",
            "Type '{0}', which contains [Differentiable] method '{1}', is not declared partial; add the partial modifier to it",
            "The gradient is added to the method's type, and to every enclosing type, through a partial declaration.");

        public static readonly DiagnosticDescriptor FunctionSignature = Error(FunctionSignatureId,
            "Unsupported differentiable method signature",
            "[Differentiable] method '{0}' {1}; use 1 to 32 plain double parameters and a double return (or all float)",
            "The gradient is derived for scalar functions: every parameter and the return are double, or every one is float, with no ref, out, in, params, this or type parameters.");

        public static readonly DiagnosticDescriptor UnsupportedSyntax = Error(UnsupportedSyntaxId,
            "Unsupported syntax in a differentiable method",
            "{0} is not supported in [Differentiable] method '{1}'; {2}",
            "A [Differentiable] body may use double or float locals, arithmetic, the listed Math functions, conditions, if/else, return, constant-bound for loops and calls to other differentiable methods; see the README.");

        public static readonly DiagnosticDescriptor NoUsefulDerivative = Error(NoUsefulDerivativeId,
            "Function has no useful derivative",
            "'{0}' in [Differentiable] method '{1}' has a derivative of zero or none wherever it is defined, and its argument depends on a differentiable parameter; apply it only to [NoDerivative] parameters and constants, or give the wrapping method a [Derivative] rule",
            "A step function's derivative is zero almost everywhere, which would silently stop the gradient.");

        public static readonly DiagnosticDescriptor UnknownCallee = Error(UnknownCalleeId,
            "Call to a method without a derivative",
            "[Differentiable] method '{1}' calls '{0}', which is neither [Differentiable], nor has a [Derivative] rule, nor is a supported Math function; mark it [Differentiable] or add a [Derivative] rule for it",
            "The generator differentiates calls only through methods whose derivative it can build or is given.");

        public static readonly DiagnosticDescriptor Recursion = Error(RecursionId,
            "Recursive differentiable method",
            "[Differentiable] method '{0}' calls '{1}', which leads back to '{0}' ({2}); recursion cannot be unrolled, so rewrite it as a loop with constant bounds",
            "Gradients are built from straight-line code; a call chain that returns to its caller has no fixed length.");

        public static readonly DiagnosticDescriptor LoopBounds = Error(LoopBoundsId,
            "Loop cannot be unrolled",
            "This for loop in [Differentiable] method '{0}' {1}; write for (int i = start; i < end; i++) with constant start, end and step, and do not assign i in the body",
            "Loops are unrolled at compile time, which needs an int counter with constant bounds and a constant step.");

        public static readonly DiagnosticDescriptor FunctionTooLarge = Error(FunctionTooLargeId,
            "Differentiable method too large",
            "[Differentiable] method '{0}' unrolls to more than {1} operations here; use fewer loop iterations or fewer early returns",
            "Loops are unrolled and code after a conditional return is copied into each path; the result must stay small enough to compile.");

        public static readonly DiagnosticDescriptor MixedPrecision = Error(MixedPrecisionId,
            "Mixed precision in a differentiable method",
            "This {0} expression in [Differentiable] method '{1}' computes in {0}, but the method computes in {2}; keep every value {2} (use MathF and f literals for float)",
            "A [Differentiable] method computes in one floating-point type, the type of its parameters and return.");

        public static readonly DiagnosticDescriptor DerivativeRule = Error(DerivativeRuleId,
            "Invalid derivative rule",
            "[Derivative] method '{0}' {1}",
            "A [Derivative(nameof(F))] rule is a static method of F's type, either static double FDerivative(double z) for a one-argument F, or static double FGradient(F's parameters, out double d…) returning F's value.");

        public static readonly DiagnosticDescriptor InvalidOrder = Error(InvalidOrderId,
            "Invalid derivative order",
            "[Differentiable] method '{0}' asks for Order = {1}; use 1 (the gradient) or 2",
            "DerivGen generates first derivatives and, on request, second derivatives.");

        public static readonly DiagnosticDescriptor NoDerivativeMisuse = Error(NoDerivativeMisuseId,
            "Misplaced [NoDerivative]",
            "[NoDerivative] on parameter '{0}' of '{1}' {2}",
            "[NoDerivative] marks a parameter of a [Differentiable] method as a constant; it means nothing elsewhere.");

        public static readonly DiagnosticDescriptor ActivationMethod = Error(ActivationMethodId,
            "Invalid activation method",
            "ActivationMethod '{0}' of Dense layer {1} of '{2}' {3}",
            "A custom activation is a [Differentiable] static double F(double z) (float F(float z) in single precision) of the network type, and replaces the Activation argument.");

        public static readonly DiagnosticDescriptor LossMethod = Error(LossMethodId,
            "Invalid loss method",
            "LossMethod '{0}' of '{1}' {2}",
            "A custom loss is a [Differentiable] static double F(double output, double target) (float in single precision) of the network type, summed over the output units, and replaces the Loss argument.");

        public static readonly DiagnosticDescriptor NoSecondDerivative = Error(NoSecondDerivativeId,
            "No second derivative through a derivative rule",
            "[Differentiable(Order = 2)] method '{0}' reaches [Derivative] rule '{1}' of '{2}' through this call ({3}), and the rule is not itself differentiable, so it gives first derivatives only; {4}",
            "A Hessian differentiates every call twice. A [Derivative] rule replaces its method's body with a hand-written first derivative; DerivGen differentiates that again only when the rule is a one-argument FDerivative marked [Differentiable] itself.");

        public static readonly DiagnosticDescriptor NetworkDerivesFromNetwork = Error(NetworkDerivesFromNetworkId,
            "Network derives from another network",
            "Network '{0}' derives from '{1}', which is a network too ([Network] on '{2}'); derive from a type that is not a network, or hold the other network in a field",
            "A network's generated members (Forward, Parameters, W1, Layout, ...) would hide the base network's: the derived type would carry two parameter vectors, and a call through a base reference would silently run the base network.");

        /// <summary>Unrolled weights past which DG0051 warns: 25,000 generated lines or more.</summary>
        public const int LargeUnrollWeights = 4096;

        /// <summary>Unrolled weights past which DG0052 refuses to generate: 800,000 lines or more, gigabytes of compiler memory.</summary>
        public const int MaxUnrolledWeights = 65536;

        public static readonly DiagnosticDescriptor LargeUnroll = new(LargeUnrollId,
            "UnrollLimit unrolls a very large network",
            "Network '{0}' unrolls {1} weights (UnrollLimit = {2}): about {3} lines ({4}) of generated code, which compiles slowly and which the JIT does not optimise; lower UnrollLimit so that the larger layers are looped (640 by default)",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "Each unrolled weight costs about 12 lines of generated C# (half of them for the second-order and input methods) and each unrolled unit 35, and compile time and memory grow with them; past about 900 weights the JIT already compiles a method without optimisation.",
            helpLinkUri: HelpLink(LargeUnrollId));

        public static readonly DiagnosticDescriptor UnrollTooLarge = Error(UnrollTooLargeId,
            "UnrollLimit unrolls too many weights",
            "Network '{0}' would unroll {1} weights (UnrollLimit = {2}): about {3} lines ({4}) of generated code, past the {5} weights DerivGen unrolls at most; lower UnrollLimit so that the larger layers are looped (640 by default)",
            "Code of this size takes minutes and gigabytes of memory to compile; layers this large are computed with loops instead.");

        public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error(LanguageVersionTooOldId,
            "C# version too old for the generated code",
            "Network '{0}' is compiled as C# {1}, but the code DerivGen generates needs C# {2} or later; raise LangVersion to {2} or more, or remove the setting to get the target's default",
            "The generated code uses ref structs and spans (C# 7.2) and is tested from C# 7.3 on, the default of netstandard2.0 and .NET Framework projects.");

        /// <summary>Retired: looped layers now have HessianVectorProduct, InputGradient and InputJacobian in loop form. The ID is never reused.</summary>
        public static readonly DiagnosticDescriptor LoopedSensitivities = new(LoopedSensitivitiesId,
            "No second-order or input derivatives for looped layers",
            "Network '{0}' computes layers 1 to {1} with loops (UnrollLimit = {2}), which have no second-order or input derivatives yet, so HessianVectorProduct, InputGradient and InputJacobian are not generated; set UnrollLimit to {3} to unroll every layer if they are needed",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true,
            description: "Retired: the looped layers carry H·v, dL/dx and ∂a/∂x in loop form, so every network has all three.",
            helpLinkUri: HelpLink(LoopedSensitivitiesId));

        /// <remarks>
        /// Info, not a warning: the network builds and every other method is there, and with warnings as errors a warning
        /// would fail its build for one missing method. The bound is DG0052's on unrolled weights:
        /// the entries are straight-line statements and values on the stack, as unrolled weights are.
        /// </remarks>
        public static readonly DiagnosticDescriptor LoopedJacobianTooLarge = new(LoopedJacobianTooLargeId,
            "Input Jacobian too large past looped layers",
            "Network '{0}' loops layers 1 to {1}, so InputJacobian would start from ∂a_out/∂z{1}: its {2} outputs by the {3} units of layer {1}, {4} entries, more than the {5} that straight-line code and the stack may hold; InputJacobian is not generated; raise UnrollLimit until a narrower layer is the last looped one if it is needed",
            Category, DiagnosticSeverity.Info, isEnabledByDefault: true,
            description: "Past looped layers, InputJacobian computes ∂a_out/∂z of the last looped layer in the unrolled part, into a stack buffer, and carries each row back through the loops. That buffer and its statements grow as outputs × units, and are bounded like unrolled weights (DG0052).",
            helpLinkUri: HelpLink(LoopedJacobianTooLargeId));

        public static readonly DiagnosticDescriptor InternalError = Error(InternalErrorId,
            "DerivGen failed internally",
            "DerivGen could not generate '{0}': {1}; please report this with the declaration",
            "The generator met a state it does not expect; no code was generated for this network or method.");

        /// <summary>The page of the diagnostic <paramref name="id"/>.</summary>
        public static string HelpLink(string id) => HelpBase + id + ".md";

        /// <summary>The descriptor with the given ID (diagnostics carried as data name theirs by ID).</summary>
        public static DiagnosticDescriptor ById(string id) => LazyById.Value.TryGetValue(id, out var descriptor) ? descriptor : InternalError;

        private static readonly System.Lazy<System.Collections.Generic.Dictionary<string, DiagnosticDescriptor>> LazyById = new(() =>
        {
            var all = new System.Collections.Generic.Dictionary<string, DiagnosticDescriptor>(System.StringComparer.Ordinal);
            foreach (var field in typeof(DiagnosticDescriptors).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            {
                if (field.GetValue(null) is DiagnosticDescriptor descriptor)
                {
                    all[descriptor.Id] = descriptor;
                }
            }

            return all;
        });

        private static DiagnosticDescriptor Error(string id, string title, string message, string description) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
                description: description, helpLinkUri: HelpLink(id));
    }
}
