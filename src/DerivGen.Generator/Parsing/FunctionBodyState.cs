using System;
using System.Collections.Generic;
using System.Linq;
using DerivGen.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DerivGen.Parsing
{
    /// <summary>The state <see cref="FunctionBodyParser"/> runs a body over: variables, the work list, loop iterations.</summary>
    internal sealed partial class FunctionBodyParser
    {
        /// <summary>The variables in scope: each local and parameter's current value, and each loop counter's current int.</summary>
        private sealed class Env
        {
            private readonly List<ISymbol> _order;
            private readonly Dictionary<ISymbol, FunctionExpr> _values;
            private readonly Dictionary<ISymbol, int> _counters;

            public Env()
                : this(new List<ISymbol>(), new Dictionary<ISymbol, FunctionExpr>(SymbolEqualityComparer.Default), new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default))
            {
            }

            private Env(List<ISymbol> order, Dictionary<ISymbol, FunctionExpr> values, Dictionary<ISymbol, int> counters)
            {
                _order = order;
                _values = values;
                _counters = counters;
            }

            /// <summary>The variables with a value, in the order they were first assigned (deterministic, unlike a dictionary's).</summary>
            public IReadOnlyList<ISymbol> Variables => _order;

            public Env Clone() => new(new List<ISymbol>(_order), new Dictionary<ISymbol, FunctionExpr>(_values, SymbolEqualityComparer.Default), new Dictionary<ISymbol, int>(_counters, SymbolEqualityComparer.Default));

            public FunctionExpr? Get(ISymbol symbol) => _values.TryGetValue(symbol, out var value) ? value : null;

            public void Set(ISymbol symbol, FunctionExpr value)
            {
                if (!_values.ContainsKey(symbol) && !_order.Contains(symbol, SymbolEqualityComparer.Default))
                {
                    _order.Add(symbol);
                }

                _values[symbol] = value;
            }

            /// <summary>A local declared without a value: an if assigning it in both arms still merges it.</summary>
            public void Declare(ISymbol symbol)
            {
                if (!_values.ContainsKey(symbol) && !_order.Contains(symbol, SymbolEqualityComparer.Default))
                {
                    _order.Add(symbol);
                }
            }

            public bool IsCounter(ISymbol symbol) => _counters.ContainsKey(symbol);

            public int? Counter(ISymbol symbol) => _counters.TryGetValue(symbol, out var value) ? value : null;

            public void SetCounter(ISymbol symbol, int value) => _counters[symbol] = value;
        }

        /// <summary>A statement still to run, or a loop iteration still to test (<see cref="Loop"/>), then the rest.</summary>
        private sealed class Work
        {
            public Work(StatementSyntax? statement, Work? next, LoopState? loop = null)
            {
                Statement = statement;
                Next = next;
                Loop = loop;
            }

            public StatementSyntax? Statement { get; }

            public Work? Next { get; }

            public LoopState? Loop { get; }
        }

        /// <summary>A for loop at one value of its counter.</summary>
        private sealed record LoopState(ILocalSymbol Counter, long Value, int Step, int Bound, SyntaxKind Test, StatementSyntax Body)
        {
            public bool Continues(long value) => Test switch
            {
                SyntaxKind.LessThanExpression => value < Bound,
                SyntaxKind.LessThanOrEqualExpression => value <= Bound,
                SyntaxKind.GreaterThanExpression => value > Bound,
                SyntaxKind.GreaterThanOrEqualExpression => value >= Bound,
                _ => value != Bound,
            };

            public LoopState Advance() => this with { Value = Value + Step };
        }

        /// <summary>How a run ended: with the method's value, or at the end of its work list with this environment.</summary>
        private readonly record struct Outcome(FunctionExpr? Returned, Env? Env);

        /// <summary>A condition: known at compile time, or an IR condition.</summary>
        private readonly record struct Cond(bool? Known, FunctionExpr? Expr);

        private readonly record struct TextSpanKey(int Start, int Length);

        private sealed class TooLargeException : Exception
        {
        }
    }
}
