#!/usr/bin/env python3
"""Fits the polynomials NetworkMath.Erf evaluates, and prints them as C# constants with the error bound
of each fit. Run by hand (python3 runtime/fit_erf.py; it needs mpmath: Debian's python3-mpmath), paste
the constants into NetworkMath.cs and the bounds into its comments. The tests check the result against
an independent high-precision erf, so a wrong paste fails them.

Two intervals, both approximations derived here from the mathematics (no published coefficients):

- |x| < 1: erf(x) = x * P(x^2), where P(u) approximates erf(sqrt u) / sqrt u on [0, 1]. erf is odd with
  a Taylor series in odd powers (2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))), so erf(x) / x is a
  smooth function of u = x^2 whose Taylor coefficients fall like 1 / n!. Fitted to RELATIVE error, so
  erf(1e-300) keeps its digits.
- 1 <= |x| < 6: erf(x) = 1 - exp(-x^2) * R(t) with t = (x - 3) / (x + 3), where R approximates the
  scaled complement erfcx(x) = exp(x^2) erfc(x) on t in [-1/2, 1/3]. erfcx falls slowly, like
  1 / (x sqrt(pi)), and the Moebius map t keeps the whole of [1, 6] in a short interval around the
  centre 3, where a polynomial converges fast. Fitted to the ABSOLUTE error of erfc (weight exp(-x^2)),
  which is what erf = 1 - erfc needs: near x = 6 erfc is ~1e-17 and R need not be accurate there.
- |x| >= 6: erfc(6) = 2.2e-17, below half an ulp of 1 (2^-54 = 5.6e-17): erf is 1 to the last bit.

Each fit is weighted least squares on Chebyshev points refined by Lawson's iteration (reweighting each
point by its error), which converges to the minimax polynomial of that degree; the bound printed is the
largest weighted error of the double-rounded coefficients, in 50-digit arithmetic, on a 4,000-point grid.
"""
from mpmath import mp, mpf, cos, erf, erfc, exp, lu_solve, matrix, pi, sqrt

mp.dps = 50

SMALL_DEGREE = 11   # P(u), u = x^2 in [0, 1]
LARGE_DEGREE = 12   # R(t), t = (x - 3) / (x + 3) in [-1/2, 1/3]
CENTRE = mpf(3)


def fit(f, weight, lo, hi, degree, points=150, iterations=20):
    """Near-minimax polynomial of the given degree for f on [lo, hi], minimising max |weight * (p - f)|."""
    ts = [(lo + hi) / 2 + (hi - lo) / 2 * cos(pi * (k + mpf(1) / 2) / points) for k in range(points)]
    fs = [f(t) for t in ts]
    ws = [weight(t) for t in ts]
    lawson = [mpf(1)] * points
    for _ in range(iterations):
        a = matrix(degree + 1, degree + 1)
        b = matrix(degree + 1, 1)
        for t, fv, w, l in zip(ts, fs, ws, lawson):
            ww = w * w * l
            powers = [t ** i for i in range(degree + 1)]
            for i in range(degree + 1):
                b[i] += ww * powers[i] * fv
                for j in range(degree + 1):
                    a[i, j] += ww * powers[i] * powers[j]
        c = lu_solve(a, b)
        errors = [abs(w * (horner([c[i] for i in range(degree + 1)], t) - fv)) for t, fv, w in zip(ts, fs, ws)]
        total = sum(l * e for l, e in zip(lawson, errors))
        lawson = [l * e / total for l, e in zip(lawson, errors)]
    return [float(c[i]) for i in range(degree + 1)]


def horner(coefficients, t):
    result = mpf(0)
    for c in reversed(coefficients):
        result = result * t + mpf(c)
    return result


def max_error(coefficients, f, weight, lo, hi, points=4000):
    grid = [lo + (hi - lo) * k / points for k in range(points + 1)]
    return max(abs(weight(t) * (horner(coefficients, t) - f(t))) for t in grid)


def erf_over_x(u):
    return 2 / sqrt(pi) if u == 0 else erf(sqrt(u)) / sqrt(u)


def x_of_t(t):
    return CENTRE * (1 + t) / (1 - t)


def erfcx_of_t(t):
    x = x_of_t(t)
    return exp(x * x) * erfc(x)


def relative_to_erf_over_x(u):
    return 1 / erf_over_x(u)


def erfc_weight(t):
    return exp(-x_of_t(t) ** 2)


def print_constants(name, coefficients):
    print(f"    private const double {name}0 = {coefficients[0]!r};")
    for i, c in enumerate(coefficients[1:], 1):
        print(f"    private const double {name}{i} = {c!r};")


def main():
    small = fit(erf_over_x, relative_to_erf_over_x, mpf(0), mpf(1), SMALL_DEGREE)
    t_lo, t_hi = (1 - CENTRE) / (1 + CENTRE), (6 - CENTRE) / (6 + CENTRE)
    large = fit(erfcx_of_t, erfc_weight, t_lo, t_hi, LARGE_DEGREE)
    print(f"    // P, degree {SMALL_DEGREE}: relative error "
          f"{float(max_error(small, erf_over_x, relative_to_erf_over_x, mpf(0), mpf(1))):.2e}")
    print_constants("P", small)
    print(f"    // R, degree {LARGE_DEGREE}: absolute error of exp(-x^2) R "
          f"{float(max_error(large, erfcx_of_t, erfc_weight, t_lo, t_hi)):.2e}")
    print_constants("R", large)


if __name__ == "__main__":
    main()
