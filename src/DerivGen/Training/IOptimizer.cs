using System;

namespace DerivGen
{
    /// <summary>
    /// An optimiser: it owns the state of one parameter vector (momentum, moment estimates, step count) and updates
    /// that vector in place from a gradient, such as the one a generated <c>BackwardBatchMean</c> writes.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The state is allocated once, in the constructor, for <see cref="ParameterCount"/> values; <c>Step</c> allocates
    /// nothing. An instance tracks one parameter vector: pass the same vector (in the same layout) to every step.
    /// </para>
    /// <para>
    /// Both <c>Step</c> overloads keep the state in <c>double</c>; the <c>float</c> overload reads a <c>float</c>
    /// gradient, updates the state in <c>double</c> and rounds each new parameter to <c>float</c> once.
    /// </para>
    /// <para>Instances are not thread-safe: one training loop owns one optimiser.</para>
    /// </remarks>
    public interface IOptimizer
    {
        /// <summary>The length of the parameter and gradient vectors this optimiser was made for.</summary>
        int ParameterCount { get; }

        /// <summary>The step size η; positive and finite. It may be changed between steps (a schedule).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value set is not positive and finite.</exception>
        double LearningRate { get; set; }

        /// <summary>Updates <paramref name="parameters"/> in place from <paramref name="gradient"/> = dL/dθ.</summary>
        /// <param name="parameters">θ, of length <see cref="ParameterCount"/>; updated in place.</param>
        /// <param name="gradient">dL/dθ at θ, of length <see cref="ParameterCount"/>, in the layout of θ.</param>
        /// <exception cref="ArgumentException">A span does not have length <see cref="ParameterCount"/>.</exception>
        void Step(Span<double> parameters, ReadOnlySpan<double> gradient);

        /// <summary>
        /// Updates single-precision <paramref name="parameters"/> in place from <paramref name="gradient"/> = dL/dθ
        /// (for networks with <c>Precision = Precision.Single</c>).
        /// </summary>
        /// <param name="parameters">θ, of length <see cref="ParameterCount"/>; updated in place.</param>
        /// <param name="gradient">dL/dθ at θ, of length <see cref="ParameterCount"/>, in the layout of θ.</param>
        /// <exception cref="ArgumentException">A span does not have length <see cref="ParameterCount"/>.</exception>
        void Step(Span<float> parameters, ReadOnlySpan<float> gradient);

        /// <summary>Forgets every step taken: the state returns to what the constructor made.</summary>
        void Reset();
    }
}
