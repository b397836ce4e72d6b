#!/usr/bin/env python3
"""Second-order reference data for the network cases in ../networks.

For each case named in CASES this computes, at the case's own parameters, input and target:

* the loss, the gradient dL/dθ and the output (to check against the case's stored values),
* the Hessian ∂²L/∂θ² (P × P, row-major),
* the input gradient dL/dx,
* the input Jacobian ∂a_out/∂x (OutputCount × InputCount, row-major),

exactly (no finite differences): the gradient by a hand-written chain rule (reverse mode), each
Hessian column by running that chain rule on dual numbers seeded with one parameter direction
(forward over reverse), and the Jacobian by forward mode seeded with one input direction. All
arithmetic is mpmath at WORK_DPS digits, starting from the exact binary64 values in the case file.
The results are written with 50 significant digits and correctly rounded to binary64.

The formulas are those of ../networks/README.md, in forms that do not cancel (σ(z)σ(−z) for σ′,
1/cosh² for tanh′, softmax tangents as a_i Σ_{j≠i} a_j (ż_i − ż_j)), so the working precision's
extra digits are not used up by rounding. README.md in this folder lists the checks this script
runs; any failed check stops it before it writes anything.

Needs Python 3 and mpmath (apt-get install python3-mpmath, or pip install mpmath). Run from
anywhere: python3 generate.py
"""

import json
import math
import os
import sys

import mpmath
from mpmath import mp, mpf

HERE = os.path.dirname(os.path.abspath(__file__))
NETWORKS = os.path.normpath(os.path.join(HERE, "..", "networks"))

# The seeds' 3-3-1 exercise and ten small cases that together use every activation and loss.
CASES = [
    "seed-331",                         # ReLU, Sigmoid; SquaredError
    "random_093",                       # ReLU, Silu, Softmax; CrossEntropy (two hidden layers)
    "random_047",                       # LeakyReLU, Softmax, Softmax; CrossEntropy (two hidden layers)
    "random_103",                       # LeakyReLU, Tanh; MeanSquaredError
    "random_077",                       # LeakyReLU, Gelu; MeanSquaredError
    "random_105",                       # Softplus, Elu; Huber
    "random_107",                       # Sigmoid; Huber
    "random_058",                       # Sigmoid; BinaryCrossEntropy
    "random_050",                       # Sigmoid, Softmax; CrossEntropy
    "random_085",                       # Identity, Silu; SquaredError
    "edge_softmax_hidden_logits_900",   # hidden Softmax with logits 900 apart, Identity; SquaredError
]

DIGITS = 50          # significant digits written to the files
WORK_DPS = 100       # working precision of the stored results
CHECK_DPS = 140      # working precision of the independent recomputation
FD_DPS = 160         # working precision of the finite-difference checks
FD_STEP = mpf(10) ** -40
KINK_MARGIN = 1e-6   # no pre-activation or Huber residual may be closer than this to a kink

# Thresholds the checks must meet (README.md reports the values reached).
RECOMPUTE_TOL = mpf(10) ** -(DIGITS + 5)   # per entry, relative, WORK_DPS against CHECK_DPS
SELF_TOL = mpf(10) ** -80                  # symmetry and forward-against-reverse, normwise
FD_TOL = mpf(10) ** -60                    # central differences, normwise


class Dual:
    """v + d·ε with ε² = 0: a value and its derivative along one direction."""

    __slots__ = ("v", "d")

    def __init__(self, v, d=0):
        self.v = mpf(v)
        self.d = mpf(d)

    def __add__(self, o):
        if isinstance(o, Dual):
            return Dual(self.v + o.v, self.d + o.d)
        return Dual(self.v + o, self.d)

    __radd__ = __add__

    def __sub__(self, o):
        if isinstance(o, Dual):
            return Dual(self.v - o.v, self.d - o.d)
        return Dual(self.v - o, self.d)

    def __rsub__(self, o):
        return Dual(o - self.v, -self.d)

    def __neg__(self):
        return Dual(-self.v, -self.d)

    def __mul__(self, o):
        if isinstance(o, Dual):
            return Dual(self.v * o.v, self.d * o.v + self.v * o.d)
        return Dual(self.v * o, self.d * o)

    __rmul__ = __mul__

    def __truediv__(self, o):
        # Only ever divided by a constant here; a dual divisor goes through reciprocal().
        assert not isinstance(o, Dual)
        return Dual(self.v / o, self.d / o)


def reciprocal(t):
    r = 1 / t.v
    return Dual(r, -t.d * r * r)


def dexp(t):
    e = mp.exp(t.v)
    return Dual(e, e * t.d)


def dexpm1(t):
    return Dual(mp.expm1(t.v), mp.exp(t.v) * t.d)


def dlog1p(t):
    return Dual(mp.log1p(t.v), t.d / (1 + t.v))


def dtanh(t):
    c = mp.cosh(t.v)
    return Dual(mp.tanh(t.v), t.d / (c * c))


def dcosh(t):
    return Dual(mp.cosh(t.v), mp.sinh(t.v) * t.d)


def sigmoid(t):
    return reciprocal(1 + dexp(-t))


def softplus(t):
    # log(1 + e^t) = max(t, 0) + log1p(e^−|t|); both arms are the same analytic function.
    if t.v > 0:
        return t + dlog1p(dexp(-t))
    return dlog1p(dexp(t))


def dsum(terms):
    total = Dual(0)
    for t in terms:
        total = total + t
    return total


class Kinks:
    """The smallest distance of any ReLU/LeakyReLU/Elu pre-activation or Huber |r| from its kink."""

    def __init__(self):
        self.margin = mpf("inf")
        self.where = ""

    def note(self, distance, where):
        if abs(distance) < self.margin:
            self.margin = abs(distance)
            self.where = where


# Elementwise activations: f(z) and f′(z), both as duals so forward-over-reverse can differentiate f′.
# At a kink the branch taken is the one the networks README takes (z > 0 is the positive arm).
def activate(layer, z, kinks, index):
    name = layer["activation"]
    if name == "Identity":
        return z, Dual(1)
    if name == "ReLU":
        kinks.note(z.v, f"layer {index} ReLU")
        return (z, Dual(1)) if z.v > 0 else (Dual(0), Dual(0))
    if name == "LeakyReLU":
        slope = mpf(layer.get("slope", 0.01))
        kinks.note(z.v, f"layer {index} LeakyReLU")
        return (z, Dual(1)) if z.v > 0 else (slope * z, Dual(slope))
    if name == "Sigmoid":
        return sigmoid(z), sigmoid(z) * sigmoid(-z)
    if name == "Tanh":
        c = dcosh(z)
        return dtanh(z), reciprocal(c * c)
    if name == "Softplus":
        return softplus(z), sigmoid(z)
    if name == "Elu":
        kinks.note(z.v, f"layer {index} Elu")
        return (z, Dual(1)) if z.v > 0 else (dexpm1(z), dexp(z))
    if name == "Silu":
        return z * sigmoid(z), sigmoid(z) * (1 + z * sigmoid(-z))
    if name == "Gelu":
        c = mpf(0.7978845608028654)   # the double nearest √(2/π)
        k = mpf(0.044715)
        w = 2 * c * (z + k * z * z * z)
        s = sigmoid(w)
        return z * s, s + z * s * sigmoid(-w) * 2 * c * (1 + 3 * k * z * z)
    raise ValueError(f"unknown activation {name}")


def softmax(z):
    m = max(t.v for t in z)
    e = [mp.exp(t.v - m) for t in z]
    s = mp.fsum(e)
    a = [ei / s for ei in e]
    n = len(z)
    # ȧ_i = a_i Σ_{j≠i} a_j (ż_i − ż_j): the tangent without the cancellation of ż_i − Σ_j a_j ż_j.
    return [Dual(a[i], a[i] * mp.fsum(a[j] * (z[i].d - z[j].d) for j in range(n) if j != i)) for i in range(n)]


def softmax_backward(a, g):
    # dL/dz_j = a_j Σ_{i≠j} a_i (g_j − g_i)
    n = len(a)
    return [a[j] * dsum(a[i] * (g[j] - g[i]) for i in range(n) if i != j) for j in range(n)]


def loss_and_seed(case, z, a, y, kinks):
    """L, and the gradient the backward pass starts from: dL/dz (BCE, CE) or dL/da (the rest)."""
    name = case["loss"]
    k = len(a)
    if name in ("SquaredError", "MeanSquaredError"):
        r = [a[i] - y[i] for i in range(k)]
        total = dsum(ri * ri for ri in r)
        if name == "SquaredError":
            return total, [2 * ri for ri in r], "a"
        return total / k, [2 * ri / k for ri in r], "a"
    if name == "Huber":
        delta = mpf(case.get("delta", 1.0))
        terms, grads = [], []
        for i in range(k):
            r = a[i] - y[i]
            kinks.note(abs(r.v) - delta, "Huber")
            if abs(r.v) <= delta:
                terms.append(r * r / 2)
                grads.append(r)
            else:
                sign = 1 if r.v > 0 else -1
                terms.append(delta * (sign * r - delta / 2))
                grads.append(Dual(delta * sign))
        return dsum(terms), grads, "a"
    if name == "BinaryCrossEntropy":
        assert case["layers"][-1]["activation"] == "Sigmoid"
        # −log a = softplus(−z), −log(1 − a) = softplus(z); dL/dz = σ(z) − y.
        total = dsum(y[i] * softplus(-z[i]) + (1 - y[i]) * softplus(z[i]) for i in range(k))
        return total, [a[i] - y[i] for i in range(k)], "z"
    if name == "CrossEntropy":
        assert case["layers"][-1]["activation"] == "Softmax"
        r = max(range(k), key=lambda i: z[i].v)
        m = z[r]   # a dual: log a_i = (z_i − z_r) − log1p(Σ_{j≠r} e^(z_j − z_r)) holds only with m = z_r
        log_rest = dlog1p(dsum(dexp(z[j] - m) for j in range(k) if j != r))
        total = dsum(-y[i] * ((z[i] - m) - log_rest) for i in range(k))
        ysum = mp.fsum(y)
        return total, [a[i] * ysum - y[i] for i in range(k)], "z"
    raise ValueError(f"unknown loss {name}")


def run(case, theta, x, y, backward=True):
    """Forward pass and (optionally) the chain rule backwards, on duals."""
    kinks = Kinks()
    layers = case["layers"]
    acts, pre, primes, weights = [x], [], [], []
    offset = 0
    for index, layer in enumerate(layers):
        n_in, n_out = len(acts[-1]), layer["units"]
        W = [theta[offset + i * n_in: offset + (i + 1) * n_in] for i in range(n_out)]
        offset += n_out * n_in
        b = theta[offset: offset + n_out]
        offset += n_out
        z = [dsum(W[i][j] * acts[-1][j] for j in range(n_in)) + b[i] for i in range(n_out)]
        if layer["activation"] == "Softmax":
            a, fp = softmax(z), None
        else:
            pairs = [activate(layer, zi, kinks, index) for zi in z]
            a, fp = [p[0] for p in pairs], [p[1] for p in pairs]
        weights.append(W)
        pre.append(z)
        primes.append(fp)
        acts.append(a)
    assert offset == len(theta)
    loss, seed, seed_kind = loss_and_seed(case, pre[-1], acts[-1], y, kinks)
    result = {"loss": loss, "output": acts[-1], "kinks": kinks}
    if not backward:
        return result

    grads = []
    g = seed
    for index in reversed(range(len(layers))):
        a_prev = acts[index]
        if index == len(layers) - 1 and seed_kind == "z":
            gz = g
        elif layers[index]["activation"] == "Softmax":
            gz = softmax_backward(acts[index + 1], g)
        else:
            gz = [g[i] * primes[index][i] for i in range(len(g))]
        W = weights[index]
        gW = [gz[i] * a_prev[j] for i in range(len(gz)) for j in range(len(a_prev))]
        grads.append(gW + gz)
        g = [dsum(W[i][j] * gz[i] for i in range(len(gz))) for j in range(len(a_prev))]
    result["gradient"] = [t for block in reversed(grads) for t in block]
    result["input_gradient"] = g
    return result


def constants(values):
    return [Dual(mpf(v)) for v in values]


def seeded(values, k):
    return [Dual(mpf(v), 1 if i == k else 0) for i, v in enumerate(values)]


def compute(case, dps=None, prec=None):
    """Every stored quantity, plus the second (forward-mode) input gradient, at dps digits (or prec bits)."""
    if prec is not None:
        mp.prec = prec
    else:
        mp.dps = dps
    p, x, y = case["parameters"], case["x"], [mpf(v) for v in case["y"]]
    base = run(case, constants(p), constants(x), y)
    P, n_in, n_out = len(p), len(x), len(base["output"])

    hessian = [[None] * P for _ in range(P)]
    for k in range(P):
        column = run(case, seeded(p, k), constants(x), y)["gradient"]
        for i in range(P):
            hessian[i][k] = column[i].d

    jacobian = [[None] * n_in for _ in range(n_out)]
    forward_input_gradient = []
    for k in range(n_in):
        r = run(case, constants(p), seeded(x, k), y, backward=False)
        for i in range(n_out):
            jacobian[i][k] = r["output"][i].d
        forward_input_gradient.append(r["loss"].d)

    return {
        "loss": base["loss"].v,
        "gradient": [t.v for t in base["gradient"]],
        "output": [t.v for t in base["output"]],
        "hessian": hessian,
        "input_gradient": [t.v for t in base["input_gradient"]],
        "input_jacobian": jacobian,
        "forward_input_gradient": forward_input_gradient,
        "kinks": base["kinks"],
    }


# ---- rounding and formatting ----

def to_double(v):
    """v correctly rounded to binary64 (nearest, ties to even), subnormals included."""
    if v == 0:
        return 0.0
    _, e = mp.frexp(v)                    # v = m·2^e, 1/2 ≤ |m| < 1
    q = int(e) - 53 if e >= -1021 else -1074
    scaled = mp.ldexp(v, -q)              # exact
    n = int(mp.floor(scaled))
    frac = scaled - n
    if frac > 0.5 or (frac == 0.5 and n % 2 == 1):
        n += 1
    result = math.ldexp(n, q)
    if math.isinf(result) or math.isnan(result):
        raise ValueError(f"{v} is not a finite double")
    return result


def digits(v):
    if v == 0:
        return "0"
    return mp.nstr(v, DIGITS, min_fixed=0, max_fixed=0, strip_zeros=False)


def flat(matrix):
    return [v for row in matrix for v in row]


def rel_normwise(a, b):
    """max |a_i − b_i| / max |b_i| over two flat lists (0 when both are all zero)."""
    scale = max(abs(v) for v in b)
    err = max(abs(u - v) for u, v in zip(a, b))
    return err / scale if scale else err


def rel_entrywise(a, b):
    worst = mpf(0)
    for u, v in zip(a, b):
        if v == 0:
            if u != 0:
                return mpf("inf")
        else:
            worst = max(worst, abs(u - v) / abs(v))
    return worst


# ---- checks ----

def check_stored(case, ref):
    """The recomputed loss, gradient and output must round to exactly the case's stored doubles."""
    expected = case["expected"]
    pairs = [(ref["loss"], expected["loss"])]
    pairs += list(zip(ref["gradient"], expected["gradient"]))
    pairs += list(zip(ref["output"], expected["output"]))
    mismatches = [(float(v), s) for v, s in pairs if to_double(v) != s]
    return len(pairs), mismatches


def check_recompute(ref, hi):
    worst = mpf(0)
    same_strings = True
    for key in ("loss", "gradient", "output", "hessian", "input_gradient", "input_jacobian"):
        a, b = ref[key], hi[key]
        if key == "loss":
            a, b = [a], [b]
        elif key in ("hessian", "input_jacobian"):
            a, b = flat(a), flat(b)
        worst = max(worst, rel_entrywise(a, b))
        same_strings &= [digits(v) for v in a] == [digits(v) for v in b]
        same_strings &= [to_double(v) for v in a] == [to_double(v) for v in b]
    return worst, same_strings


def check_symmetry(ref):
    H = ref["hessian"]
    P = len(H)
    return rel_normwise([H[i][j] for i in range(P) for j in range(P)],
                        [H[j][i] for i in range(P) for j in range(P)])


def check_finite_differences(case, ref):
    """Central differences, at FD_DPS digits, of the loss (gradient), of the exact gradient (Hessian
    columns), of the output (Jacobian columns) and of the loss (input gradient)."""
    mp.dps = FD_DPS
    h = FD_STEP
    p, x, y = case["parameters"], case["x"], [mpf(v) for v in case["y"]]
    P, n_in = len(p), len(x)

    def shifted(values, k, step):
        return [Dual(mpf(v) + (step if i == k else 0)) for i, v in enumerate(values)]

    fd_hessian = [[None] * P for _ in range(P)]
    fd_gradient = []
    for k in range(P):
        plus = run(case, shifted(p, k, h), constants(x), y)
        minus = run(case, shifted(p, k, -h), constants(x), y)
        for i in range(P):
            fd_hessian[i][k] = (plus["gradient"][i].v - minus["gradient"][i].v) / (2 * h)
        fd_gradient.append((plus["loss"].v - minus["loss"].v) / (2 * h))
    fd_jacobian_columns, fd_input_gradient = [], []
    for k in range(n_in):
        plus = run(case, constants(p), shifted(x, k, h), y, backward=False)
        minus = run(case, constants(p), shifted(x, k, -h), y, backward=False)
        fd_jacobian_columns.append([(u.v - v.v) / (2 * h) for u, v in zip(plus["output"], minus["output"])])
        fd_input_gradient.append((plus["loss"].v - minus["loss"].v) / (2 * h))
    fd_jacobian = [list(row) for row in zip(*fd_jacobian_columns)]
    return (rel_normwise(fd_gradient, ref["gradient"]),
            rel_normwise(flat(fd_hessian), flat(ref["hessian"])),
            rel_normwise(flat(fd_jacobian), flat(ref["input_jacobian"])),
            rel_normwise(fd_input_gradient, ref["input_gradient"]))


# ---- output ----

def write_case(name, case, ref):
    P, n_in, n_out = len(case["parameters"]), len(case["x"]), len(ref["output"])

    def strings(values):
        return "[" + ", ".join(json.dumps(digits(v)) for v in values) + "]"

    def doubles(values):
        return "[" + ", ".join(repr(to_double(v)) for v in values) + "]"

    def matrix(rows, fmt):
        # Row-major and flat, one matrix row per line.
        return "[\n  " + ",\n  ".join(fmt(row)[1:-1] for row in rows) + "\n ]"

    lines = [
        "{",
        f' "name": {json.dumps(name)},',
        f' "source": {json.dumps("../networks/" + name + ".json")},',
        f' "parameter_count": {P},',
        f' "input_count": {n_in},',
        f' "output_count": {n_out},',
        f' "kink_margin": {json.dumps(float(mp.nstr(ref["kinks"].margin, 3)) if ref["kinks"].margin != mpf("inf") else None)},',
        f' "loss_digits": {json.dumps(digits(ref["loss"]))},',
        f' "loss": {repr(to_double(ref["loss"]))},',
        f' "gradient_digits": {strings(ref["gradient"])},',
        f' "gradient": {doubles(ref["gradient"])},',
        f' "output_digits": {strings(ref["output"])},',
        f' "output": {doubles(ref["output"])},',
        f' "input_gradient_digits": {strings(ref["input_gradient"])},',
        f' "input_gradient": {doubles(ref["input_gradient"])},',
        f' "input_jacobian_digits": {matrix(ref["input_jacobian"], strings)},',
        f' "input_jacobian": {matrix(ref["input_jacobian"], doubles)},',
        f' "hessian_digits": {matrix(ref["hessian"], strings)},',
        f' "hessian": {matrix(ref["hessian"], doubles)}',
        "}",
    ]
    text = "\n".join(lines) + "\n"
    parsed = json.loads(text)   # the file must be valid JSON with the shapes promised
    assert len(parsed["hessian"]) == P * P and len(parsed["hessian_digits"]) == P * P
    assert len(parsed["input_jacobian"]) == n_out * n_in
    return text


def main():
    outputs = {}
    failures = []
    print(f"{'case':34} {'P':>3} {'in':>3} {'out':>3} {'kink margin':>11} {'stored':>7} "
          f"{'recompute':>9} {'symmetry':>9} {'fwd/rev dL/dx':>13} {'FD g':>9} {'FD H':>9} {'FD J':>9} {'FD dL/dx':>9} {'53-bit H':>9}")
    for name in CASES:
        with open(os.path.join(NETWORKS, name + ".json"), encoding="utf-8") as f:
            case = json.load(f)
        assert case["name"] == name
        ref = compute(case, WORK_DPS)
        hi = compute(case, CHECK_DPS)
        mp.dps = WORK_DPS

        count, mismatches = check_stored(case, ref)
        recompute, same_strings = check_recompute(ref, hi)
        symmetry = check_symmetry(ref)
        fwd_rev = rel_normwise(ref["forward_input_gradient"], ref["input_gradient"])
        fd_grad, fd_h, fd_j, fd_g = check_finite_differences(case, hi)
        # Not a check: how close the same formulas come in 53-bit arithmetic (mpmath at 53 bits rounds
        # like binary64 but has no overflow or subnormals), a guide for the tests' tolerance.
        coarse = flat(compute(case, prec=53)["hessian"])
        mp.dps = WORK_DPS
        binary64 = rel_normwise(coarse, flat(ref["hessian"]))
        margin = ref["kinks"].margin

        print(f"{name:34} {len(case['parameters']):3} {len(case['x']):3} {len(ref['output']):3} "
              f"{mp.nstr(margin, 2):>11} {count - len(mismatches):>3}/{count:<3} "
              f"{mp.nstr(recompute, 2):>9} {mp.nstr(symmetry, 2):>9} {mp.nstr(fwd_rev, 2):>13} "
              f"{mp.nstr(fd_grad, 2):>9} {mp.nstr(fd_h, 2):>9} {mp.nstr(fd_j, 2):>9} {mp.nstr(fd_g, 2):>9} {mp.nstr(binary64, 2):>9}")

        if margin < KINK_MARGIN:
            failures.append(f"{name}: {ref['kinks'].where} is {margin} from its kink")
        if mismatches:
            failures.append(f"{name}: {len(mismatches)} values differ from the stored doubles: {mismatches[:3]}")
        if recompute > RECOMPUTE_TOL or not same_strings:
            failures.append(f"{name}: {WORK_DPS} and {CHECK_DPS} digits disagree ({recompute})")
        if symmetry > SELF_TOL or fwd_rev > SELF_TOL:
            failures.append(f"{name}: symmetry {symmetry}, forward/reverse input gradient {fwd_rev}")
        if max(fd_grad, fd_h, fd_j, fd_g) > FD_TOL:
            failures.append(f"{name}: central differences {fd_grad} {fd_h} {fd_j} {fd_g}")
        outputs[name] = write_case(name, case, ref)

    if failures:
        print("\n".join(failures), file=sys.stderr)
        return 1
    for name, text in outputs.items():
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(f"wrote {len(outputs)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
