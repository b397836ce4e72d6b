using System.Collections.Generic;
using System.Linq;
using DerivGen.Lowering;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Turns the part of the graph that some stores and a returned value need into straight-line C#: one local per named
    /// or shared node, in creation order (forward, then backward), each under a comment in mathematical notation.
    /// </summary>
    internal static class BodyEmitter
    {
        private const int WrapWidth = 110;

        /// <param name="kernels">Kernel calls that take over part of the graph (the SIMD form of large layers); null for none.</param>
        public static void Emit(SourceWriter writer, DifferentiatedNetwork network, IReadOnlyList<Store> stores, Node? returned, Node? keep = null, KernelPlan? kernels = null) =>
            Emit(writer, network.Graph, LeafNames.ForNetwork(network.ParameterNames, network.LoopedLayerCount, network.InputAdjoints.Length), ScalarType.Of(network.Spec.Precision),
                stores, returned, keep, temporaryPrefix: "t",
                new NameAllocator(NameAllocator.NetworkMethodNames.Concat(kernels?.Buffers.Select(b => b.Name) ?? Enumerable.Empty<string>())), kernels);

        /// <param name="keep">A node to compute as a local although no store or return uses it (the loss, returned later).</param>
        /// <param name="temporaryPrefix">Prefix of the unnamed shared locals, distinct per scope (t0, t1, …).</param>
        /// <param name="names">Gives every local its C# name, clear of the names already in scope (reserved in it).</param>
        public static void Emit(
            SourceWriter writer, ExpressionGraph graph, LeafNames leaves, ScalarType scalar, IReadOnlyList<Store> stores, Node? returned, Node? keep,
            string temporaryPrefix, NameAllocator names, KernelPlan? kernels = null)
        {
            if (kernels is not null)
            {
                stores = stores.Concat(kernels.Stores).ToList();
            }

            var roots = stores.Select(s => s.Value).ToList();
            if (returned is not null)
            {
                roots.Add(returned);
            }

            if (keep is not null)
            {
                roots.Add(keep);
            }

            var locals = ChooseLocals(graph, roots, temporaryPrefix, names, kernels, out var outLocals);
            string? OutLocal(Node call, int argument) => outLocals.TryGetValue((call, argument), out var name) ? name : null;
            var csharp = new ExpressionPrinter(n => locals.TryGetValue(n, out var local) ? local.CSharp : null, leaves, math: false, scalar, OutLocal);
            var math = new ExpressionPrinter(n => locals.TryGetValue(n, out var local) ? local.Math : null, leaves, math: true, scalar, OutLocal);

            // A store goes right after its value is known: values only depend on nodes with smaller Ids.
            var storesByPosition = stores
                .Select((store, order) => (store, order))
                .GroupBy(s => Resolve(s.store.Value).IsLeaf ? int.MaxValue : Resolve(s.store.Value).Id)
                .ToDictionary(group => group.Key, group => group.OrderBy(s => s.order).Select(s => s.store).ToList());

            var section = string.Empty;
            void WriteSection(Node? node)
            {
                if (node is not null && graph.SectionOf(node) is { Length: > 0 } heading && heading != section)
                {
                    section = heading;
                    writer.Line();
                    writer.Line($"// {heading}");
                }
            }

            var pending = kernels?.Blocks.ToList() ?? new List<KernelBlock>();
            var written = new HashSet<Store>();
            void WriteBlocks(Node? next, bool sectionedOnly = false)
            {
                foreach (var block in pending.Where(b => b.After.All(written.Contains) && (next is null ? b.Consumers.Count == 0 || b.Required : b.Consumers.Contains(next))
                    && (!sectionedOnly || b.SectionOf is not null)).ToList())
                {
                    pending.Remove(block);
                    WriteSection(block.SectionOf);
                    foreach (var line in block.Lines)
                    {
                        writer.Line(line);
                    }
                }
            }

            var notesWritten = new HashSet<string>();
            var positions = EmissionOrder(graph, locals.Keys.Select(n => n.Id).Concat(storesByPosition.Keys).Distinct());
            foreach (var position in positions)
            {
                var node = position == int.MaxValue ? null : graph.Nodes[position];
                if (node is not null && locals.ContainsKey(node) && kernels?.ReadOf(node) is not null)
                {
                    // Before the heading: the forward kernels that fill the buffer may be earlier layers', under their own.
                    WriteBlocks(node, sectionedOnly: true);
                }

                WriteSection(node);
                if (node is not null && locals.TryGetValue(node, out var local))
                {
                    if (kernels?.ReadOf(node) is { } read)
                    {
                        WriteBlocks(node);
                        writer.Line($"// {local.Math} = {read.Math}");
                        writer.Line($"{scalar.Name} {local.CSharp} = {read.CSharp};");
                    }
                    else
                    {
                        if (graph.NoteOf(node) is { } note && notesWritten.Add(note))
                        {
                            WriteWrappedComment(writer, note);
                        }

                        writer.Line($"// {local.Math} = {math.Definition(node)}");
                        writer.Line($"{(node.IsBoolean ? scalar.BooleanName : scalar.Name)} {local.CSharp} = {csharp.Definition(node)};");
                    }
                }

                if (storesByPosition.TryGetValue(position, out var storesHere))
                {
                    foreach (var store in storesHere)
                    {
                        if (store.MathLabel is not null)
                        {
                            writer.Line($"// {store.MathLabel} = {math.Reference(store.Value)}");
                        }

                        writer.Line($"{store.Target} {(store.Accumulate ? "+=" : "=")} {csharp.Reference(store.Value)};");
                        written.Add(store);
                    }

                    WriteBlocks(next: null);
                }
            }

            if (returned is not null)
            {
                writer.Line();
                writer.Line($"return {csharp.Reference(returned)};");
            }
        }

        /// <summary>
        /// Forward statements first, in creation order; then backward ones in creation order, except that a derivative
        /// built along with the forward pass (GELU′, SiLU′) goes right before the first backward statement that uses it.
        /// Both keep every value after its arguments: forward nodes never use backward ones.
        /// </summary>
        private static IEnumerable<int> EmissionOrder(ExpressionGraph graph, IEnumerable<int> positions)
        {
            var set = new HashSet<int>(positions);

            // Only what is printed anchors: the graph also holds nodes this body does not use (σ″ beside σ′, for H·v only),
            // which would pull their arguments forward. Wrappers (known derivatives, stop-gradients) are never printed.
            var printed = new HashSet<int>();
            var stack = new Stack<Node>(set.Where(id => id != int.MaxValue).Select(id => graph.Nodes[id]));
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (printed.Add(node.Id))
                {
                    foreach (var argument in node.Arguments)
                    {
                        stack.Push(Resolve(argument));
                    }
                }
            }

            var anchor = new Dictionary<int, int>();
            for (int id = graph.Nodes.Count - 1; id >= 0; id--)
            {
                var node = graph.Nodes[id];
                var own = anchor.TryGetValue(id, out var inherited) ? inherited : id;
                anchor[id] = own;
                if (!printed.Contains(id))
                {
                    continue;
                }

                // Arguments made before the reverse pass for the backward code inherit the anchor of their consumer.
                foreach (var argument in node.Arguments.Select(Resolve))
                {
                    if (graph.IsBackward(argument) && argument.Id < graph.BackwardPassStart)
                    {
                        anchor[argument.Id] = anchor.TryGetValue(argument.Id, out var current) ? System.Math.Min(current, own) : own;
                    }
                }
            }

            return set
                .OrderBy(id => id != int.MaxValue && graph.IsBackward(graph.Nodes[id]))
                .ThenBy(id => id == int.MaxValue ? id : anchor[id])
                .ThenBy(id => id);
        }

        /// <summary>
        /// Chooses which nodes get a local: every named node (so the code reads like the math), every node used more
        /// than once (common subexpressions), every argument that a C# form repeats (x * x for x²), and every gradient
        /// call, which is a statement of its own whose partials land in out locals (<paramref name="outLocals"/>). The rest
        /// is printed inline where it is used.
        /// </summary>
        private static Dictionary<Node, NodeName> ChooseLocals(
            ExpressionGraph graph, List<Node> roots, string temporaryPrefix, NameAllocator names, KernelPlan? kernels,
            out Dictionary<(Node Call, int Argument), string> outLocals)
        {
            // A node read from a kernel's buffer needs none of its arguments, and gets a local like a named node.
            bool IsRead(Node node) => kernels?.ReadOf(node) is not null;
            IEnumerable<Node> ArgumentsOf(Node node) => IsRead(node) ? Enumerable.Empty<Node>() : node.Arguments;

            var needed = new HashSet<Node>();
            var stack = new Stack<Node>(roots.Select(Resolve));
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node.IsLeaf || !needed.Add(node))
                {
                    continue;
                }

                foreach (var argument in ArgumentsOf(node))
                {
                    stack.Push(Resolve(argument));
                }
            }

            var uses = new Dictionary<Node, int>();
            var repeated = new HashSet<Node>();
            void Use(Node n) => uses[n] = uses.TryGetValue(n, out var count) ? count + 1 : 1;
            foreach (var root in roots)
            {
                Use(Resolve(root));
            }

            foreach (var node in needed)
            {
                foreach (var argument in ArgumentsOf(node))
                {
                    Use(Resolve(argument));
                }

                if (node.Descriptor.RepeatsArgument && !IsRead(node))
                {
                    repeated.Add(Resolve(node.Arguments[0]));
                }
            }

            var locals = new Dictionary<Node, NodeName>();
            outLocals = new Dictionary<(Node, int), string>();
            foreach (var node in needed.OrderBy(n => n.Id))
            {
                if (node.Op == Op.GradientPartial)
                {
                    // Printed as the out local its gradient call (an earlier node) declared.
                    outLocals[(node.Arguments[0], node.Index)] = names.Reserve(locals[node.Arguments[0]].CSharp + "_d" + Numbers.Int(node.Index));
                }
                else if (graph.NameOf(node) is { } name)
                {
                    locals.Add(node, new NodeName(names.Reserve(name.CSharp), name.Math));
                }
                else if (IsRead(node))
                {
                    var temporary = names.Temporary(temporaryPrefix);
                    locals.Add(node, new NodeName(temporary, temporary));
                }
                else if (uses[node] > 1 || repeated.Contains(node) || node.Descriptor.IsStatement)
                {
                    var temporary = names.Temporary(temporaryPrefix);
                    locals.Add(node, new NodeName(temporary, temporary));
                }
            }

            return locals;
        }

        private static Node Resolve(Node node) => ExpressionGraph.ValueOf(node);

        private static void WriteWrappedComment(SourceWriter writer, string text)
        {
            var line = "//";
            foreach (var word in text.Split(' '))
            {
                if (line.Length + 1 + word.Length > WrapWidth && line.Length > 2)
                {
                    writer.Line(line);
                    line = "//";
                }

                line += " " + word;
            }

            writer.Line(line);
        }
    }
}
