using System.Linq;
using System.Text.RegularExpressions;
using DerivGen.Emitting;
using DerivGen.Symbolic;
using Xunit;

namespace DerivGen.Tests.Symbolic
{
    /// <summary>How the body emitter names locals and prints calls of user methods, checked on the text (no C# is compiled).</summary>
    public sealed class EmissionTests
    {
        /// <summary>Inputs spelled like a user's parameters.</summary>
        private static readonly string[] UserNames = { "t0", "loss", "dx" };

        [Fact]
        public void AllocatorKeepsFreeNamesAndSuffixesTakenOnes()
        {
            var names = new NameAllocator(new[] { "t0", "loss", "dx" });
            Assert.Equal("t0_1", names.Temporary("t"));
            Assert.Equal("t1", names.Temporary("t"));
            Assert.Equal("loss_1", names.Reserve("loss"));
            Assert.Equal("loss_2", names.Reserve("loss"));
            Assert.Equal("dx_1", names.Reserve("dx"));
            Assert.Equal("dy", names.Reserve("dy"));
        }

        [Fact]
        public void GeneratedLocalsNeverClashWithUserNames()
        {
            // User parameters named t0, loss and dx; the graph names a node "loss" and shares an unnamed one (a temporary).
            var g = new ExpressionGraph();
            var x = g.Input(0);
            var y = g.Input(1);
            var shared = g.Multiply(x, y);
            var value = g.Add(g.Apply(Op.Exp, shared), g.Apply(Op.Sin, shared));
            g.Name(value, "loss", "L");
            var dx = g.Multiply(value, g.Input(2));
            g.Name(dx, "dx", "dx");
            var text = Emit(g, new[] { new Store("result[0]", dx, null) }, value, "t0", "loss", "dx");

            var declared = Regex.Matches(text, @"double (\w+) =").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(new[] { "t0_1", "loss_1", "dx_1" }, declared);
            Assert.Contains("double t0_1 = t0 * loss;", text);
            Assert.Contains("return loss_1;", text);
        }

        [Fact]
        public void AGradientMethodIsOneStatementWithOutLocals()
        {
            // F(a, b, c) with outs for a and c; both partials are used, and the call is made once.
            var g = new ExpressionGraph();
            var p = Enumerable.Range(0, 2).Select(g.Parameter).ToArray();
            var f = g.Call(OpCases.Product, p[0], g.Constant(2), p[1]);
            var gradient = DerivativeRuleTests.Gradient(g, f, p);
            var text = Emit(g, new[] { new Store("d[0]", gradient[0], "da"), new Store("d[1]", gradient[1], "dc") }, f);

            Assert.Single(Regex.Matches(text, "ProductGradient"));
            Assert.Contains("double t0 = global::Tests.F.ProductGradient(parameters[0], 2.0, parameters[1], out double t0_d0, out double t0_d2);", text);
            Assert.Contains("d[0] = t0_d0;", text);
            Assert.Contains("d[1] = t0_d2;", text);
            Assert.Contains("return global::Tests.F.Product(parameters[0], 2.0, parameters[1]);", text);
        }

        [Fact]
        public void ADerivativeMethodIsCalledOnTheArgument()
        {
            var g = new ExpressionGraph();
            var x = g.Parameter(0);
            var f = g.Call(OpCases.Cube, g.Multiply(x, x));
            var gradient = DerivativeRuleTests.Gradient(g, f, new[] { x });
            var text = Emit(g, new[] { new Store("d[0]", gradient[0], null) }, null);
            Assert.Contains("double t0 = global::Tests.F.CubeDerivative(parameters[0] * parameters[0]);", text);
        }

        private static string Emit(ExpressionGraph g, Store[] stores, Node? returned, params string[] reserved)
        {
            var writer = new SourceWriter();
            BodyEmitter.Emit(writer, g, new LeafNames(new[] { "p0", "p1" }, j => UserNames[j], j => UserNames[j]),
                ScalarType.Double, stores, returned, keep: null, temporaryPrefix: "t", new NameAllocator(new[] { "parameters" }.Concat(reserved)));
            return writer.ToString();
        }
    }
}
