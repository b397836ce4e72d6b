namespace DerivGen.Emitting
{
    /// <summary>
    /// The loop form of a Softmax layer that is looped but not the last looped layer (so the unrolled graph cannot apply
    /// it): the same function and the same non-cancelling derivative as the unrolled form (see ActivationLowering), over
    /// the z, a, dL/da and dL/dz buffers of layer n.
    /// </summary>
    internal static class LoopedSoftmax
    {
        /// <summary>a = e^(z − m) / Σ e^(z − m), with m = z[r] the first largest z (the unit the backward pass singles out).</summary>
        public static void Forward(SourceWriter w, int layerNumber, int units, ScalarType s)
        {
            var n = Numbers.Int(layerNumber);
            var count = Numbers.Int(units);
            w.Line($"// Softmax of layer {n}: r{n} is the first unit with the largest z, m{n} = z{n}[r{n}], a{n}[i] = e^(z{n}[i] - m{n}) / s{n}");
            w.Line($"int r{n} = 0;");
            w.Open($"for (int i = 1; i < {count}; i++)");
            w.Line($"if (z{n}[i] > z{n}[r{n}]) r{n} = i;");
            w.Close();
            w.Line($"{s.Name} m{n} = z{n}[r{n}];");
            w.Line($"{s.Name} s{n} = {s.Literal(0)};");
            w.Open($"for (int i = 0; i < {count}; i++)");
            // The exponential the unrolled softmax prints (Op.ExpNonPositive), so both forms give the same bits.
            w.Line($"a{n}[i] = {s.ExpNonPositive}(z{n}[i] - m{n});");
            w.Line($"s{n} += a{n}[i];");
            w.Close();
            w.Open($"for (int i = 0; i < {count}; i++)");
            w.Line($"a{n}[i] /= s{n};");
            w.Close();
        }

        /// <summary>
        /// dL/dz from dL/da: with ḡ = Σ_j a_j·dL/da_j, dL/dz_i = a_i·(dL/da_i − ḡ) for i ≠ r, and for r the equal
        /// Σ_{j≠r} a_j·(ḡ − dL/da_j), whose terms are as small as the result; a_r·(dL/da_r − ḡ) would cancel as a_r nears 1.
        /// </summary>
        public static void Backward(SourceWriter w, int layerNumber, int units, ScalarType s)
        {
            var n = Numbers.Int(layerNumber);
            var count = Numbers.Int(units);
            w.Line($"// Softmax of layer {n} backward: ḡ = Σ_j a{n}[j]·dL/da{n}[j]; dL/dz{n}[i] = a{n}[i]·(dL/da{n}[i] - ḡ) for i ≠ r{n},");
            w.Line($"// and dL/dz{n}[r{n}] = Σ_(j≠r{n}) a{n}[j]·(ḡ - dL/da{n}[j]), the same value without the cancellation of dL/da - ḡ as a{n}[r{n}] nears 1.");
            w.Line($"{s.Name} g{n} = {s.Literal(0)};");
            w.Open($"for (int i = 0; i < {count}; i++)");
            w.Line($"g{n} += a{n}[i] * da{n}[i];");
            w.Close();
            w.Line($"{s.Name} dzr{n} = {s.Literal(0)};");
            w.Open($"for (int i = 0; i < {count}; i++)");
            w.Line($"if (i == r{n}) continue;");
            w.Line($"dz{n}[i] = a{n}[i] * (da{n}[i] - g{n});");
            w.Line($"dzr{n} += a{n}[i] * (g{n} - da{n}[i]);");
            w.Close();
            w.Line($"dz{n}[r{n}] = dzr{n};");
        }

        /// <summary>
        /// The tangent of <see cref="Forward"/> along v (H·v): with ḡz = Σ_j a_j·ż_j, ȧ_i = a_i·(ż_i − ḡz) for i ≠ r, and for r
        /// the equal a_r·Σ_{j≠r} a_j·(ż_r − ż_j), whose terms are as small as the result; ż_r − ḡz would cancel as a_r nears 1.
        /// </summary>
        public static void ForwardTangent(SourceWriter w, int layerNumber, int units, ScalarType s)
        {
            var n = Numbers.Int(layerNumber);
            var count = Numbers.Int(units);
            w.Line($"// Tangent of the Softmax of layer {n}: ḡz = Σ_j a{n}[j]·ż{n}[j]; ȧ{n}[i] = a{n}[i]·(ż{n}[i] - ḡz) for i ≠ r{n},");
            w.Line($"// and ȧ{n}[r{n}] = a{n}[r{n}]·Σ_(j≠r{n}) a{n}[j]·(ż{n}[r{n}] - ż{n}[j]), the same value without the cancellation of ż - ḡz as a{n}[r{n}] nears 1.");
            w.Line($"{s.Name} gz{n} = {s.Literal(0)};");
            w.Open($"for (int i = 0; i < {count}; i++)");
            w.Line($"gz{n} += a{n}[i] * rz{n}[i];");
            w.Close();
            w.Line($"{s.Name} rar{n} = {s.Literal(0)};");
            w.Open($"for (int i = 0; i < {count}; i++)");
            w.Line($"if (i == r{n}) continue;");
            w.Line($"ra{n}[i] = a{n}[i] * (rz{n}[i] - gz{n});");
            w.Line($"rar{n} += a{n}[i] * (rz{n}[r{n}] - rz{n}[i]);");
            w.Close();
            w.Line($"ra{n}[r{n}] = a{n}[r{n}] * rar{n};");
        }

        /// <summary>
        /// The tangent of <see cref="Backward"/> along v (H·v), term by term: R{ḡ} = Σ_j (ȧ_j·dL/da_j + a_j·R{dL/da_j}),
        /// R{dL/dz_i} = ȧ_i·(dL/da_i − ḡ) + a_i·(R{dL/da_i} − R{ḡ}) for i ≠ r, and for r the tangent of its non-cancelling
        /// form, Σ_{j≠r} (ȧ_j·(ḡ − dL/da_j) + a_j·(R{ḡ} − R{dL/da_j})).
        /// </summary>
        public static void BackwardTangent(SourceWriter w, int layerNumber, int units, ScalarType s)
        {
            var n = Numbers.Int(layerNumber);
            var count = Numbers.Int(units);
            w.Line($"// Its tangent: R{{ḡ}} = Σ_j (ȧ{n}[j]·dL/da{n}[j] + a{n}[j]·R{{dL/da{n}[j]}}); R{{dL/dz{n}[i]}} = ȧ{n}[i]·(dL/da{n}[i] - ḡ) + a{n}[i]·(R{{dL/da{n}[i]}} - R{{ḡ}})");
            w.Line($"// for i ≠ r{n}, and R{{dL/dz{n}[r{n}]}} = Σ_(j≠r{n}) (ȧ{n}[j]·(ḡ - dL/da{n}[j]) + a{n}[j]·(R{{ḡ}} - R{{dL/da{n}[j]}})), the tangent of the form above.");
            w.Line($"{s.Name} rg{n} = {s.Literal(0)};");
            w.Open($"for (int i = 0; i < {count}; i++)");
            w.Line($"rg{n} += ra{n}[i] * da{n}[i] + a{n}[i] * rda{n}[i];");
            w.Close();
            w.Line($"{s.Name} rdzr{n} = {s.Literal(0)};");
            w.Open($"for (int i = 0; i < {count}; i++)");
            w.Line($"if (i == r{n}) continue;");
            w.Line($"rdz{n}[i] = ra{n}[i] * (da{n}[i] - g{n}) + a{n}[i] * (rda{n}[i] - rg{n});");
            w.Line($"rdzr{n} += ra{n}[i] * (g{n} - da{n}[i]) + a{n}[i] * (rg{n} - rda{n}[i]);");
            w.Close();
            w.Line($"rdz{n}[r{n}] = rdzr{n};");
        }
    }
}
