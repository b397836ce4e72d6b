using System;

namespace DerivGen
{
    /// <summary>
    /// Stochastic gradient descent with classic (heavy-ball) momentum: v ← μ·v + g, then θ ← θ − η·v, element by
    /// element. With μ = 0 (the default) this is plain gradient descent, θ ← θ − η·g.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The velocity v starts at zero, so the first step is θ − η·g whatever μ is. This is the form PyTorch's
    /// <c>torch.optim.SGD</c> uses (no dampening, no Nesterov); some texts scale g by (1 − μ) or put η inside v, which
    /// changes the effective step size but not the direction.
    /// </para>
    /// <para>
    /// The velocity (<see cref="ParameterCount"/> doubles) is allocated in the constructor; <c>Step</c> allocates
    /// nothing. Both <c>Step</c> overloads keep it in <c>double</c>. An instance is not thread-safe.
    /// </para>
    /// </remarks>
    public sealed class Sgd : IOptimizer
    {
        private readonly double[] _velocity;
        private double _learningRate;

        /// <summary>Makes an optimiser for a parameter vector of length <paramref name="parameterCount"/>.</summary>
        /// <param name="parameterCount">The length of θ and of the gradient; at least 1 (a network's <c>ParameterCount</c>).</param>
        /// <param name="learningRate">η, positive and finite.</param>
        /// <param name="momentum">μ in [0, 1); 0 (the default) gives plain SGD.</param>
        /// <exception cref="ArgumentOutOfRangeException">
        /// <paramref name="parameterCount"/> is less than 1, <paramref name="learningRate"/> is not positive and finite,
        /// or <paramref name="momentum"/> is outside [0, 1); the exception's <c>ParamName</c> says which.
        /// </exception>
        public Sgd(int parameterCount, double learningRate, double momentum = 0.0)
        {
            _velocity = new double[OptimizerChecks.ParameterCount(parameterCount, nameof(parameterCount))];
            _learningRate = OptimizerChecks.PositiveFinite(learningRate, nameof(learningRate));
            Momentum = OptimizerChecks.UnitInterval(momentum, nameof(momentum));
        }

        /// <inheritdoc/>
        public int ParameterCount => _velocity.Length;

        /// <inheritdoc/>
        public double LearningRate
        {
            get => _learningRate;
            set => _learningRate = OptimizerChecks.PositiveFinite(value, nameof(value));
        }

        /// <summary>μ, the fraction of the previous velocity each step keeps; 0 for plain SGD.</summary>
        public double Momentum { get; }

        /// <summary>The velocity v after the last step (zeros before the first).</summary>
        public ReadOnlySpan<double> Velocity => _velocity;

        /// <summary>v ← μ·v + g, then θ ← θ − η·v.</summary>
        /// <param name="parameters">θ, of length <see cref="ParameterCount"/>; updated in place.</param>
        /// <param name="gradient">dL/dθ at θ, of length <see cref="ParameterCount"/>, in the layout of θ.</param>
        /// <exception cref="ArgumentException">A span does not have length <see cref="ParameterCount"/>.</exception>
        public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
        {
            OptimizerChecks.Lengths(_velocity.Length, parameters.Length, gradient.Length);
            double[] velocity = _velocity;
            double eta = _learningRate;
            double mu = Momentum;
            if (mu == 0.0)
            {
                // v = g exactly: μ·v is not formed, so an earlier infinite velocity cannot turn into 0·∞ = NaN.
                for (int k = 0; k < velocity.Length; k++)
                {
                    double v = gradient[k];
                    velocity[k] = v;
                    parameters[k] -= eta * v;
                }

                return;
            }

            for (int k = 0; k < velocity.Length; k++)
            {
                double v = (mu * velocity[k]) + gradient[k];
                velocity[k] = v;
                parameters[k] -= eta * v;
            }
        }

        /// <summary>
        /// v ← μ·v + g, then θ ← θ − η·v, for single-precision θ and g: v is kept and the update computed in
        /// <c>double</c>, and each new θ is rounded to <c>float</c> once.
        /// </summary>
        /// <param name="parameters">θ, of length <see cref="ParameterCount"/>; updated in place.</param>
        /// <param name="gradient">dL/dθ at θ, of length <see cref="ParameterCount"/>, in the layout of θ.</param>
        /// <exception cref="ArgumentException">A span does not have length <see cref="ParameterCount"/>.</exception>
        public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
        {
            OptimizerChecks.Lengths(_velocity.Length, parameters.Length, gradient.Length);
            double[] velocity = _velocity;
            double eta = _learningRate;
            double mu = Momentum;
            for (int k = 0; k < velocity.Length; k++)
            {
                double v = mu == 0.0 ? gradient[k] : (mu * velocity[k]) + gradient[k];
                velocity[k] = v;
                parameters[k] = (float)(parameters[k] - (eta * v));
            }
        }

        /// <summary>Sets the velocity back to zero.</summary>
        public void Reset() => Array.Clear(_velocity, 0, _velocity.Length);
    }
}
