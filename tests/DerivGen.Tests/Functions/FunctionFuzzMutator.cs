using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace DerivGen.Tests.Functions
{
    /// <summary>One fuzzed [Differentiable] method: its file, and the diagnostic it must get (null: none for a valid body, any for damaged syntax).</summary>
    /// <param name="Index">The case's number; with the seed it reproduces the case.</param>
    /// <param name="Category">Which family of input this is.</param>
    /// <param name="Source">The whole file: one class <c>Fuzz{Index}</c> holding the method <c>F</c>.</param>
    /// <param name="RequiredId">The DG diagnostic that must be reported in this file, or null.</param>
    internal sealed record FunctionFuzzCase(int Index, string Category, string Source, string? RequiredId)
    {
        public string ClassName => "Fuzz" + Index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A seeded generator of [Differentiable] method bodies in the style of FuzzSourceMutator: random valid bodies (locals,
    /// reassignments, if/else, early returns, constant loops, Math calls), the same with one unsupported construct
    /// inserted, broken signatures, mixed precision, and random syntax damage. Each case has its own
    /// <see cref="Random"/> (seed, index), so one case can be reproduced alone.
    /// </summary>
    internal static class FunctionFuzzMutator
    {
        public const string Valid = nameof(Valid);
        public const string UnsupportedStatement = nameof(UnsupportedStatement);
        public const string BadSignature = nameof(BadSignature);
        public const string SyntaxDamage = nameof(SyntaxDamage);

        public static readonly ImmutableArray<string> Categories = ImmutableArray.Create(Valid, UnsupportedStatement, BadSignature, SyntaxDamage);

        /// <summary>Statements a body must not hold, each with the diagnostic it gets. <c>t0</c> always depends on x.</summary>
        private static readonly (string Statement, string Id)[] Unsupported =
        {
            ("while (t0 < x) { t0 += 1; }", "DG0020"),
            ("do { t0 += 1; } while (t0 < x);", "DG0020"),
            ("foreach (var v in new[] { 1.0, 2.0 }) { t0 += v; }", "DG0020"),
            ("switch (t0 > 0) { case true: t0 = 1; break; default: t0 = 2; break; }", "DG0020"),
            ("Field = t0;", "DG0020"),
            ("t0 = t0 + Field;", "DG0020"),
            ("t0 = t0 + Property;", "DG0020"),
            ("t0 = t0 % 2.0;", "DG0020"),
            ("try { t0 += 1; } catch { }", "DG0020"),
            ("Console.WriteLine(t0);", "DG0020"),
            ("int n = 3; t0 += n;", "DG0020"),
            ("t0 += x is double ? 1 : 0;", "DG0020"),
            ("goto End; End: t0 += 1;", "DG0020"),
            ("t0 = t0 switch { > 0 => 1, _ => 2 };", "DG0020"),
            ("t0 = (t0, x).Item1;", "DG0020"),
            ("lock (typeof(double)) { t0 += 1; }", "DG0020"),
            ("for (int i = 0; i < 3; i++) { t0 += x; break; }", "DG0020"),
            ("for (int i = 0; i < 3; i++) { if (t0 > 1) continue; t0 += x; }", "DG0020"),
            ("t0 = new double[] { t0 }[0];", "DG0020"),
            ("t0 = Math.Floor(t0);", "DG0021"),
            ("t0 = Math.Ceiling(t0 * y);", "DG0021"),
            ("t0 = Math.Round(t0) + 1;", "DG0021"),
            ("t0 = Math.Truncate(x);", "DG0021"),
            ("t0 = t0 * Math.Sign(t0);", "DG0021"),
            ("t0 = Math.Log2(t0);", "DG0022"),
            ("t0 = Math.Round(t0, 2);", "DG0022"),
            ("t0 = Math.FusedMultiplyAdd(t0, x, y);", "DG0022"),
            ("t0 = NotDifferentiable(t0);", "DG0022"),
            ("t0 = new Random(1).NextDouble() * t0;", "DG0022"),
            ("t0 = F(t0, y);", "DG0023"),
            ("t0 = G(t0);", "DG0023"),
            ("for (int i = 0; i < x; i++) { t0 += 1; }", "DG0024"),
            ("for (int i = 0; i < 3; i++) { i += 1; t0 += 1; }", "DG0024"),
            ("for (int i = 0, j = 1; i < 3; i++) { t0 += j; }", "DG0024"),
            ("for (int i = 0; i < 3; i *= 2) { t0 += 1; }", "DG0024"),
            ("for (int i = 0; i < 1000000; i++) { t0 += i; }", "DG0025"),
            ("t0 = (float)t0;", "DG0026"),
            ("float f = 1f; t0 += f;", "DG0026"),
        };

        private static readonly (string Header, string Id)[] BadHeaders =
        {
            ("public static double F(ref double x, double y)", "DG0019"),
            ("public static double F(double x, in double y)", "DG0019"),
            ("public static double F(double x, float y)", "DG0019"),
            ("public static double F(double x, int y)", "DG0019"),
            ("public static double F<T>(double x, double y)", "DG0019"),
            ("public double F(double x, double y)", "DG0017"),
            ("[Differentiable(Order = 7)] public static double F(double x, double y)", "DG0028"),
            ("[Differentiable(Order = 0)] public static double F(double x, double y)", "DG0028"),
        };

        private static readonly string[] Unary = { "Math.Sin", "Math.Cos", "Math.Tanh", "Math.Atan", "Math.Exp", "Math.Abs", "Math.Sinh", "Math.Cbrt", "ScalarMath.Log1p", "-" };
        private static readonly string[] Binary = { "+", "-", "*", "/" };
        private static readonly string[] Comparisons = { "<", "<=", ">", ">=", "==", "!=" };
        private static readonly string[] Literals = { "2", "0.5", "1e-3", "3d", ".25", "1.5", "0.1", "7 / 2", "2.5E+1", "Scale" };

        public static ImmutableArray<FunctionFuzzCase> Generate(int seed, int perCategory)
        {
            var cases = ImmutableArray.CreateBuilder<FunctionFuzzCase>(perCategory * Categories.Length);
            for (int index = 0; index < perCategory * Categories.Length; index++)
            {
                // Not HashCode.Combine: its hashes change from one process to the next, so a failing case could not be run again.
                var random = new Random(unchecked((seed * 1_000_003) + index));
                string category = Categories[index % Categories.Length];
                cases.Add(Create(index, category, random));
            }

            return cases.ToImmutable();
        }

        private static FunctionFuzzCase Create(int index, string category, Random random)
        {
            var statements = ValidStatements(random);
            string header = "[Differentiable] public static double F(double x, double y)";
            string? id = null;
            bool partial = true;
            switch (category)
            {
                case UnsupportedStatement:
                    var (statement, statementId) = Unsupported[random.Next(Unsupported.Length)];
                    statements.Insert(1 + random.Next(statements.Count - 1), statement);
                    id = statementId;
                    break;
                case BadSignature:
                    int pick = random.Next(BadHeaders.Length + 1);
                    if (pick == BadHeaders.Length)
                    {
                        partial = false;
                        id = "DG0018";
                    }
                    else
                    {
                        header = BadHeaders[pick].Header.StartsWith('[') ? BadHeaders[pick].Header : "[Differentiable] " + BadHeaders[pick].Header;
                        id = BadHeaders[pick].Id;
                    }

                    break;
            }

            string body = "{\n        " + string.Join("\n        ", statements) + "\n    }";
            if (category == SyntaxDamage)
            {
                body = Damage(body, random);
            }

            string source = $$"""
                using System;
                using DerivGen;

                public static {{(partial ? "partial " : string.Empty)}}class Fuzz{{index.ToString(CultureInfo.InvariantCulture)}}
                {
                    public const double Scale = 1.25;
                    public static double Field = 1.0;
                    public static double Property => 2.0;

                    public static double NotDifferentiable(double z) => z * 2;

                    [Differentiable] public static double G(double z) => F(z, z) * 0.5;

                    {{header}}
                    {{body}}
                }
                """;
            return new FunctionFuzzCase(index, category, source, id);
        }

        /// <summary>A valid body: t0 from x and y, then random statements over t0..tk, ending in a return.</summary>
        private static List<string> ValidStatements(Random random)
        {
            var statements = new List<string> { $"var t0 = x * y + {Literal(random)};" };
            int locals = 1;
            int count = random.Next(1, 6);
            for (int s = 0; s < count; s++)
            {
                string target = "t" + random.Next(locals).ToString(CultureInfo.InvariantCulture);
                switch (random.Next(6))
                {
                    case 0:
                        statements.Add($"double t{locals.ToString(CultureInfo.InvariantCulture)} = {Expression(random, locals, 3)};");
                        locals++;
                        break;
                    case 1:
                        statements.Add($"{target} {Binary[random.Next(3)]}= {Expression(random, locals, 2)};");
                        break;
                    case 2:
                        statements.Add($"if ({Condition(random, locals)}) {{ {target} = {Expression(random, locals, 2)}; }} else if ({Condition(random, locals)}) {{ {target} -= 1; }} else {{ {target} = {Expression(random, locals, 2)}; }}");
                        break;
                    case 3:
                        statements.Add($"if ({Condition(random, locals)}) return {Expression(random, locals, 2)};");
                        break;
                    case 4:
                        statements.Add($"for (int i = 0; i < {random.Next(1, 4).ToString(CultureInfo.InvariantCulture)}; i++) {{ {target} = {target} * 0.5 + i * {Expression(random, locals, 1)}; }}");
                        break;
                    default:
                        statements.Add($"{target} = {Condition(random, locals)} ? {Expression(random, locals, 2)} : {Expression(random, locals, 2)};");
                        break;
                }
            }

            statements.Add($"return {Expression(random, locals, 3)};");
            return statements;
        }

        private static string Expression(Random random, int locals, int depth)
        {
            if (depth == 0 || random.Next(3) == 0)
            {
                return random.Next(4) switch
                {
                    0 => "x",
                    1 => "y",
                    2 => Literal(random),
                    _ => "t" + random.Next(locals).ToString(CultureInfo.InvariantCulture),
                };
            }

            if (random.Next(2) == 0)
            {
                string op = Unary[random.Next(Unary.Length)];
                return op == "-" ? $"-({Expression(random, locals, depth - 1)})" : $"{op}({Varying(random, locals, depth - 1)})";
            }

            return random.Next(5) switch
            {
                0 => $"Math.Max({Varying(random, locals, depth - 1)}, {Expression(random, locals, depth - 1)})",
                1 => $"Math.Pow({Expression(random, locals, depth - 1)}, 2)",
                _ => $"({Expression(random, locals, depth - 1)} {Binary[random.Next(Binary.Length)]} {Expression(random, locals, depth - 1)})",
            };
        }

        /// <summary>
        /// An expression that is not a bare literal: C# resolves <c>Math.Abs(2)</c> or <c>ScalarMath.Log1p(2)</c> to the int or
        /// float overload, which a double method rightly rejects.
        /// </summary>
        private static string Varying(Random random, int locals, int depth)
        {
            string expression = Expression(random, locals, depth);
            return System.Text.RegularExpressions.Regex.IsMatch(expression, @"\b(x|y|t\d+)\b") ? expression : $"x * {expression}";
        }

        private static string Condition(Random random, int locals)
        {
            // Never a constant condition, so that every statement the mutator inserts is on a path C# can take.
            string comparison = $"{Varying(random, locals, 1)} {Comparisons[random.Next(Comparisons.Length)]} {Expression(random, locals, 1)}";
            return random.Next(4) switch
            {
                0 => $"{comparison} && {Expression(random, locals, 0)} > 0",
                1 => $"!({comparison}) || y < 0.5",
                _ => comparison,
            };
        }

        private static string Literal(Random random) => Literals[random.Next(Literals.Length)];

        /// <summary>Deletes, duplicates or inserts a few characters, mostly punctuation.</summary>
        private static string Damage(string body, Random random)
        {
            var text = new StringBuilder(body);
            const string Noise = ";{}()=+*/.,<>!?:[]\"'@#0x";
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits && text.Length > 2; e++)
            {
                int at = random.Next(1, text.Length - 1);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, Math.Min(random.Next(1, 4), text.Length - at - 1));
                        break;
                    case 1:
                        text.Insert(at, Noise[random.Next(Noise.Length)]);
                        break;
                    default:
                        text.Insert(at, text[at]);
                        break;
                }
            }

            return text.ToString();
        }
    }
}
