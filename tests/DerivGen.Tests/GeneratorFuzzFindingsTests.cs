using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DerivGen.Tests.Infrastructure;
using Xunit;

namespace DerivGen.Tests
{
    /// <summary>
    /// The smallest inputs behind each kind of failure <see cref="GeneratorFuzzTests"/> found, kept as regression tests
    /// under the same rules (<see cref="FuzzOracle"/>): no generator exception, and when no DG error is reported, no error
    /// in or caused by the generated code. A fix may either generate correct code or report a DG diagnostic; both pass.
    /// </summary>
    public sealed class GeneratorFuzzFindingsTests
    {
        // Generous: the slowest input takes about 3 s on an idle 2-core machine, but test assemblies run side by side
        // and a loaded machine once pushed one past 10 s. What this bound must catch is a hang.
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

        /// <summary>Name → sources (one string per file).</summary>
        private static readonly Dictionary<string, string[]> Findings = new(StringComparer.Ordinal)
        {
            // Hint names: Roslyn compares them ignoring case and allows only [A-Za-z0-9_.,+-~` ()[]{}] and path separators.
            ["HintNamesDifferingOnlyInCase"] = new[]
            {
                """
                using DerivGen;
                [Network(2)][Dense(1)] public partial class Net { }
                [Network(2)][Dense(1)] public partial class NET { }
                """,
            },
            ["GenericArityHintNameCollidesWithUnderscoreName"] = new[]
            {
                """
                using DerivGen;
                [Network(2)][Dense(1)] public partial class Net<T> { }
                [Network(2)][Dense(1)] public partial class Net_1 { }
                """,
            },
            ["NestedTypeHintNameCollidesWithNamespace"] = new[]
            {
                """
                using DerivGen;
                namespace A { public partial class B { [Network(2)][Dense(1)] public partial class C { } } }
                namespace A.B { [Network(2)][Dense(1)] public partial class C { } }
                """,
            },
            ["KeywordNamespacePutsAtSignInHintName"] = new[]
            {
                """
                using DerivGen;
                namespace @class;
                [Network(2)][Dense(1)] public partial class Net { }
                """,
            },
            ["FileLocalTypePutsAngleBracketInHintName"] = new[]
            {
                """
                using DerivGen;
                [Network(2)][Dense(1)] file partial class Net { }
                """,
            },

            // The network type, or one of its type parameters, named like a generated member (CS0542, CS0102).
            ["TypeNamedForward"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Forward { }\n" },
            ["TypeNamedLayout"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Layout { }\n" },
            ["TypeNamedTrace"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Trace { }\n" },
            ["TypeNamedW1"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class W1 { }\n" },
            ["TypeNamedParameters"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Parameters { }\n" },
            ["TypeNamedLengthMismatch"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class LengthMismatch { }\n" },
            ["TypeParameterNamedW1"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Net<W1> { }\n" },
            ["TypeParameterNamedTrace"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Net<Trace> { }\n" },
            ["TypeParameterNamedLayout"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Net<Layout> { }\n" },

            // A DerivGen.NetworkAttribute or DenseAttribute declared in the user's source, with another signature: the parser
            // unboxes the constructor argument as int (InvalidCastException).
            ["OwnNetworkAttributeTakingLong"] = new[]
            {
                """
                using DerivGen;
                namespace DerivGen { public sealed class NetworkAttribute : System.Attribute { public NetworkAttribute(long inputs) { } } }
                [Network(2)][Dense(1)] public partial class Net { }
                """,
            },
            ["OwnDenseAttributeTakingString"] = new[]
            {
                """
                using DerivGen;
                namespace DerivGen { public sealed class DenseAttribute : System.Attribute { public DenseAttribute(string units) { } } }
                [Network(2)][Dense("1")] public partial class Net { }
                """,
            },

            // Declarations with syntax errors are copied into the generated file, which then has errors of its own.
            ["MissingTypeName"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class\n" },
            ["EmptyTypeParameterList"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Net<> { }\n" },
            ["TypeParameterListWithTrailingComma"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Net<T,> { }\n" },
            ["NamespaceWithEmptySegment"] = new[] { "using DerivGen;\nnamespace A..B;\n[Network(2)][Dense(1)] public partial class Net { }\n" },

            // Declarations with semantic errors the generated file repeats or makes worse.
            ["TopLevelPrivateType"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] private partial class Net { }\n" },
            ["TypeNamedRequired"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class required { }\n" },
            ["TypeNamedScoped"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class scoped { }\n" },
            ["VarianceOnAClassTypeParameter"] = new[] { "using DerivGen;\n[Network(2)][Dense(1)] public partial class Net<out T> { }\n" },
        };

        public static TheoryData<string> FindingNames
        {
            get
            {
                var data = new TheoryData<string>();
                foreach (string name in Findings.Keys.Order(StringComparer.Ordinal))
                {
                    data.Add(name);
                }

                return data;
            }
        }

        [Theory]
        [MemberData(nameof(FindingNames))]
        public void FuzzFindingPassesTheOracle(string finding)
        {
            var fuzzCase = new FuzzCase(0, finding, Findings[finding].ToImmutableArray());

            FuzzOutcome outcome = FuzzOracle.Check(fuzzCase, Limit);

            Assert.True(outcome.Passed, string.Join("\n", outcome.Failures.Take(5)) + "\n" + fuzzCase.Describe());
        }
    }
}
