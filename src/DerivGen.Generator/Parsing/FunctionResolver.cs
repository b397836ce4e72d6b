using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DerivGen.Diagnostics;
using DerivGen.Model;

namespace DerivGen.Parsing
{
    /// <summary>
    /// Cross-function resolution, a pipeline step of its own: every call in a body is looked up in the table of all
    /// [Differentiable] signatures and [Derivative] rules of the compilation. The table holds no bodies, so editing one
    /// body leaves it equal, and only the edited function is resolved again.
    /// </summary>
    internal static class FunctionResolver
    {
        /// <summary>The table from every parsed signature and valid rule, sorted by key so that discovery order does not matter.</summary>
        public static FunctionTable BuildTable((ImmutableArray<FunctionSignature?> Signatures, ImmutableArray<DerivativeRuleSpec?> Rules) input, CancellationToken ct) =>
            new(
                new EquatableArray<FunctionSignature>(input.Signatures.Where(s => s is not null).Select(s => s!)
                    .OrderBy(s => s.Key, StringComparer.Ordinal).ThenBy(s => s.HasErrors)),
                new EquatableArray<DerivativeRuleSpec>(input.Rules.Where(r => r is not null).Select(r => r!)
                    .OrderBy(r => r.TargetKey, StringComparer.Ordinal).ThenBy(r => r.RuleName, StringComparer.Ordinal)));

        /// <summary>The function with its calls resolved, or null when a call cannot be (reported by <see cref="Diagnose"/> or on the callee).</summary>
        public static ResolvedFunction? Resolve((FunctionModel Function, FunctionTable Table) input, CancellationToken ct)
        {
            var (function, table) = input;
            var self = Find(table, function.Key);
            if (self is null)
            {
                return null;
            }

            // Every body this one reaches must be generated too: no missing callee, no callee with an error, no cycle.
            if (!Generatable(table, function.Key, new Dictionary<string, bool>(StringComparer.Ordinal), ct))
            {
                return null;
            }

            var calls = new List<FunctionCallTarget>();
            foreach (var key in self.Callees)
            {
                calls.Add(Target(table, key)!);
            }

            return new ResolvedFunction(function, new EquatableArray<FunctionCallTarget>(calls));
        }

        /// <summary>
        /// Whether the function and everything it calls can be generated: depth-first over bodies (a rule ends a path),
        /// with <paramref name="state"/> false while a key is on the path (meeting it again is a cycle) and true once done.
        /// </summary>
        private static bool Generatable(FunctionTable table, string key, Dictionary<string, bool> state, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            if (RuleFor(table, key) is not null)
            {
                return true;
            }

            if (state.TryGetValue(key, out bool done))
            {
                return done;
            }

            if (Find(table, key) is not { HasErrors: false } signature)
            {
                return false;
            }

            state[key] = false;
            foreach (var callee in signature.Callees)
            {
                if (!Generatable(table, callee, state, ct))
                {
                    return false;
                }
            }

            state[key] = true;
            return true;
        }

        /// <summary>The resolution problems of one function's call sites, located on the calls.</summary>
        public static EquatableArray<FunctionDiagnostic> Diagnose((FunctionParseResult Parse, FunctionTable Table) input, CancellationToken ct)
        {
            var (parse, table) = input;
            var diagnostics = new List<FunctionDiagnostic>();
            if (parse.Signature is not { } self)
            {
                return default;
            }

            foreach (var site in parse.CallSites)
            {
                ct.ThrowIfCancellationRequested();
                if (RuleFor(table, site.CalleeKey) is not null)
                {
                    continue;
                }

                if (Find(table, site.CalleeKey) is null)
                {
                    diagnostics.Add(new FunctionDiagnostic(DiagnosticDescriptors.UnknownCalleeId, site.Location, new EquatableArray<string>(new[] { site.CalleeName, parse.Name })));
                }
                else if (Cycle(table, self.Key, site.CalleeKey) is { } cycle)
                {
                    diagnostics.Add(new FunctionDiagnostic(DiagnosticDescriptors.RecursionId, site.Location, new EquatableArray<string>(new[] { parse.Name, site.CalleeName, cycle })));
                }
            }

            if (parse.Function is { Order: 2 })
            {
                diagnostics.AddRange(SecondOrderResolver.Diagnose(parse, table, ct));
            }

            return new EquatableArray<FunctionDiagnostic>(diagnostics.Distinct());
        }

        /// <summary>How a call of <paramref name="key"/> is differentiated: a rule first, else the callee's own error-free body.</summary>
        private static FunctionCallTarget? Target(FunctionTable table, string key)
        {
            if (RuleFor(table, key) is { } rule)
            {
                var parameters = Enumerable.Range(0, rule.Arity).Select(i => new FunctionParameter("x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), false));
                return new FunctionCallTarget(key,
                    rule.Shape == DerivativeRuleShape.Gradient ? FunctionCallTargetKind.GradientRule : FunctionCallTargetKind.DerivativeRule,
                    rule.TypeName, rule.TargetName, rule.RuleName, new EquatableArray<FunctionParameter>(parameters),
                    DifferentiableRule(table, rule) ? rule.RuleName + "Gradient" : null);
            }

            return Find(table, key) is { HasErrors: false } callee
                ? new FunctionCallTarget(key, FunctionCallTargetKind.Differentiable, callee.TypeName, callee.Name, callee.Name + "Gradient", callee.Parameters)
                : null;
        }

        /// <summary>
        /// The call chain from <paramref name="caller"/> through <paramref name="callee"/> back to the caller
        /// (<c>A → B → A</c>), following bodies only (a call served by a rule does not run the callee's body), or null.
        /// </summary>
        private static string? Cycle(FunctionTable table, string caller, string callee)
        {
            var parent = new Dictionary<string, string>(StringComparer.Ordinal);
            var pending = new Queue<string>();
            pending.Enqueue(callee);
            parent[callee] = caller;
            while (pending.Count > 0)
            {
                var key = pending.Dequeue();
                if (key == caller)
                {
                    var chain = new List<string> { Short(caller) };
                    for (var at = parent[caller]; at != caller; at = parent[at])
                    {
                        chain.Add(Short(at));
                    }

                    chain.Add(Short(caller));
                    chain.Reverse();
                    return string.Join(" → ", chain);
                }

                if (RuleFor(table, key) is not null || Find(table, key) is not { } signature)
                {
                    continue;
                }

                foreach (var next in signature.Callees)
                {
                    if (!parent.ContainsKey(next))
                    {
                        parent[next] = key;
                        pending.Enqueue(next);
                    }
                }
            }

            return null;
        }

        /// <summary>Binary search of the sorted function signatures.</summary>
        internal static FunctionSignature? Find(FunctionTable table, string key)
        {
            int lo = 0, hi = table.Functions.Count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                int c = string.CompareOrdinal(table.Functions[mid].Key, key);
                if (c == 0)
                {
                    return table.Functions[mid];
                }

                if (c < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether <paramref name="rule"/> gives a second derivative too: a one-argument <c>FDerivative</c> that is itself
        /// [Differentiable], generatable, and varies with its argument, so that its generated <c>FDerivativeGradient</c>
        /// differentiates the first derivative once more. A gradient rule (out parameters) cannot be [Differentiable].
        /// </summary>
        internal static bool DifferentiableRule(FunctionTable table, DerivativeRuleSpec rule) =>
            rule.Shape == DerivativeRuleShape.Derivative
            && Find(table, rule.RuleKey) is { HasErrors: false } signature
            && !signature.Parameters[0].NoDerivative
            && Generatable(table, rule.RuleKey, new Dictionary<string, bool>(StringComparer.Ordinal), CancellationToken.None);

        internal static DerivativeRuleSpec? RuleFor(FunctionTable table, string key) =>
            table.Rules.FirstOrDefault(r => string.Equals(r.TargetKey, key, StringComparison.Ordinal));

        /// <summary><c>Type.Method</c> from a key such as <c>global::Ns.Type.Method(double)</c>.</summary>
        internal static string Short(string key)
        {
            var name = key.Substring(0, key.IndexOf('(') < 0 ? key.Length : key.IndexOf('('));
            int method = name.LastIndexOf('.');
            int type = method > 0 ? name.LastIndexOf('.', method - 1) : -1;
            var shortName = name.Substring(type + 1);
            return shortName.StartsWith("global::", StringComparison.Ordinal) ? shortName.Substring("global::".Length) : shortName;
        }
    }
}
