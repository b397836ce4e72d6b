using System.Collections.Generic;
using DerivGen.Symbolic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Kernel calls that replace part of a graph's straight-line code (<see cref="SimdLayers"/>): stack buffers, stores of
    /// graph values into them, blocks of statements that run once their stores are written, and nodes whose value is read
    /// from a buffer instead of computed from their arguments.
    /// </summary>
    internal sealed class KernelPlan
    {
        private readonly Dictionary<Node, NodeName> _reads = new();

        /// <summary>The stack buffers to declare, by name and length.</summary>
        public List<(string Name, int Length)> Buffers { get; } = new();

        /// <summary>Stores of graph values into the buffers, written right after each value is known.</summary>
        public List<Store> Stores { get; } = new();

        public List<KernelBlock> Blocks { get; } = new();

        /// <summary>The parameters whose gradient a kernel writes, so the graph's stores of it are left out.</summary>
        public HashSet<int> ReplacedGradients { get; } = new();

        /// <summary>The parameters whose entry of H·v a kernel adds, so the graph's stores of it are left out.</summary>
        public HashSet<int> ReplacedProducts { get; } = new();

        public void Buffer(string name, int length) => Buffers.Add((name, length));

        public Store AddStore(Store store)
        {
            Stores.Add(store);
            return store;
        }

        /// <summary>
        /// A block of statements that runs after <paramref name="after"/> are written and before any of <paramref name="consumers"/>
        /// is read, under the section heading of <paramref name="sectionOf"/> (a node of the layer it computes) when given.
        /// </summary>
        public KernelBlock AddBlock(IReadOnlyList<Store> after, IEnumerable<Node> consumers, params string[] lines) => AddBlock(after, consumers, null, lines);

        /// <inheritdoc cref="AddBlock(IReadOnlyList{Store}, IEnumerable{Node}, string[])"/>
        public KernelBlock AddBlock(IReadOnlyList<Store> after, IEnumerable<Node> consumers, Node? sectionOf, params string[] lines)
        {
            var block = new KernelBlock(after, new HashSet<Node>(consumers), lines, sectionOf);
            Blocks.Add(block);
            return block;
        }

        /// <summary>
        /// A block like <see cref="AddBlock(IReadOnlyList{Store}, IEnumerable{Node}, string[])"/> that also writes part of the
        /// gradient (a held layer's kernels): written before its first consumer, or at the end when no consumer is written,
        /// never left out; under the section heading of <paramref name="sectionOf"/>.
        /// </summary>
        public KernelBlock AddRequiredBlock(IReadOnlyList<Store> after, IEnumerable<Node> consumers, Node sectionOf, params string[] lines)
        {
            var block = new KernelBlock(after, new HashSet<Node>(consumers), lines, sectionOf, Required: true);
            Blocks.Add(block);
            return block;
        }

        /// <summary>Reads <paramref name="node"/>'s value from a buffer (<paramref name="csharp"/>) instead of computing it; <paramref name="math"/> is the comment.</summary>
        public void Read(Node node, string csharp, string math) => _reads[ExpressionGraph.ValueOf(node)] = new NodeName(csharp, math);

        /// <summary>The buffer read that defines <paramref name="node"/>, or null when the graph computes it.</summary>
        public NodeName? ReadOf(Node node) => _reads.TryGetValue(ExpressionGraph.ValueOf(node), out var read) ? read : null;
    }

    /// <summary>
    /// Statements that run once the stores <paramref name="After"/> are written and before any node of <paramref name="Consumers"/>,
    /// under the section heading of <paramref name="SectionOf"/> when it is not null (a block can run before any statement of
    /// its layer, when the layer's values go from kernel to kernel). A block that is not <paramref name="Required"/> and has
    /// consumers is left out when none of them is written (its values are not needed).
    /// </summary>
    internal sealed record KernelBlock(IReadOnlyList<Store> After, HashSet<Node> Consumers, IReadOnlyList<string> Lines, Node? SectionOf = null, bool Required = false);
}
