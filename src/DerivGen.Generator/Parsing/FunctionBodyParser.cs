using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DerivGen.Diagnostics;
using DerivGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DerivGen.Parsing
{
    /// <summary>
    /// Turns a [Differentiable] method body into straight-line IR (<see cref="FunctionModel"/>) by symbolic execution:
    /// statements run in order over an environment that maps each local and parameter to its current value; every
    /// assignment adds a let; an <c>if</c> without a return runs both arms and merges what they assigned; an <c>if</c>
    /// with a return runs each arm followed by the rest of the method, giving a conditional result; a <c>for</c> loop runs
    /// its body once per value of its constant-bound counter. Whatever else the body holds is reported on its own syntax.
    /// </summary>
    internal sealed partial class FunctionBodyParser
    {
        private readonly SemanticModel _model;
        private readonly CancellationToken _ct;
        private readonly PrecisionKind _precision;
        private readonly SpecialType _precisionType;
        private readonly string _methodName;
        private readonly IMethodSymbol _method;
        private readonly FunctionParameter[] _parameters;
        private readonly FunctionDiagnostics _diagnostics;
        private readonly List<FunctionLet> _lets = new();
        private readonly List<bool> _letVaries = new();
        private readonly List<FunctionCallSite> _callSites = new();
        private readonly HashSet<TextSpanKey> _recordedCalls = new();
        private readonly HashSet<StatementSyntax> _visited = new();
        private int _nodes;
        private SyntaxNodeOrToken _growthSite;

        private FunctionBodyParser(IMethodSymbol method, SemanticModel model, PrecisionKind precision, FunctionParameter[] parameters, FunctionDiagnostics diagnostics, SyntaxNodeOrToken identifier, CancellationToken ct)
        {
            _method = method;
            _methodName = method.Name;
            _model = model;
            _precision = precision;
            _precisionType = precision == PrecisionKind.Single ? SpecialType.System_Single : SpecialType.System_Double;
            _parameters = parameters;
            _diagnostics = diagnostics;
            _growthSite = identifier;
            _ct = ct;
        }

        /// <summary>What the body parses to: lets and result (null when the body could not be read at all), and the calls it makes.</summary>
        internal sealed record Body(List<FunctionLet> Lets, FunctionExpr? Result, List<FunctionCallSite> CallSites);

        public static Body Parse(MethodDeclarationSyntax declaration, IMethodSymbol method, SemanticModel model, PrecisionKind precision, FunctionParameter[] parameters, FunctionDiagnostics diagnostics, CancellationToken ct)
        {
            var parser = new FunctionBodyParser(method, model, precision, parameters, diagnostics, declaration.Identifier, ct);
            try
            {
                return new Body(parser._lets, parser.ParseBody(declaration), parser._callSites);
            }
            catch (TooLargeException)
            {
                diagnostics.Add(DiagnosticDescriptors.FunctionTooLargeId, parser._growthSite, method.Name,
                    DiagnosticDescriptors.MaxFunctionNodes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                return new Body(parser._lets, null, parser._callSites);
            }
        }

        private FunctionExpr? ParseBody(MethodDeclarationSyntax declaration)
        {
            var env = new Env();
            for (int i = 0; i < _method.Parameters.Length; i++)
            {
                env.Set(_method.Parameters[i], new FunctionParameterRef(i));
            }

            if (declaration.ExpressionBody is { } arrow)
            {
                return Value(arrow.Expression, env);
            }

            if (declaration.Body is not { } block)
            {
                _diagnostics.Add(DiagnosticDescriptors.UnsupportedSyntaxId, declaration.Identifier, "A method without a body", _methodName, "give it a body");
                return null;
            }

            var outcome = Run(new Work(block, null), env, null);

            // Statements C# never runs (after a return, in an arm whose condition is a constant) add nothing to the value,
            // but a loop or switch there is still not supported: reported so that no construct passes unnoticed.
            foreach (var statement in block.DescendantNodes().OfType<StatementSyntax>())
            {
                if (!_visited.Contains(statement) && !IsSupportedStatement(statement))
                {
                    Unsupported(statement);
                }
            }

            if (outcome.Returned is null && _diagnostics.Count == 0)
            {
                // The compiler reports a path that falls off the end (CS0161); there is nothing to differentiate.
                _diagnostics.Add(DiagnosticDescriptors.UnsupportedSyntaxId, declaration.Identifier, "A path that ends without return", _methodName, "return a value on every path");
            }

            return outcome.Returned;
        }

        // ---- Statements -------------------------------------------------------------------------------------------

        /// <summary>
        /// Runs the work list (statements, and loop iterations still to run) from <paramref name="env"/> under
        /// <paramref name="guard"/>: the value returned, or the environment at the end of the list when nothing returned.
        /// </summary>
        private Outcome Run(Work? work, Env env, FunctionExpr? guard)
        {
            while (work is not null)
            {
                _ct.ThrowIfCancellationRequested();
                if (work.Loop is { } loop)
                {
                    work = work.Next;
                    if (loop.Continues(loop.Value))
                    {
                        env.SetCounter(loop.Counter, (int)loop.Value);
                        work = new Work(loop.Body, new Work(null, work, loop.Advance()));
                    }

                    continue;
                }

                var statement = work.Statement!;
                work = work.Next;
                _visited.Add(statement);
                switch (statement)
                {
                    case BlockSyntax block:
                        for (int i = block.Statements.Count - 1; i >= 0; i--)
                        {
                            work = new Work(block.Statements[i], work);
                        }

                        break;
                    case EmptyStatementSyntax:
                        break;
                    case LocalDeclarationStatementSyntax declaration:
                        Declare(declaration, env, guard);
                        break;
                    case ExpressionStatementSyntax expression:
                        Assign(expression.Expression, env, guard);
                        break;
                    case ReturnStatementSyntax ret when ret.Expression is { } value:
                        return new Outcome(Value(value, env), null);
                    case IfStatementSyntax ifStatement:
                        var branched = If(ifStatement, ref work, env, guard);
                        if (branched is not null)
                        {
                            return branched.Value;
                        }

                        break;
                    case ForStatementSyntax forStatement:
                        if (StartLoop(forStatement, env) is { } started)
                        {
                            work = new Work(null, work, started);
                        }

                        break;
                    default:
                        Unsupported(statement);
                        break;
                }
            }

            return new Outcome(null, env);
        }

        private static bool IsSupportedStatement(StatementSyntax statement) =>
            statement is BlockSyntax or EmptyStatementSyntax or LocalDeclarationStatementSyntax or ExpressionStatementSyntax
                or IfStatementSyntax or ForStatementSyntax or ReturnStatementSyntax { Expression: not null };

        /// <summary>
        /// An if statement. A condition known at compile time (a loop counter's test) picks its arm. Otherwise, without a
        /// return inside, both arms run and their assignments merge (null is returned and the caller goes on); with one, the
        /// rest of the method runs after each arm and the outcome is the conditional of the two results.
        /// </summary>
        private Outcome? If(IfStatementSyntax statement, ref Work? work, Env env, FunctionExpr? guard)
        {
            var condition = Condition(statement.Condition, env);
            if (condition.Known is { } known)
            {
                var taken = known ? statement.Statement : statement.Else?.Statement;
                if (taken is not null)
                {
                    work = new Work(taken, work);
                }

                return null;
            }

            var c = condition.Expr!;
            if (!statement.DescendantNodes().Any(n => n is ReturnStatementSyntax))
            {
                var whenTrue = Run(new Work(statement.Statement, null), env.Clone(), And(guard, c)).Env!;
                var whenFalse = statement.Else is { } otherwise ? Run(new Work(otherwise.Statement, null), env.Clone(), And(guard, new FunctionNot(c))).Env! : env.Clone();
                Merge(c, env, whenTrue, whenFalse, guard);
                return null;
            }

            _growthSite = statement.IfKeyword;
            var rest = work;
            var onTrue = Run(new Work(statement.Statement, rest), env.Clone(), And(guard, c));
            var onFalse = Run(statement.Else is { } elseClause ? new Work(elseClause.Statement, rest) : rest, env.Clone(), And(guard, new FunctionNot(c)));
            if (onTrue.Returned is { } a && onFalse.Returned is { } b)
            {
                return new Outcome(Count(new FunctionConditional(c, a, b)), null);
            }

            // A path fell off the end of the method: the compiler reports it (CS0161).
            return new Outcome(onTrue.Returned ?? onFalse.Returned, null);
        }

        /// <summary>After both arms of an if ran: each variable they left different gets a merge let <c>c ? a : b</c>.</summary>
        private void Merge(FunctionExpr condition, Env env, Env whenTrue, Env whenFalse, FunctionExpr? guard)
        {
            foreach (var symbol in env.Variables.ToArray())
            {
                var a = whenTrue.Get(symbol);
                var b = whenFalse.Get(symbol);
                if (a is null || b is null)
                {
                    continue;
                }

                env.Set(symbol, Equals(a, b) ? a : AddLet(symbol.Name, new FunctionConditional(condition, a, b), guard));
            }
        }

        private void Declare(LocalDeclarationStatementSyntax statement, Env env, FunctionExpr? guard)
        {
            if (statement.IsConst)
            {
                // Every use of a const local is a constant expression, which Value reads from the semantic model.
                return;
            }

            foreach (var variable in statement.Declaration.Variables)
            {
                if (_model.GetDeclaredSymbol(variable, _ct) is not ILocalSymbol local)
                {
                    Unsupported(variable);
                    continue;
                }

                if (local.Type.SpecialType != _precisionType)
                {
                    if (FunctionParser.PrecisionOf(local.Type) is { } other)
                    {
                        _diagnostics.Add(DiagnosticDescriptors.MixedPrecisionId, statement.Declaration.Type, FunctionParser.Keyword(other), _methodName, FunctionParser.Keyword(_precision));
                    }
                    else
                    {
                        _diagnostics.Add(DiagnosticDescriptors.UnsupportedSyntaxId, statement.Declaration.Type, $"A local of type {local.Type.ToDisplayString()}", _methodName,
                            $"declare locals as {FunctionParser.Keyword(_precision)} or var, or const for other constants");
                    }

                    // Reported once here; reads of it stand for 0 so they are not reported again.
                    env.Set(local, new FunctionConstant(0));
                    continue;
                }

                if (variable.Initializer is { } initializer)
                {
                    env.Set(local, AddLet(local.Name, Value(initializer.Value, env), guard));
                }
                else
                {
                    env.Declare(local);
                }
            }
        }

        /// <summary>An expression statement: an assignment (plain or compound) or an increment of a local or parameter.</summary>
        private void Assign(ExpressionSyntax expression, Env env, FunctionExpr? guard)
        {
            ExpressionSyntax target;
            FunctionBinaryOp? op;
            ExpressionSyntax? operand;
            switch (expression)
            {
                case AssignmentExpressionSyntax assignment:
                    target = assignment.Left;
                    operand = assignment.Right;
                    op = assignment.Kind() switch
                    {
                        SyntaxKind.SimpleAssignmentExpression => null,
                        SyntaxKind.AddAssignmentExpression => FunctionBinaryOp.Add,
                        SyntaxKind.SubtractAssignmentExpression => FunctionBinaryOp.Subtract,
                        SyntaxKind.MultiplyAssignmentExpression => FunctionBinaryOp.Multiply,
                        SyntaxKind.DivideAssignmentExpression => FunctionBinaryOp.Divide,
                        _ => (FunctionBinaryOp)(-1),
                    };
                    if (op == (FunctionBinaryOp)(-1))
                    {
                        Unsupported(assignment);
                        return;
                    }

                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix:
                    target = postfix.Operand;
                    operand = null;
                    op = postfix.IsKind(SyntaxKind.PostIncrementExpression) ? FunctionBinaryOp.Add : FunctionBinaryOp.Subtract;
                    break;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix:
                    target = prefix.Operand;
                    operand = null;
                    op = prefix.IsKind(SyntaxKind.PreIncrementExpression) ? FunctionBinaryOp.Add : FunctionBinaryOp.Subtract;
                    break;
                default:
                    Unsupported(expression);
                    return;
            }

            var symbol = _model.GetSymbolInfo(target, _ct).Symbol;
            if (symbol is ILocalSymbol or IParameterSymbol && env.IsCounter(symbol))
            {
                _diagnostics.Add(DiagnosticDescriptors.LoopBoundsId, expression, _methodName, $"assigns its counter '{symbol!.Name}'");
                return;
            }

            if (symbol is not (ILocalSymbol or IParameterSymbol) || (env.Get(symbol) is null && op is not null))
            {
                _diagnostics.Add(DiagnosticDescriptors.UnsupportedSyntaxId, expression,
                    symbol is IFieldSymbol or IPropertySymbol ? $"Writing to {Kind(symbol)} '{symbol.Name}'" : $"Assigning '{Truncated(target)}'",
                    _methodName, "assign only locals and parameters; return the result instead");
                return;
            }

            var type = symbol is ILocalSymbol l ? l.Type : ((IParameterSymbol)symbol).Type;
            if (type.SpecialType != _precisionType)
            {
                Unsupported(expression);
                return;
            }

            var value = operand is null ? new FunctionConstant(1.0) : Value(operand, env);
            if (op is { } binary)
            {
                value = Count(new FunctionBinary(binary, env.Get(symbol)!, value));
            }

            env.Set(symbol, AddLet(symbol.Name, value, guard));
        }

        /// <summary>Checks a for loop's shape and bounds; the first iteration, or null when it cannot be unrolled (reported).</summary>
        private LoopState? StartLoop(ForStatementSyntax loop, Env env)
        {
            _growthSite = loop.ForKeyword;
            string? problem = null;
            ILocalSymbol? counter = null;
            int start = 0;
            int step = 0;
            int bound = 0;
            SyntaxKind test = SyntaxKind.None;
            if (loop.Declaration is not { Variables.Count: 1 } declaration || loop.Initializers.Count > 0)
            {
                problem = "does not declare exactly one counter";
            }
            else if (_model.GetDeclaredSymbol(declaration.Variables[0], _ct) is not ILocalSymbol local || local.Type.SpecialType != SpecialType.System_Int32)
            {
                problem = "has a counter that is not an int";
            }
            else if (declaration.Variables[0].Initializer is not { } initializer || IntValue(initializer.Value, env) is not { } first)
            {
                problem = "has a start that is not a compile-time constant";
            }
            else if (loop.Condition is not BinaryExpressionSyntax condition
                || !SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(condition.Left, _ct).Symbol, local)
                || condition.Kind() is not (SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression
                    or SyntaxKind.GreaterThanOrEqualExpression or SyntaxKind.NotEqualsExpression))
            {
                problem = "has a condition that is not 'counter < bound' (or <=, >, >=, !=)";
            }
            else if (IntValue(condition.Right, env) is not { } end)
            {
                problem = "has a bound that is not a compile-time constant";
            }
            else if (loop.Incrementors.Count != 1 || StepOf(loop.Incrementors[0], local, env) is not { } delta || delta == 0)
            {
                problem = "has a step that is not a constant ++, --, += or -=";
            }
            else
            {
                counter = local;
                start = first;
                bound = end;
                step = delta;
                test = condition.Kind();
            }

            if (counter is null)
            {
                _diagnostics.Add(DiagnosticDescriptors.LoopBoundsId, loop.ForKeyword, _methodName, problem!);
                return null;
            }

            var state = new LoopState(counter, start, step, bound, test, loop.Statement);
            long iterations = 0;
            for (long v = start; state.Continues(v); v += step)
            {
                if (++iterations > DiagnosticDescriptors.MaxFunctionNodes || v > int.MaxValue || v < int.MinValue)
                {
                    throw new TooLargeException();
                }
            }

            foreach (var write in loop.Statement.DescendantNodesAndSelf().OfType<ExpressionSyntax>())
            {
                var written = write switch
                {
                    AssignmentExpressionSyntax a => a.Left,
                    PostfixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.PostIncrementExpression) || p.IsKind(SyntaxKind.PostDecrementExpression) => p.Operand,
                    PrefixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.PreIncrementExpression) || p.IsKind(SyntaxKind.PreDecrementExpression) => p.Operand,
                    _ => null,
                };
                if (written is not null && SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(written, _ct).Symbol, counter))
                {
                    _diagnostics.Add(DiagnosticDescriptors.LoopBoundsId, write, _methodName, $"assigns its counter '{counter.Name}'");
                    return null;
                }
            }

            return state;
        }

        private int? StepOf(ExpressionSyntax incrementor, ILocalSymbol counter, Env env)
        {
            ExpressionSyntax target;
            int? step;
            switch (incrementor)
            {
                case PostfixUnaryExpressionSyntax p:
                    target = p.Operand;
                    step = p.IsKind(SyntaxKind.PostIncrementExpression) ? 1 : p.IsKind(SyntaxKind.PostDecrementExpression) ? -1 : null;
                    break;
                case PrefixUnaryExpressionSyntax p:
                    target = p.Operand;
                    step = p.IsKind(SyntaxKind.PreIncrementExpression) ? 1 : p.IsKind(SyntaxKind.PreDecrementExpression) ? -1 : null;
                    break;
                case AssignmentExpressionSyntax a when a.IsKind(SyntaxKind.AddAssignmentExpression) || a.IsKind(SyntaxKind.SubtractAssignmentExpression):
                    target = a.Left;
                    step = IntValue(a.Right, env) is { } k && k != int.MinValue ? (a.IsKind(SyntaxKind.AddAssignmentExpression) ? k : -k) : null;
                    break;
                default:
                    return null;
            }

            return SymbolEqualityComparer.Default.Equals(_model.GetSymbolInfo(target, _ct).Symbol, counter) ? step : null;
        }

        // ---- Values -----------------------------------------------------------------------------------------------

        /// <summary>The IR of a value expression; unsupported syntax is reported and read as 0 so that the rest is still checked.</summary>
        private FunctionExpr Value(ExpressionSyntax expression, Env env)
        {
            _ct.ThrowIfCancellationRequested();
            Count();
            var constant = _model.GetConstantValue(expression, _ct);
            var typeInfo = _model.GetTypeInfo(expression, _ct);
            if (constant.HasValue && constant.Value is not (null or bool or string or char or decimal))
            {
                return new FunctionConstant(ToPrecision(constant.Value, typeInfo.ConvertedType ?? typeInfo.Type));
            }

            if (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                return Value(parenthesized.Expression, env);
            }

            if (expression is InvocationExpressionSyntax invocation)
            {
                return Call(invocation, env, typeInfo);
            }

            if (typeInfo.Type is { } type && IsIntegral(type.SpecialType))
            {
                if (IntValue(expression, env) is { } known)
                {
                    return new FunctionConstant(ToPrecision(known, typeInfo.ConvertedType ?? type));
                }

                if (expression is IdentifierNameSyntax && _model.GetSymbolInfo(expression, _ct).Symbol is ILocalSymbol reported && env.Get(reported) is { } stand)
                {
                    return stand; // a local whose declaration was reported
                }

                return Unsupported(expression, $"The {type.ToDisplayString()} expression '{Truncated(expression)}'", "integers must be compile-time constants (const, literals, loop counters)");
            }

            if (!CheckPrecision(expression, typeInfo))
            {
                return new FunctionConstant(0);
            }

            switch (expression)
            {
                case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                    return Name(expression, env);
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                    return Count(new FunctionNegate(Value(unary.Operand, env)));
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                    return Value(unary.Operand, env);
                case BinaryExpressionSyntax binary when BinaryOp(binary.Kind()) is { } op:
                    return Count(new FunctionBinary(op, Value(binary.Left, env), Value(binary.Right, env)));
                case ConditionalExpressionSyntax conditional:
                    var condition = Condition(conditional.Condition, env);
                    if (condition.Known is { } known)
                    {
                        return Value(known ? conditional.WhenTrue : conditional.WhenFalse, env);
                    }

                    return Count(new FunctionConditional(condition.Expr!, Value(conditional.WhenTrue, env), Value(conditional.WhenFalse, env)));
                case CastExpressionSyntax cast:
                    var inner = _model.GetTypeInfo(cast.Expression, _ct).Type;
                    if (inner is not null && (inner.SpecialType == _precisionType || IsIntegral(inner.SpecialType)))
                    {
                        return Value(cast.Expression, env);
                    }

                    return Mixed(cast.Expression, inner);
                case CheckedExpressionSyntax checkedExpression:
                    return Value(checkedExpression.Expression, env);
                default:
                    return Unsupported(expression);
            }
        }

        /// <summary>A parameter or local (its current value); a field or property is reported, unless const (a constant, read before).</summary>
        private FunctionExpr Name(ExpressionSyntax expression, Env env)
        {
            var symbol = _model.GetSymbolInfo(expression, _ct).Symbol;
            if (symbol is ILocalSymbol or IParameterSymbol && env.Get(symbol) is { } value)
            {
                return value;
            }

            if (symbol is IFieldSymbol or IPropertySymbol)
            {
                return Unsupported(expression, $"Reading {Kind(symbol)} '{symbol.Name}'",
                    "only const fields can be read; make it const or pass the value as a [NoDerivative] parameter");
            }

            return Unsupported(expression);
        }

        /// <summary>A call of a supported Math function, or of a user method that the resolution step will look up.</summary>
        private FunctionExpr Call(InvocationExpressionSyntax invocation, Env env, TypeInfo typeInfo)
        {
            if (_model.GetSymbolInfo(invocation, _ct).Symbol is not IMethodSymbol callee)
            {
                return Unsupported(invocation, $"The call '{Truncated(invocation)}', which does not bind,", "fix the call so that it compiles");
            }

            string container = callee.ContainingType?.ToDisplayString() ?? string.Empty;
            string display = callee.ContainingType?.Name + "." + callee.Name;
            bool isMath = container is "System.Math" or "System.MathF";
            if (isMath || container == KnownNames.ScalarMath)
            {
                if (MathOp(callee, isMath) is not { } op)
                {
                    _diagnostics.Add(DiagnosticDescriptors.UnknownCalleeId, invocation, display, _methodName);
                    return new FunctionConstant(0);
                }

                bool returnsInt = op == FunctionMathOp.Sign;
                if (!returnsInt && !CheckPrecision(invocation, typeInfo))
                {
                    return new FunctionConstant(0);
                }

                var arguments = Arguments(invocation, callee, env);
                if (arguments is null)
                {
                    return new FunctionConstant(0);
                }

                if (op is FunctionMathOp.Floor or FunctionMathOp.Ceiling or FunctionMathOp.Round or FunctionMathOp.Truncate or FunctionMathOp.Sign
                    && arguments.Any(Varies))
                {
                    _diagnostics.Add(DiagnosticDescriptors.NoUsefulDerivativeId, invocation, display, _methodName);
                    return new FunctionConstant(0);
                }

                return Count(new FunctionMath(op, new EquatableArray<FunctionExpr>(arguments)));
            }

            if (!callee.IsStatic || callee.IsGenericMethod || callee.ReturnsByRef || callee.ReturnsByRefReadonly
                || callee.ReturnType.SpecialType != _precisionType || callee.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.SpecialType != _precisionType)
                || callee.MethodKind != MethodKind.Ordinary)
            {
                _diagnostics.Add(DiagnosticDescriptors.UnknownCalleeId, invocation, display, _methodName);
                return new FunctionConstant(0);
            }

            var values = Arguments(invocation, callee, env);
            if (values is null)
            {
                return new FunctionConstant(0);
            }

            string key = FunctionKeys.Of(callee);
            if (_recordedCalls.Add(new TextSpanKey(invocation.SpanStart, invocation.Span.Length)))
            {
                _callSites.Add(new FunctionCallSite(key, display, FunctionDiagnostics.LocationOf(invocation)));
            }

            return Count(new FunctionCall(key, new EquatableArray<FunctionExpr>(values)));
        }

        /// <summary>The arguments in parameter order (positional only; omitted optional ones as their constant defaults).</summary>
        private FunctionExpr[]? Arguments(InvocationExpressionSyntax invocation, IMethodSymbol callee, Env env)
        {
            var arguments = invocation.ArgumentList.Arguments;
            if (arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)) || arguments.Count > callee.Parameters.Length)
            {
                Unsupported(invocation, $"The call '{Truncated(invocation)}'", "pass every argument by position, as a plain value");
                return null;
            }

            var values = new FunctionExpr[callee.Parameters.Length];
            for (int i = 0; i < values.Length; i++)
            {
                if (i < arguments.Count)
                {
                    values[i] = Value(arguments[i].Expression, env);
                }
                else if (callee.Parameters[i].HasExplicitDefaultValue && callee.Parameters[i].ExplicitDefaultValue is { } fallback and not (bool or string or char or decimal))
                {
                    values[i] = new FunctionConstant(ToPrecision(fallback, callee.Parameters[i].Type));
                }
                else
                {
                    Unsupported(invocation, $"The call '{Truncated(invocation)}'", "pass every argument by position, as a plain value");
                    return null;
                }
            }

            return values;
        }

        private static FunctionMathOp? MathOp(IMethodSymbol callee, bool isMath)
        {
            if (!isMath)
            {
                return callee.Name switch
                {
                    "Log1p" when callee.Parameters.Length == 1 => FunctionMathOp.Log1p,
                    "Expm1" when callee.Parameters.Length == 1 => FunctionMathOp.Expm1,
                    _ => null,
                };
            }

            int arity = callee.Name switch
            {
                nameof(FunctionMathOp.Pow) or nameof(FunctionMathOp.Atan2) or nameof(FunctionMathOp.Min) or nameof(FunctionMathOp.Max) => 2,
                nameof(FunctionMathOp.Clamp) => 3,
                _ => 1,
            };
            return callee.Parameters.Length == arity && Enum.TryParse<FunctionMathOp>(callee.Name, out var op) && op is not (FunctionMathOp.Log1p or FunctionMathOp.Expm1)
                && Enum.IsDefined(typeof(FunctionMathOp), op) && char.IsUpper(callee.Name[0])
                ? op
                : null;
        }

        // ---- Conditions -------------------------------------------------------------------------------------------

        /// <summary>A condition's IR, or its value when known at compile time (constants, loop counters).</summary>
        private Cond Condition(ExpressionSyntax expression, Env env)
        {
            _ct.ThrowIfCancellationRequested();
            Count();
            if (_model.GetConstantValue(expression, _ct) is { HasValue: true, Value: bool constant })
            {
                return new Cond(constant, null);
            }

            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Condition(parenthesized.Expression, env);
                case PrefixUnaryExpressionSyntax negation when negation.IsKind(SyntaxKind.LogicalNotExpression):
                    var operand = Condition(negation.Operand, env);
                    return operand.Known is { } k ? new Cond(!k, null) : new Cond(null, Count(new FunctionNot(operand.Expr!)));
                case BinaryExpressionSyntax logical when logical.IsKind(SyntaxKind.LogicalAndExpression) || logical.IsKind(SyntaxKind.LogicalOrExpression):
                    bool isAnd = logical.IsKind(SyntaxKind.LogicalAndExpression);
                    var left = Condition(logical.Left, env);
                    if (left.Known is { } l)
                    {
                        // false && x, true || x: C# does not evaluate x.
                        return l != isAnd ? left : Condition(logical.Right, env);
                    }

                    var right = Condition(logical.Right, env);
                    if (right.Known is { } r)
                    {
                        return r == isAnd ? left : right;
                    }

                    return new Cond(null, Count(new FunctionLogical(isAnd ? FunctionLogicalOp.And : FunctionLogicalOp.Or, left.Expr!, right.Expr!)));
                case BinaryExpressionSyntax comparison when CompareOp(comparison.Kind()) is { } op:
                    var leftType = _model.GetTypeInfo(comparison.Left, _ct).Type;
                    var rightType = _model.GetTypeInfo(comparison.Right, _ct).Type;
                    if (leftType is not null && rightType is not null && IsIntegral(leftType.SpecialType) && IsIntegral(rightType.SpecialType))
                    {
                        if (IntValue(comparison.Left, env) is { } a && IntValue(comparison.Right, env) is { } b)
                        {
                            return new Cond(Compare(op, a, b), null);
                        }

                        Unsupported(comparison, $"The int comparison '{Truncated(comparison)}'", "integers must be compile-time constants (const, literals, loop counters)");
                        return new Cond(true, null);
                    }

                    if (leftType?.SpecialType == SpecialType.System_Boolean || rightType?.SpecialType == SpecialType.System_Boolean)
                    {
                        Unsupported(comparison);
                        return new Cond(true, null);
                    }

                    var x = Value(comparison.Left, env);
                    var y = Value(comparison.Right, env);
                    if (x is FunctionConstant cx && y is FunctionConstant cy)
                    {
                        return new Cond(Compare(op, cx.Value, cy.Value), null);
                    }

                    return new Cond(null, Count(new FunctionCompare(op, x, y)));
                default:
                    Unsupported(expression, $"The condition '{Truncated(expression)}'", "build conditions from <, <=, >, >=, ==, != on values, with &&, || and !");
                    return new Cond(true, null);
            }
        }

        private static bool Compare(FunctionCompareOp op, double a, double b) => op switch
        {
            FunctionCompareOp.Less => a < b,
            FunctionCompareOp.LessOrEqual => a <= b,
            FunctionCompareOp.Greater => a > b,
            FunctionCompareOp.GreaterOrEqual => a >= b,
            FunctionCompareOp.Equal => a == b,
            FunctionCompareOp.NotEqual => a != b,
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };

        private static FunctionCompareOp? CompareOp(SyntaxKind kind) => kind switch
        {
            SyntaxKind.LessThanExpression => FunctionCompareOp.Less,
            SyntaxKind.LessThanOrEqualExpression => FunctionCompareOp.LessOrEqual,
            SyntaxKind.GreaterThanExpression => FunctionCompareOp.Greater,
            SyntaxKind.GreaterThanOrEqualExpression => FunctionCompareOp.GreaterOrEqual,
            SyntaxKind.EqualsExpression => FunctionCompareOp.Equal,
            SyntaxKind.NotEqualsExpression => FunctionCompareOp.NotEqual,
            _ => null,
        };

        private static FunctionBinaryOp? BinaryOp(SyntaxKind kind) => kind switch
        {
            SyntaxKind.AddExpression => FunctionBinaryOp.Add,
            SyntaxKind.SubtractExpression => FunctionBinaryOp.Subtract,
            SyntaxKind.MultiplyExpression => FunctionBinaryOp.Multiply,
            SyntaxKind.DivideExpression => FunctionBinaryOp.Divide,
            _ => null,
        };

        // ---- Compile-time integers (loop counters) ----------------------------------------------------------------

        /// <summary>The value of an int expression made of constants and loop counters, with C#'s int arithmetic; null otherwise.</summary>
        private int? IntValue(ExpressionSyntax expression, Env env)
        {
            var constant = _model.GetConstantValue(expression, _ct);
            if (constant.HasValue)
            {
                return constant.Value is int or short or sbyte or byte or ushort ? Convert.ToInt32(constant.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            }

            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return IntValue(parenthesized.Expression, env);
                case IdentifierNameSyntax:
                    return _model.GetSymbolInfo(expression, _ct).Symbol is { } symbol ? env.Counter(symbol) : null;
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryMinusExpression):
                    return IntValue(unary.Operand, env) is { } v ? unchecked(-v) : null;
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.UnaryPlusExpression):
                    return IntValue(unary.Operand, env);
                case BinaryExpressionSyntax binary when _model.GetTypeInfo(binary, _ct).Type?.SpecialType == SpecialType.System_Int32:
                    if (IntValue(binary.Left, env) is not { } a || IntValue(binary.Right, env) is not { } b)
                    {
                        return null;
                    }

                    return binary.Kind() switch
                    {
                        SyntaxKind.AddExpression => unchecked(a + b),
                        SyntaxKind.SubtractExpression => unchecked(a - b),
                        SyntaxKind.MultiplyExpression => unchecked(a * b),
                        SyntaxKind.DivideExpression when b != 0 && !(a == int.MinValue && b == -1) => a / b,
                        SyntaxKind.ModuloExpression when b != 0 && !(a == int.MinValue && b == -1) => a % b,
                        _ => null,
                    };
                default:
                    return null;
            }
        }

        // ---- Helpers ----------------------------------------------------------------------------------------------

        /// <summary>Whether a value depends on a differentiable parameter (not only on constants and [NoDerivative] ones).</summary>
        private bool Varies(FunctionExpr expression) => expression switch
        {
            FunctionConstant => false,
            FunctionParameterRef p => !_parameters[p.Index].NoDerivative,
            FunctionLetRef l => _letVaries[l.Index],
            FunctionNegate n => Varies(n.Operand),
            FunctionBinary b => Varies(b.Left) || Varies(b.Right),
            FunctionMath m => m.Op is not (FunctionMathOp.Floor or FunctionMathOp.Ceiling or FunctionMathOp.Round or FunctionMathOp.Truncate or FunctionMathOp.Sign)
                && m.Arguments.Any(Varies),
            FunctionCall c => c.Arguments.Any(Varies),
            FunctionConditional c => Varies(c.WhenTrue) || Varies(c.WhenFalse),
            _ => false,
        };

        private FunctionLetRef AddLet(string name, FunctionExpr value, FunctionExpr? guard)
        {
            _lets.Add(new FunctionLet(NetworkParser.Escaped(name), value, guard));
            _letVaries.Add(Varies(value));
            return new FunctionLetRef(_lets.Count - 1);
        }

        private static FunctionExpr? And(FunctionExpr? guard, FunctionExpr condition) =>
            guard is null ? condition : new FunctionLogical(FunctionLogicalOp.And, guard, condition);

        /// <summary>Whether a non-constant value has the method's precision; a double in a float method (or back) is reported.</summary>
        private bool CheckPrecision(ExpressionSyntax expression, TypeInfo typeInfo)
        {
            var used = typeInfo.ConvertedType ?? typeInfo.Type;
            if (typeInfo.Type?.SpecialType == _precisionType && (used is null || used.SpecialType == _precisionType))
            {
                return true;
            }

            if (FunctionParser.PrecisionOf(used) is not null || FunctionParser.PrecisionOf(typeInfo.Type) is not null)
            {
                Mixed(expression, FunctionParser.PrecisionOf(used) is not null && used!.SpecialType != _precisionType ? used : typeInfo.Type);
                return false;
            }

            Unsupported(expression);
            return false;
        }

        private FunctionExpr Mixed(ExpressionSyntax expression, ITypeSymbol? type)
        {
            _diagnostics.Add(DiagnosticDescriptors.MixedPrecisionId, expression, type?.ToDisplayString() ?? "other", _methodName, FunctionParser.Keyword(_precision));
            return new FunctionConstant(0);
        }

        private double ToPrecision(object value, ITypeSymbol? type)
        {
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            return (type?.SpecialType ?? _precisionType) == SpecialType.System_Single || (type is null && _precision == PrecisionKind.Single)
                ? Convert.ToSingle(value, culture)
                : Convert.ToDouble(value, culture);
        }

        private static bool IsIntegral(SpecialType type) => type is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16
            or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64;

        private FunctionExpr Unsupported(SyntaxNode node, string? what = null, string? hint = null)
        {
            _diagnostics.Add(DiagnosticDescriptors.UnsupportedSyntaxId, node, what ?? FunctionSyntaxNames.Describe(node), _methodName, hint ?? FunctionSyntaxNames.Hint(node));
            return new FunctionConstant(0);
        }

        private static string Kind(ISymbol symbol) => symbol is IPropertySymbol ? "property" : "field";

        private static string Truncated(SyntaxNode node)
        {
            var text = node.ToString().Replace('\n', ' ').Replace('\r', ' ');
            return text.Length <= 40 ? text : text.Substring(0, 37) + "...";
        }

        /// <summary>Counts one IR node against <see cref="DiagnosticDescriptors.MaxFunctionNodes"/>.</summary>
        private void Count()
        {
            if (++_nodes > DiagnosticDescriptors.MaxFunctionNodes)
            {
                throw new TooLargeException();
            }
        }

        private FunctionExpr Count(FunctionExpr expression)
        {
            Count();
            return expression;
        }
    }
}
