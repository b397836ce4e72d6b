using System.Threading;
using DerivGen.Lowering;
using DerivGen.Model;

namespace DerivGen.Emitting
{
    /// <summary>
    /// The text of one <c>{Name}Gradient</c> method, or why there is none. Equatable, so an unchanged function's text is
    /// cached; the methods of one type are gathered into one file at the end.
    /// </summary>
    /// <param name="FunctionKey">The function's key, which orders the methods in their file.</param>
    /// <param name="Type">The type the method goes into; null when an earlier step failed.</param>
    /// <param name="Text">The method, or empty.</param>
    /// <param name="Error">What failed, reported as DG9999; null on success.</param>
    internal sealed record GeneratedGradient(string FunctionKey, FunctionTypeSpec? Type, string Text, string? Error)
    {
        /// <summary>The emitting step: the method's text, or the error an earlier step (or this one) ran into.</summary>
        public static GeneratedGradient For(StepResult<DifferentiatedFunction> function, CancellationToken cancellationToken)
        {
            var text = function.Then(f => FunctionEmitter.EmitMethod(f, cancellationToken));
            return new GeneratedGradient(function.TypeName, function.Value?.Function.Type, text.Value ?? string.Empty, text.Error);
        }

        /// <summary>
        /// The emitting step of an Order = 2 method's <c>{Name}Hessian</c>. Its key is the function's key with " Hessian"
        /// appended, which sorts it right after the function's gradient in their file.
        /// </summary>
        public static GeneratedGradient ForHessian(StepResult<DifferentiatedHessian> function, CancellationToken cancellationToken)
        {
            var text = function.Then(f => HessianEmitter.EmitMethod(f, cancellationToken));
            return new GeneratedGradient(function.TypeName + HessianKeySuffix, function.Value?.Function.Type, text.Value ?? string.Empty, text.Error);
        }

        private const string HessianKeySuffix = " Hessian";

        /// <summary>The hint name of the file holding a type's gradients, beside the type's network file if it has one.</summary>
        public static string HintNameOf(FunctionTypeSpec type) =>
            type.HintName.Replace(KnownNames.GeneratedFileSuffix, ".Gradients" + KnownNames.GeneratedFileSuffix);
    }
}
