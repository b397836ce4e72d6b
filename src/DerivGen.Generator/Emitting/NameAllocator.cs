using System.Collections.Generic;

namespace DerivGen.Emitting
{
    /// <summary>
    /// Hands out the names of generated locals so that they never clash with a name already in scope (the method's
    /// parameters, a user's parameters and locals) or with each other: a wanted name is kept when it is free, and
    /// otherwise gets the first free suffix (<c>t0</c> → <c>t0_1</c>, <c>loss</c> → <c>loss_1</c>). Deterministic: the
    /// same requests in the same order give the same names.
    /// </summary>
    internal sealed class NameAllocator
    {
        /// <summary>The parameters of the generated network methods, and the buffers and loop variable of looped layers.</summary>
        public static readonly IReadOnlyList<string> NetworkMethodNames = new[] { "parameters", "input", "target", "gradient", "output", "trace", "i" };

        private readonly HashSet<string> _used;
        private int _temporaries;

        public NameAllocator(IEnumerable<string> reserved)
        {
            _used = new HashSet<string>(reserved, System.StringComparer.Ordinal);
        }

        /// <summary>Reserves <paramref name="wanted"/>, or the first free <c>wanted_1</c>, <c>wanted_2</c>, …, and returns it.</summary>
        public string Reserve(string wanted)
        {
            var name = wanted;
            for (int suffix = 1; !_used.Add(name); suffix++)
            {
                name = wanted + "_" + Numbers.Int(suffix);
            }

            return name;
        }

        /// <summary>The next unnamed temporary, <c>{prefix}0</c>, <c>{prefix}1</c>, …, made free of clashes.</summary>
        public string Temporary(string prefix) => Reserve(prefix + Numbers.Int(_temporaries++));
    }
}
