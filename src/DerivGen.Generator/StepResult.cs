using System;

namespace DerivGen
{
    /// <summary>
    /// The output of one step of the pipeline for one network: its value, or why there is none. The generator must never
    /// fail a build by throwing, so a bug in a step becomes this error, and later steps pass it on to a diagnostic.
    /// </summary>
    internal sealed class StepResult<T>
        where T : class
    {
        private StepResult(string hintName, string typeName, T? value, string? error)
        {
            HintName = hintName;
            TypeName = typeName;
            Value = value;
            Error = error;
        }

        public string HintName { get; }

        public string TypeName { get; }

        public T? Value { get; }

        public string? Error { get; }

        public static StepResult<T> Run(string hintName, string typeName, Func<T> step)
        {
            try
            {
                return new StepResult<T>(hintName, typeName, step(), null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new StepResult<T>(hintName, typeName, null, $"{e.GetType().Name}: {e.Message}");
            }
        }

        /// <summary>The next step applied to this value, or this error passed on.</summary>
        public StepResult<TNext> Then<TNext>(Func<T, TNext> step)
            where TNext : class =>
            Value is null
                ? StepResult<TNext>.Failed(HintName, TypeName, Error ?? "no value")
                : StepResult<TNext>.Run(HintName, TypeName, () => step(Value));

        private static StepResult<T> Failed(string hintName, string typeName, string error) => new(hintName, typeName, null, error);
    }
}
