namespace DerivGen.Model
{
    /// <summary>
    /// The IR of one [Differentiable] method: its signature and its body as straight-line code, with no Roslyn object in
    /// it, so the incremental pipeline compares it by value. Must stay immutable and equatable.
    /// </summary>
    /// <remarks>
    /// The body is <see cref="Lets"/> evaluated in order, then <see cref="Result"/>. Each let is a static single
    /// assignment: a declaration or reassignment of a C# local (or parameter) gives a new let that keeps the C# name, so a
    /// name may appear several times. Control flow is gone: <c>if</c>/<c>else</c> arms are parsed into lets guarded by their
    /// path condition, and a variable the arms leave different becomes a merge let <c>c ? a : b</c>; an early return makes
    /// the rest of the method a <see cref="FunctionConditional"/> arm; <c>for</c> loops are unrolled. Expressions only
    /// reference parameters and earlier lets.
    /// </remarks>
    /// <param name="Key">The method's identity, as callers' <see cref="FunctionCall.CalleeKey"/> spell it.</param>
    /// <param name="Type">Where the method lives, to re-open its type.</param>
    /// <param name="Name">The method name (escaped with '@' when it is a keyword).</param>
    /// <param name="Precision">double or float: the type of every parameter, value and the return.</param>
    /// <param name="Order">The derivative order asked for: 1 or 2.</param>
    /// <param name="Parameters">The parameters in order.</param>
    /// <param name="Lets">The let-bound values in evaluation order.</param>
    /// <param name="Result">The method's return value.</param>
    internal sealed record FunctionModel(
        string Key,
        FunctionTypeSpec Type,
        string Name,
        PrecisionKind Precision,
        int Order,
        EquatableArray<FunctionParameter> Parameters,
        EquatableArray<FunctionLet> Lets,
        FunctionExpr Result)
    {
        /// <summary>What callers and the resolution step need to know, without the body.</summary>
        public FunctionSignature Signature(EquatableArray<string> callees) => new(Key, Type.QualifiedName, Name, Precision, Parameters, callees, HasErrors: false);
    }

    /// <summary>A parameter of a [Differentiable] method. Must stay immutable and equatable.</summary>
    /// <param name="Name">The C# name (escaped with '@' when it is a keyword).</param>
    /// <param name="NoDerivative">Whether it is [NoDerivative]: a constant, with no <c>out</c> derivative.</param>
    internal sealed record FunctionParameter(string Name, bool NoDerivative);

    /// <summary>One let-bound value of a <see cref="FunctionModel"/>. Must stay immutable and equatable.</summary>
    /// <param name="Name">The C# local (or parameter) this value was assigned to, for readable generated names and comments.</param>
    /// <param name="Value">The value.</param>
    /// <param name="Guard">
    /// The condition under which C# computes this value (the conjunction of the enclosing <c>if</c> conditions), or null
    /// when it is always computed. A guarded let is only read under its guard; evaluating it elsewhere is harmless for the
    /// value but its derivative must not leak into the result where the guard is false.
    /// </param>
    internal sealed record FunctionLet(string Name, FunctionExpr Value, FunctionExpr? Guard);

    /// <summary>
    /// The type a function lives in, as the emitter must re-open it: namespace, enclosing types outermost first, keyword and
    /// name. Must stay immutable and equatable.
    /// </summary>
    /// <param name="Namespace">The namespace, or empty for the global one.</param>
    /// <param name="ContainingTypes">Enclosing types, outermost first.</param>
    /// <param name="Keyword">class, struct, record or record struct.</param>
    /// <param name="Name">The name with its type parameter list, if any.</param>
    /// <param name="QualifiedName">The <c>global::</c>-qualified name generated code calls it by.</param>
    /// <param name="HintName">The generated file's name for this type.</param>
    internal sealed record FunctionTypeSpec(
        string Namespace,
        EquatableArray<ContainingTypeSpec> ContainingTypes,
        string Keyword,
        string Name,
        string QualifiedName,
        string HintName);
}
