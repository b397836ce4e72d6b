using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DerivGen.Model;
using DerivGen.Symbolic;

namespace DerivGen.Lowering
{
    /// <summary>
    /// Lowers a resolved [Differentiable] method to the expression graph: each differentiable parameter is a
    /// <see cref="Op.Parameter"/> leaf, each [NoDerivative] one an <see cref="Op.Input"/> leaf (held constant, since reverse
    /// mode differentiates with respect to parameters only), each let a node named after the user's local, and every
    /// conditional a user <see cref="ExpressionGraph.Select(Node, Node, Node)"/>.
    /// </summary>
    /// <remarks>
    /// Guards need no node of their own: a guarded let is read only under its guard, that is through the merge
    /// <c>c ? a : b</c> of its <c>if</c> (or the conditional of an early return), and reverse mode passes such a branch's
    /// adjoint on as <c>c ? ā·f′ : 0</c>. So the arm C# does not take contributes exactly nothing, not 0·NaN.
    /// </remarks>
    internal static class FunctionLowering
    {
        public static LoweredFunction Lower(ResolvedFunction resolved, CancellationToken cancellationToken)
        {
            var function = resolved.Function;
            var g = new ExpressionGraph();
            var parameters = ParameterLeaves(g, function);

            var result = Inline(g, function, parameters, resolved.Calls, nameLets: true, cancellationToken);
            return new LoweredFunction(resolved, g, parameters, result);
        }

        /// <summary>
        /// Lowers an Order = 2 function for its Hessian: as <see cref="Lower"/>, but every call has the callee's body
        /// inlined (unnamed, so its locals cannot clash), since a call through <c>{Name}Gradient</c> is differentiable only
        /// once. A callee's [NoDerivative] parameter holds its argument constant there, as the callee's gradient does. A call
        /// served by a [Differentiable] derivative rule stays a call: its derivative <c>FDerivative(x)</c> is differentiated
        /// once more through the rule's generated gradient, which needs first derivatives only.
        /// </summary>
        public static LoweredFunction LowerInlined(SecondOrderFunction secondOrder, CancellationToken cancellationToken)
        {
            var resolved = secondOrder.Function;
            var function = resolved.Function;
            var callees = secondOrder.Callees.ToDictionary(c => c.Function.Key, StringComparer.Ordinal);
            var rules = secondOrder.Callees.Prepend(resolved).SelectMany(c => c.Calls)
                .Where(c => c.Kind == FunctionCallTargetKind.DerivativeRule)
                .GroupBy(c => c.CalleeKey, StringComparer.Ordinal)
                .ToDictionary(c => c.Key, c => Target(c.First()), StringComparer.Ordinal);
            var g = new ExpressionGraph();
            var parameters = ParameterLeaves(g, function);

            Node Call(FunctionCall call, Node[] arguments)
            {
                // A [Differentiable] derivative rule: called, not inlined; its own gradient gives the second derivative.
                if (rules.TryGetValue(call.CalleeKey, out var rule))
                {
                    return g.Call(rule, arguments);
                }

                var callee = callees[call.CalleeKey];
                var held = arguments.Select((a, i) => callee.Function.Parameters[i].NoDerivative ? g.StopGradient(a) : a).ToArray();
                return Inline(g, callee.Function, held, Call, nameLets: false, cancellationToken);
            }

            var result = Inline(g, function, parameters, Call, nameLets: true, cancellationToken);
            return new LoweredFunction(resolved, g, parameters, result);
        }

        /// <summary>A <see cref="Op.Parameter"/> leaf per differentiable parameter, an <see cref="Op.Input"/> leaf per [NoDerivative] one.</summary>
        private static Node[] ParameterLeaves(ExpressionGraph g, FunctionModel function)
        {
            var parameters = new Node[function.Parameters.Count];
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] = function.Parameters[i].NoDerivative ? g.Input(i) : g.Parameter(i);
            }

            return parameters;
        }

        /// <summary>
        /// Builds <paramref name="function"/>'s body into <paramref name="g"/> with <paramref name="arguments"/> for its
        /// parameters and returns its value: the method's own graph, or the user's function inlined where a graph (a
        /// network's activation or loss) applies it.
        /// </summary>
        /// <param name="nameLets">Whether lets are named after the user's locals (not where one body is inlined many times).</param>
        public static Node Inline(
            ExpressionGraph g, FunctionModel function, IReadOnlyList<Node> arguments, EquatableArray<FunctionCallTarget> callTargets, bool nameLets,
            CancellationToken cancellationToken)
        {
            var calls = callTargets.ToDictionary(c => c.CalleeKey, Target, StringComparer.Ordinal);
            return Inline(g, function, arguments, (call, a) => g.Call(calls[call.CalleeKey], a), nameLets, cancellationToken);
        }

        /// <summary>As the overload above, with each call built by <paramref name="call"/> from its argument nodes.</summary>
        private static Node Inline(
            ExpressionGraph g, FunctionModel function, IReadOnlyList<Node> arguments, Func<FunctionCall, Node[], Node> call, bool nameLets,
            CancellationToken cancellationToken)
        {
            // The class whose Floor, Round, … take and return the function's precision (the emitter's ScalarType.Math).
            var mathClass = function.Precision == PrecisionKind.Single ? "global::DerivGen.SingleMath" : "global::System.Math";
            var parameters = arguments.ToArray();
            var lets = new Node[function.Lets.Count];
            for (int i = 0; i < lets.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var let = function.Lets[i];
                lets[i] = Value(g, let.Value, parameters, lets, call, mathClass);
                if (nameLets)
                {
                    g.Name(lets[i], LocalName(let.Name), let.Name.TrimStart('@'));
                }
            }

            return Value(g, function.Result, parameters, lets, call, mathClass);
        }

        /// <summary>
        /// The local a let's value is held in: the user's name (the allocator adds a suffix where it is taken). A keyword
        /// escaped with '@' loses it and gains a '_', so that its adjoint, named "d" + this, is a valid identifier too.
        /// </summary>
        private static string LocalName(string name) => name.StartsWith("@", StringComparison.Ordinal) ? name.Substring(1) + "_" : name;

        /// <summary>How a call is differentiated: through the callee's generated gradient, or the user's rule.</summary>
        private static CallTarget Target(FunctionCallTarget call)
        {
            var method = call.TypeName + "." + call.Name;
            var derivative = call.TypeName + "." + call.DerivativeName;
            switch (call.Kind)
            {
                case FunctionCallTargetKind.DerivativeRule:
                    return CallTarget.WithDerivative(method, call.Name, derivative,
                        call.SecondDerivativeName is { } second ? call.TypeName + "." + second : null);
                case FunctionCallTargetKind.GradientRule:
                    return CallTarget.WithGradient(method, call.Name, derivative, (1 << call.Parameters.Count) - 1);
                case FunctionCallTargetKind.Differentiable:
                    int outs = 0;
                    for (int i = 0; i < call.Parameters.Count; i++)
                    {
                        outs |= call.Parameters[i].NoDerivative ? 0 : 1 << i;
                    }

                    return CallTarget.WithGradient(method, call.Name, derivative, outs);
                default:
                    throw new InvalidOperationException($"Unknown call kind {call.Kind}.");
            }
        }

        private static Node Value(ExpressionGraph g, FunctionExpr expression, Node[] parameters, Node[] lets, Func<FunctionCall, Node[], Node> calls, string mathClass)
        {
            Node Of(FunctionExpr e) => Value(g, e, parameters, lets, calls, mathClass);
            switch (expression)
            {
                case FunctionConstant c:
                    return g.Constant(c.Value);
                case FunctionParameterRef p:
                    return parameters[p.Index];
                case FunctionLetRef l:
                    return lets[l.Index];
                case FunctionNegate n:
                    return g.Negate(Of(n.Operand));
                case FunctionBinary b:
                    return b.Op switch
                    {
                        FunctionBinaryOp.Add => g.Add(Of(b.Left), Of(b.Right)),
                        FunctionBinaryOp.Subtract => g.Subtract(Of(b.Left), Of(b.Right)),
                        FunctionBinaryOp.Multiply => g.Multiply(Of(b.Left), Of(b.Right)),
                        FunctionBinaryOp.Divide => g.Divide(Of(b.Left), Of(b.Right)),
                        _ => throw new InvalidOperationException($"Unknown operator {b.Op}."),
                    };
                case FunctionMath m:
                    return Math(g, m.Op, m.Arguments.Select(Of).ToArray(), mathClass);
                case FunctionCall c:
                    return calls(c, c.Arguments.Select(Of).ToArray());
                case FunctionConditional c:
                    return g.Select(Condition(g, c.Condition, Of), Of(c.WhenTrue), Of(c.WhenFalse));
                default:
                    throw new InvalidOperationException($"{expression.GetType().Name} is a condition, not a value.");
            }
        }

        private static Node Condition(ExpressionGraph g, FunctionExpr condition, Func<FunctionExpr, Node> value)
        {
            Node Of(FunctionExpr e) => Condition(g, e, value);
            return condition switch
            {
                FunctionCompare c => g.Compare(Comparison(c.Op), value(c.Left), value(c.Right)),
                FunctionLogical { Op: FunctionLogicalOp.And } l => g.And(Of(l.Left), Of(l.Right)),
                FunctionLogical { Op: FunctionLogicalOp.Or } l => g.Or(Of(l.Left), Of(l.Right)),
                FunctionNot n => g.Not(Of(n.Operand)),
                _ => throw new InvalidOperationException($"{condition.GetType().Name} is a value, not a condition."),
            };
        }

        private static Op Comparison(FunctionCompareOp op) => op switch
        {
            FunctionCompareOp.Less => Op.Less,
            FunctionCompareOp.LessOrEqual => Op.LessOrEqual,
            FunctionCompareOp.Greater => Op.Greater,
            FunctionCompareOp.GreaterOrEqual => Op.GreaterOrEqual,
            FunctionCompareOp.Equal => Op.Equal,
            FunctionCompareOp.NotEqual => Op.NotEqual,
            _ => throw new InvalidOperationException($"Unknown comparison {op}."),
        };

        private static Node Math(ExpressionGraph g, FunctionMathOp op, Node[] a, string mathClass) => op switch
        {
            FunctionMathOp.Exp => g.Apply(Op.Exp, a[0]),
            FunctionMathOp.Log => g.Apply(Op.Log, a[0]),
            FunctionMathOp.Log10 => g.Apply(Op.Log10, a[0]),
            FunctionMathOp.Sqrt => g.Apply(Op.Sqrt, a[0]),
            FunctionMathOp.Cbrt => g.Apply(Op.Cbrt, a[0]),
            FunctionMathOp.Pow => g.Pow(a[0], a[1]),
            FunctionMathOp.Abs => g.Apply(Op.Abs, a[0]),
            FunctionMathOp.Sin => g.Apply(Op.Sin, a[0]),
            FunctionMathOp.Cos => g.Apply(Op.Cos, a[0]),
            FunctionMathOp.Tan => g.Apply(Op.Tan, a[0]),
            FunctionMathOp.Asin => g.Apply(Op.Asin, a[0]),
            FunctionMathOp.Acos => g.Apply(Op.Acos, a[0]),
            FunctionMathOp.Atan => g.Apply(Op.Atan, a[0]),
            FunctionMathOp.Atan2 => g.Atan2(a[0], a[1]),
            FunctionMathOp.Sinh => g.Apply(Op.Sinh, a[0]),
            FunctionMathOp.Cosh => g.Apply(Op.Cosh, a[0]),
            // The user's Math.Tanh, not ScalarMath's: the generated method returns the function's own value bit for bit.
            FunctionMathOp.Tanh => g.Apply(Op.LibraryTanh, a[0]),
            FunctionMathOp.Min => g.Min(a[0], a[1]),
            FunctionMathOp.Max => g.Max(a[0], a[1]),
            FunctionMathOp.Clamp => g.Clamp(a[0], a[1], a[2]),
            FunctionMathOp.Log1p => g.Apply(Op.Log1p, a[0]),
            FunctionMathOp.Expm1 => g.Apply(Op.Expm1, a[0]),
            // Piecewise constant: the parser admits them only on values that no differentiable parameter reaches, so
            // reverse mode never asks for their (absent) rule; they are plain calls of System.Math.
            FunctionMathOp.Floor or FunctionMathOp.Ceiling or FunctionMathOp.Round or FunctionMathOp.Truncate or FunctionMathOp.Sign =>
                g.StopGradient(g.Call(CallTarget.Plain(mathClass + "." + op, op.ToString().ToLowerInvariant()), a[0])),
            _ => throw new InvalidOperationException($"Unknown math function {op}."),
        };
    }
}
