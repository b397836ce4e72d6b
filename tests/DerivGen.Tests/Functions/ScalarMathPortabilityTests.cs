using System;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Text;
using DerivGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DerivGen.Tests.Functions
{
    /// <summary>
    /// ScalarMath.Cbrt and Clamp, which generated gradients call for double because System.Math has neither on
    /// netstandard2.0 and .NET Framework: the net8.0 build the tests reference forwards to Math, and the netstandard2.0
    /// code, compiled here from the runtime's source without the NET symbol, gives the same results (Cbrt within an ulp
    /// of the exact root; Math.Cbrt itself is not always correctly rounded).
    /// </summary>
    public sealed class ScalarMathPortabilityTests
    {
        // The argument (a double, taken exactly) and its cube root to 50 digits, computed independently in decimal
        // arithmetic; double.Parse rounds it correctly.
        private static readonly (double X, string Root)[] CubeRoots =
        {
            (2.0, "1.2599210498948731647672106072782283505702514647015E+0"),
            (-3.0, "-1.4422495703074083823216383107801095883918692534994E+0"),
            (0.1, "4.6415888336127789782967229162516423917493101592275E-1"),
            (1e-300, "1.0000000000000000083530306117362531587922618686316E-100"),
            (double.Epsilon, "1.7031839360032602879640214864989235392986386937243E-108"),
            (1.7e308, "5.5396582567544641443317196810932844356934561840955E+102"),
            (-1.7e308, "-5.5396582567544641443317196810932844356934561840955E+102"),
            (123456.789, "4.9793385921817448019352888830758511164302354829731E+1"),
        };

        private static readonly double[] SpecialValues = { 0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.NaN };

        [Fact]
        public void CbrtIsMathCbrtOnNetAndWithinAnUlpOfTheRootElsewhere()
        {
            using CollectibleAssembly portable = CompileWithoutNet();
            var portableCbrt = Method(portable, "Cbrt", typeof(double));
            foreach (var (x, root) in CubeRoots)
            {
                Assert.Equal(Bits(Math.Cbrt(x)), Bits(ScalarMath.Cbrt(x)));
                double exact = double.Parse(root, CultureInfo.InvariantCulture);
                double actual = (double)portableCbrt.Invoke(null, new object[] { x })!;
                Assert.True(Math.Abs(Bits(exact) - Bits(actual)) <= 1, $"Cbrt({x:R}) is {exact:R}; the netstandard2.0 code gives {actual:R}");
            }

            // ±0, ±∞ and NaN come back unchanged, as from Math.Cbrt.
            foreach (double x in SpecialValues)
            {
                Assert.Equal(Bits(Math.Cbrt(x)), Bits(ScalarMath.Cbrt(x)));
                Assert.Equal(Bits(Math.Cbrt(x)), Bits((double)portableCbrt.Invoke(null, new object[] { x })!));
            }

            // A perfect cube's root is exact, as a reader of 27^(1/3) expects.
            foreach (double root in new[] { 3.0, 4.0, 5.0, 10.0, -7.0 })
            {
                Assert.Equal(root, (double)portableCbrt.Invoke(null, new object[] { root * root * root })!);
            }
        }

        [Fact]
        public void ClampAgreesWithMathOnEveryTarget()
        {
            using CollectibleAssembly portable = CompileWithoutNet();
            var portableClamp = Method(portable, "Clamp", typeof(double), typeof(double), typeof(double));
            var cases = new[]
            {
                (-2.0, -1.0, 1.0), (0.5, -1.0, 1.0), (3.0, -1.0, 1.0), (1.0, 1.0, 1.0), (double.NaN, -1.0, 1.0),
                (0.0, double.NaN, 1.0), (-0.0, 0.0, 0.0), (double.NegativeInfinity, -1.0, 1.0),
            };
            foreach (var (x, min, max) in cases)
            {
                double expected = Math.Clamp(x, min, max);
                Assert.Equal(Bits(expected), Bits(ScalarMath.Clamp(x, min, max)));
                double actual = (double)portableClamp.Invoke(null, new object[] { x, min, max })!;
                Assert.Equal(Bits(expected), Bits(actual));
            }

            Assert.Throws<ArgumentException>(() => ScalarMath.Clamp(0.0, 1.0, -1.0));
            var thrown = Assert.Throws<TargetInvocationException>(() => portableClamp.Invoke(null, new object[] { 0.0, 1.0, -1.0 }));
            Assert.IsType<ArgumentException>(thrown.InnerException);
        }

        private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

        private static MethodInfo Method(CollectibleAssembly assembly, string name, params Type[] parameters) =>
            assembly.Assembly.GetType("DerivGen.ScalarMath")!.GetMethod(name, parameters) ?? throw new Xunit.Sdk.XunitException($"ScalarMath has no {name}.");

        /// <summary>The runtime's ScalarMath.cs (with VectorExp.cs and its table, whose scalar exponential it calls) as the netstandard2.0 build compiles them: no NET symbol.</summary>
        private static CollectibleAssembly CompileWithoutNet()
        {
            var trees = new[] { "ScalarMath.cs", "VectorExp.cs", "VectorExpTable.cs" }.Select(file =>
            {
                string path = Path.Combine(RepositoryPaths.Root, "src", "DerivGen", file);
                SyntaxTree tree = CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(path), Encoding.UTF8),
                    new CSharpParseOptions(LanguageVersion.CSharp7_3), path);
                Assert.Empty(tree.Options.PreprocessorSymbolNames);
                return tree;
            }).ToArray();
            CSharpCompilation compilation = CSharpCompilation.Create("DerivGen.PortableScalarMath", trees, GeneratorHarness.References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            return CollectibleAssembly.Load(compilation);
        }
    }
}
