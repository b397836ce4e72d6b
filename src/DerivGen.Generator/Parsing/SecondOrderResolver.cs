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
    /// What a <c>[Differentiable(Order = 2)]</c> function needs beyond its own resolution: the bodies of the functions it
    /// calls, which its Hessian inlines (a call through <c>{Name}Gradient</c> has no second derivative), and a diagnostic
    /// (DG0032) where a call leads to a [Derivative] rule that supplies first derivatives only. A one-argument rule that is
    /// [Differentiable] itself ends the walk instead: its generated gradient gives the second derivative.
    /// </summary>
    internal static class SecondOrderResolver
    {
        /// <summary>
        /// Every Order = 2 function with the bodies it reaches, in key order; those for which <see cref="Gather"/> gives
        /// null are left out. Every function edit re-runs this cheap step; an item changes only when its function or one of
        /// its callees does, so the steps after it stay cached otherwise.
        /// </summary>
        public static ImmutableArray<SecondOrderFunction> GatherAll(ImmutableArray<ResolvedFunction?> all, CancellationToken ct)
        {
            var byKey = new Dictionary<string, ResolvedFunction>(StringComparer.Ordinal);
            foreach (var resolved in all)
            {
                if (resolved is not null)
                {
                    byKey[resolved.Function.Key] = resolved;
                }
            }

            var gathered = ImmutableArray.CreateBuilder<SecondOrderFunction>();
            foreach (var key in byKey.Keys.OrderBy(k => k, StringComparer.Ordinal))
            {
                if (byKey[key].Function.Order == 2 && Gather(byKey[key], byKey, ct) is { } secondOrder)
                {
                    gathered.Add(secondOrder);
                }
            }

            return gathered.ToImmutable();
        }

        /// <summary>
        /// The function with every body it reaches, or null when a call on the way is served by a rule that is not
        /// differentiable (DG0032) or a callee could not be resolved (reported on it). A differentiable rule is not walked
        /// into: its call stays a call, differentiated again through the rule's own generated gradient.
        /// </summary>
        private static SecondOrderFunction? Gather(ResolvedFunction function, Dictionary<string, ResolvedFunction> byKey, CancellationToken ct)
        {
            var callees = new SortedDictionary<string, ResolvedFunction>(StringComparer.Ordinal);
            var pending = new Stack<ResolvedFunction>();
            pending.Push(function);
            while (pending.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                foreach (var call in pending.Pop().Calls)
                {
                    if (call.SecondDerivativeName is not null)
                    {
                        continue;
                    }

                    if (call.Kind != FunctionCallTargetKind.Differentiable || !byKey.TryGetValue(call.CalleeKey, out var callee))
                    {
                        return null;
                    }

                    if (!callees.ContainsKey(call.CalleeKey))
                    {
                        callees.Add(call.CalleeKey, callee);
                        pending.Push(callee);
                    }
                }
            }

            return new SecondOrderFunction(function, new EquatableArray<ResolvedFunction>(callees.Values));
        }

        /// <summary>DG0032 on each call of an Order = 2 function that leads, through bodies, to a [Derivative] rule that is not differentiable.</summary>
        public static IEnumerable<FunctionDiagnostic> Diagnose(FunctionParseResult parse, FunctionTable table, CancellationToken ct)
        {
            foreach (var site in parse.CallSites)
            {
                ct.ThrowIfCancellationRequested();
                if (RuleReached(table, site.CalleeKey) is { } reached)
                {
                    var (rule, chain) = reached;
                    yield return new FunctionDiagnostic(DiagnosticDescriptors.NoSecondDerivativeId, site.Location,
                        new EquatableArray<string>(new[] { parse.Name, rule.RuleName, rule.TargetName, FunctionResolver.Short(parse.Function!.Key) + " → " + chain, Fix(rule) }));
                }
            }
        }

        /// <summary>What to change: a one-argument rule can be made differentiable; a gradient rule (out parameters) cannot.</summary>
        private static string Fix(DerivativeRuleSpec rule) => rule.Shape == DerivativeRuleShape.Derivative
            ? $"mark '{rule.RuleName}' [Differentiable] so that its body gives the second derivative, or remove the rule so that '{rule.TargetName}' is inlined and differentiated from its own body"
            : $"a gradient rule (out parameters) cannot be [Differentiable]; remove the rule so that '{rule.TargetName}' is inlined and differentiated from its own body, or use Order = 1";

        /// <summary>
        /// The first rule met breadth-first from <paramref name="key"/> along bodies, with the call chain to it
        /// (<c>B → C</c>), or null. Cycles are reported elsewhere (DG0023); the walk visits each key once.
        /// </summary>
        private static (DerivativeRuleSpec Rule, string Chain)? RuleReached(FunctionTable table, string key)
        {
            var parent = new Dictionary<string, string?>(StringComparer.Ordinal) { [key] = null };
            var pending = new Queue<string>();
            pending.Enqueue(key);
            while (pending.Count > 0)
            {
                var at = pending.Dequeue();
                if (FunctionResolver.RuleFor(table, at) is { } found && FunctionResolver.DifferentiableRule(table, found))
                {
                    // The rule's generated gradient differentiates it once more; a rule ends the path, as in first order.
                    continue;
                }

                if (FunctionResolver.RuleFor(table, at) is { } rule)
                {
                    var chain = new List<string>();
                    for (string? step = at; step is not null; step = parent[step])
                    {
                        chain.Add(FunctionResolver.Short(step));
                    }

                    chain.Reverse();
                    return (rule, string.Join(" → ", chain));
                }

                foreach (var next in FunctionResolver.Find(table, at)?.Callees ?? default)
                {
                    if (!parent.ContainsKey(next))
                    {
                        parent[next] = at;
                        pending.Enqueue(next);
                    }
                }
            }

            return null;
        }
    }
}
