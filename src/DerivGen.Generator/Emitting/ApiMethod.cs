using System;
using System.Collections.Generic;
using System.Linq;

namespace DerivGen.Emitting
{
    /// <summary>
    /// One static method of a generated network: its signature, documentation and body. A public one also gets an
    /// instance-form overload, derived from it by dropping the leading <c>parameters</c> argument.
    /// </summary>
    internal sealed class ApiMethod
    {
        public ApiMethod(
            string returns, string name, string summary, string? returnsDoc, IReadOnlyList<ApiParameter> parameters, Action<SourceWriter> body, bool isPublic = true)
        {
            Returns = returns;
            Name = name;
            Summary = summary;
            ReturnsDoc = returnsDoc;
            Parameters = parameters;
            Body = body;
            IsPublic = isPublic;
        }

        public string Returns { get; }

        public string Name { get; }

        public string Summary { get; }

        public string? ReturnsDoc { get; }

        /// <summary>Every argument, the leading <c>parameters</c> included.</summary>
        public IReadOnlyList<ApiParameter> Parameters { get; }

        public Action<SourceWriter> Body { get; }

        /// <summary>False for a helper that the public methods share (private, and without an instance form).</summary>
        public bool IsPublic { get; }

        public string Signature(bool withParameters) =>
            string.Join(", ", Parameters.Skip(withParameters ? 0 : 1).Select(p => $"{p.Type} {p.Name}"));

        public string Arguments(bool withParameters) =>
            string.Join(", ", Parameters.Skip(withParameters ? 0 : 1).Select(p => p.Name));

        /// <summary>The parameter types as a cref spells them (<c>Span{double}</c>).</summary>
        public string CrefTypes => string.Join(", ", Parameters.Select(p => p.Type.Replace('<', '{').Replace('>', '}')));
    }

    /// <summary>An argument of a generated method, with its documentation.</summary>
    internal sealed record ApiParameter(string Type, string Name, string Doc);
}
