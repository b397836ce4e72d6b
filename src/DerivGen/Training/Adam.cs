using System;

namespace DerivGen
{
    /// <summary>
    /// Adam (Kingma and Ba, "Adam: A method for stochastic optimization", ICLR 2015, algorithm 1), with bias
    /// correction. At step t, element by element:
    /// m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,  m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ),
    /// θ ← θ − η·m̂ / (√v̂ + ε).
    /// </summary>
    /// <remarks>
    /// <para>
    /// m and v start at zero and t at 0, so the first step moves each parameter by η·g / (|g| + ε), about η against
    /// the sign of its gradient. ε is added outside the square root, as in the paper and in PyTorch's
    /// <c>torch.optim.Adam</c>. The defaults are the paper's: η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8.
    /// </para>
    /// <para>
    /// The moment vectors (2 × <see cref="ParameterCount"/> doubles) are allocated in the constructor; <c>Step</c>
    /// allocates nothing. Both <c>Step</c> overloads keep them in <c>double</c>. An instance is not thread-safe.
    /// </para>
    /// </remarks>
    public sealed class Adam : IOptimizer
    {
        private readonly double[] _m;
        private readonly double[] _v;
        private double _learningRate;

        // β1ᵗ and β2ᵗ, kept as running products so a step needs no Math.Pow.
        private double _beta1Power = 1.0;
        private double _beta2Power = 1.0;

        /// <summary>Makes an optimiser for a parameter vector of length <paramref name="parameterCount"/>.</summary>
        /// <param name="parameterCount">The length of θ and of the gradient; at least 1 (a network's <c>ParameterCount</c>).</param>
        /// <param name="learningRate">η, positive and finite; 0.001 by default.</param>
        /// <param name="beta1">β1, the decay of the first-moment estimate m, in [0, 1); 0.9 by default.</param>
        /// <param name="beta2">β2, the decay of the second-moment estimate v, in [0, 1); 0.999 by default.</param>
        /// <param name="epsilon">ε, added to √v̂ in the denominator, positive and finite; 1e-8 by default.</param>
        /// <exception cref="ArgumentOutOfRangeException">
        /// <paramref name="parameterCount"/> is less than 1, <paramref name="learningRate"/> or
        /// <paramref name="epsilon"/> is not positive and finite, or <paramref name="beta1"/> or <paramref name="beta2"/>
        /// is outside [0, 1); the exception's <c>ParamName</c> says which.
        /// </exception>
        public Adam(int parameterCount, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
        {
            int count = OptimizerChecks.ParameterCount(parameterCount, nameof(parameterCount));
            _learningRate = OptimizerChecks.PositiveFinite(learningRate, nameof(learningRate));
            Beta1 = OptimizerChecks.UnitInterval(beta1, nameof(beta1));
            Beta2 = OptimizerChecks.UnitInterval(beta2, nameof(beta2));
            Epsilon = OptimizerChecks.PositiveFinite(epsilon, nameof(epsilon));
            _m = new double[count];
            _v = new double[count];
        }

        /// <inheritdoc/>
        public int ParameterCount => _m.Length;

        /// <inheritdoc/>
        public double LearningRate
        {
            get => _learningRate;
            set => _learningRate = OptimizerChecks.PositiveFinite(value, nameof(value));
        }

        /// <summary>β1, the decay rate of the first-moment estimate m.</summary>
        public double Beta1 { get; }

        /// <summary>β2, the decay rate of the second-moment estimate v.</summary>
        public double Beta2 { get; }

        /// <summary>ε, added to √v̂ in the denominator of the update.</summary>
        public double Epsilon { get; }

        /// <summary>t, the number of steps taken since construction or the last <see cref="Reset"/>.</summary>
        public long StepCount { get; private set; }

        /// <summary>m, the (biased) first-moment estimate after the last step.</summary>
        public ReadOnlySpan<double> FirstMoment => _m;

        /// <summary>v, the (biased) second-moment estimate after the last step.</summary>
        public ReadOnlySpan<double> SecondMoment => _v;

        /// <summary>One Adam step: t ← t + 1, update m and v, then θ ← θ − η·m̂ / (√v̂ + ε).</summary>
        /// <param name="parameters">θ, of length <see cref="ParameterCount"/>; updated in place.</param>
        /// <param name="gradient">dL/dθ at θ, of length <see cref="ParameterCount"/>, in the layout of θ.</param>
        /// <exception cref="ArgumentException">A span does not have length <see cref="ParameterCount"/>; nothing changes.</exception>
        public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
        {
            OptimizerChecks.Lengths(_m.Length, parameters.Length, gradient.Length);
            NextStep(out double correction1, out double correction2);
            double[] m = _m;
            double[] v = _v;
            double beta1 = Beta1, beta2 = Beta2, eta = _learningRate, epsilon = Epsilon;
            for (int k = 0; k < m.Length; k++)
            {
                double g = gradient[k];
                double mk = (beta1 * m[k]) + ((1.0 - beta1) * g);
                double vk = (beta2 * v[k]) + ((1.0 - beta2) * g * g);
                m[k] = mk;
                v[k] = vk;
                parameters[k] -= eta * (mk / correction1) / (Math.Sqrt(vk / correction2) + epsilon);
            }
        }

        /// <summary>
        /// One Adam step for single-precision θ and g: m, v and the update are computed in <c>double</c>, and each new
        /// θ is rounded to <c>float</c> once.
        /// </summary>
        /// <param name="parameters">θ, of length <see cref="ParameterCount"/>; updated in place.</param>
        /// <param name="gradient">dL/dθ at θ, of length <see cref="ParameterCount"/>, in the layout of θ.</param>
        /// <exception cref="ArgumentException">A span does not have length <see cref="ParameterCount"/>; nothing changes.</exception>
        public void Step(Span<float> parameters, ReadOnlySpan<float> gradient)
        {
            OptimizerChecks.Lengths(_m.Length, parameters.Length, gradient.Length);
            NextStep(out double correction1, out double correction2);
            double[] m = _m;
            double[] v = _v;
            double beta1 = Beta1, beta2 = Beta2, eta = _learningRate, epsilon = Epsilon;
            for (int k = 0; k < m.Length; k++)
            {
                double g = gradient[k];
                double mk = (beta1 * m[k]) + ((1.0 - beta1) * g);
                double vk = (beta2 * v[k]) + ((1.0 - beta2) * g * g);
                m[k] = mk;
                v[k] = vk;
                parameters[k] = (float)(parameters[k] - (eta * (mk / correction1) / (Math.Sqrt(vk / correction2) + epsilon)));
            }
        }

        /// <summary>Sets m, v and the step count back to zero.</summary>
        public void Reset()
        {
            Array.Clear(_m, 0, _m.Length);
            Array.Clear(_v, 0, _v.Length);
            _beta1Power = 1.0;
            _beta2Power = 1.0;
            StepCount = 0;
        }

        // Advances t and returns the bias corrections 1 − β1ᵗ and 1 − β2ᵗ (both in (0, 1] for t ≥ 1 and β in [0, 1)).
        private void NextStep(out double correction1, out double correction2)
        {
            StepCount++;
            _beta1Power *= Beta1;
            _beta2Power *= Beta2;
            correction1 = 1.0 - _beta1Power;
            correction2 = 1.0 - _beta2Power;
        }
    }
}
