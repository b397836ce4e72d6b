"""Writes tanh.txt and exp.txt for ScalarMathTests, to 40 significant digits (mpmath).

tanh.txt: points x with tanh(x) and sech²(x). exp.txt: points x ≤ 0 with e^x (ScalarMath.ExpNonPositive's domain).
Run with python3 and mpmath (Debian: python3-mpmath); the tests read the committed output and need neither.
Each line: x (shortest round-trip decimal of a double), then the values.
"""
import math
import random

import mpmath

mpmath.mp.dps = 60
random.seed(20261202)

points = [0.0, 5e-324, 1e-310, 1e-200, 1e-20, 1e-9, 1e-4, 0.1, 0.5, 0.55, 1.0, 2.0, 10.0, 21.9, 22.0, 30.0, 354.0, 400.0, 710.0, 1e300]
points.append(math.nextafter(0.55, 0.0))
points.append(math.nextafter(22.0, 0.0))
for low, high, count in [(1e-12, 1e-3, 40), (1e-3, 0.55, 120), (0.55, 1.0, 60), (1.0, 5.0, 60), (5.0, 22.0, 40), (22.0, 400.0, 20)]:
    for _ in range(count):
        points.append(math.exp(random.uniform(math.log(low), math.log(high))))
points += [-x for x in points if x != 0.0]

with open("tanh.txt", "w", encoding="utf-8") as out:
    out.write("# x, tanh(x), sech^2(x) to 40 significant digits; written by generate.py (mpmath, 60 digits)\n")
    for x in points:
        v = mpmath.mpf(x)
        out.write(f"{x!r} {mpmath.nstr(mpmath.tanh(v), 40)} {mpmath.nstr(mpmath.sech(v) ** 2, 40)}\n")

# e^x for x from 0 down to the last normal result, spread evenly in log|x| and in x, with the ends and the points
# where the exponential's reduction x = k·ln2 + r changes k.
random.seed(20261203)
exp_points = [0.0, -0.0, -5e-324, -1e-300, -1e-17, -1e-9, -0.5 * math.log(2), -math.log(2), -1.0, -10.0, -100.0, -700.0,
              -708.0, -708.39, math.nextafter(-708.39, 0.0)]
for low, high, count in [(1e-20, 1e-3, 40), (1e-3, 1.0, 120), (1.0, 40.0, 160), (40.0, 708.39, 80)]:
    for _ in range(count):
        exp_points.append(-math.exp(random.uniform(math.log(low), math.log(high))))
for k in range(1, 1022, 37):
    exp_points.append(-(k + 0.5) * math.log(2))
for _ in range(100):
    exp_points.append(-random.uniform(0.0, 708.39))
# Every entry of the exponential's table of 2^(j/128): x = −(128m + j)·ln 2/128 for a few m, nudged off the grid.
for j in range(128):
    for m in (0, 7, 900):
        exp_points.append(-((128 * m + j) * math.log(2) / 128 + random.uniform(0.0, 0.002)))

with open("exp.txt", "w", encoding="utf-8") as out:
    out.write("# x, e^x to 40 significant digits; written by generate.py (mpmath, 60 digits)\n")
    for x in exp_points:
        out.write(f"{x!r} {mpmath.nstr(mpmath.exp(mpmath.mpf(x)), 40)}\n")
