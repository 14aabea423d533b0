"""Confidence intervals: Wilson for shares, order statistics for medians, bootstrap for means.

All intervals are two-sided 95% unless asked otherwise, and honest at small n: when an
interval cannot reach the asked coverage (a median of five answers) it is NaN with a reason.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

from .results import SEED, ConfidenceInterval, IntervalResult, degenerate

_NAN_CI = ConfidenceInterval(math.nan, math.nan)


def wilson_bounds(successes, n, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson score bounds; NaN where ``n == 0``. See :func:`wilson_interval`."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(n, dtype=float)
    z = special.ndtri(0.5 + confidence / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        low = np.where(k == 0, 0.0, centre - half)
        high = np.where(k == n, 1.0, centre + half)
    low = np.where(n > 0, low, np.nan)
    high = np.where(n > 0, high, np.nan)
    return low, high


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> IntervalResult:
    """Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3).

    Chosen over the Wald interval because it keeps its coverage at the small n typical of
    a consultation (a Secretariat of three answers) and never leaves [0, 1].

    Parameters
    ----------
    successes, n : int
        Answers counted and answers in all.
    """
    if n <= 0:
        return IntervalResult(math.nan, _NAN_CI, 0, "Wilson score interval", confidence,
                              degenerate("no answers: no share to estimate"))
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie between 0 and n ({n}); got {successes}")
    low, high = wilson_bounds(successes, n, confidence)
    return IntervalResult(successes / n, ConfidenceInterval(float(low), float(high)), int(n),
                          "Wilson score interval", confidence)


def median_ci(values, confidence: float = 0.95) -> IntervalResult:
    """Distribution-free interval for the median from order statistics (binomial method).

    The interval [x(r), x(n-r+1)] covers the population median with probability
    1 - 2 P(B <= r-1), B ~ Binomial(n, 1/2); the largest r reaching ``confidence`` is used
    (Conover 1999, sec. 3.2; Campbell & Gardner, BMJ 1988; Nair 1940's table). Below six
    answers no such r exists for 95% (eight for 99%), and the interval is NaN with a reason.
    """
    x = np.sort(np.asarray(values, dtype=float))
    x = x[~np.isnan(x)]
    n = x.size
    method = "order statistics (binomial)"
    if n == 0:
        return IntervalResult(math.nan, _NAN_CI, 0, method, confidence, degenerate("no answers"))
    estimate = float(np.median(x))
    r = np.arange(1, n // 2 + 1)
    coverage = 1 - 2 * stats.binom.cdf(r - 1, n, 0.5)
    ok = r[coverage >= confidence - 1e-12]
    if ok.size == 0:
        # The widest interval [x(1), x(n)] covers with 1 - 2 / 2^n: 6 answers for 95%, 8 for 99%.
        needed = math.ceil(math.log2(2 / (1 - confidence)))
        return IntervalResult(estimate, _NAN_CI, n, method, confidence,
                              degenerate(f"{n} answers are too few for a {confidence:.0%} "
                                         f"distribution-free interval for the median (needs {needed})"))
    r_best = int(ok.max())
    return IntervalResult(estimate, ConfidenceInterval(float(x[r_best - 1]), float(x[n - r_best])),
                          n, method, confidence)


def bootstrap_mean_ci(values, *, confidence: float = 0.95, n_resamples: int = 9999,
                      seed: int = SEED) -> IntervalResult:
    """Bias-corrected and accelerated (BCa) bootstrap interval for the mean.

    Uses ``scipy.stats.bootstrap`` (vectorised, fixed seed, so reruns agree to the digit),
    which counts bootstrap means equal to the estimate half in the bias correction, as
    :func:`bca_bias_correction`. Efron & Tibshirani (1993), ch. 14. Constant answers give
    NaN with a reason.
    """
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    method = f"BCa bootstrap ({n_resamples} resamples, seed {seed})"
    if x.size < 2:
        return IntervalResult(float(x.mean()) if x.size else math.nan, _NAN_CI, int(x.size), method,
                              confidence, degenerate("fewer than 2 answers: no interval for the mean"))
    if np.all(x == x[0]):
        return IntervalResult(float(x[0]), _NAN_CI, int(x.size), method, confidence,
                              degenerate("all answers are the same: no interval for the mean"))
    res = stats.bootstrap((x,), np.mean, n_resamples=n_resamples, vectorized=True, axis=-1,
                          confidence_level=confidence, method="BCa", rng=np.random.default_rng(seed))
    ci = res.confidence_interval
    return IntervalResult(float(x.mean()), ConfidenceInterval(float(ci.low), float(ci.high)),
                          int(x.size), method, confidence)


def _multinomial_totals(v: np.ndarray, c: np.ndarray, n_resamples: int, seed: int) -> np.ndarray:
    """Sums of ``n_resamples`` multinomial resamples, drawn level by level as conditional
    binomials (one vectorised draw per level instead of one call per resample)."""
    rng = np.random.default_rng(seed)
    n = int(c.sum())
    left = np.full(n_resamples, n, dtype=np.int64)
    total = np.zeros(n_resamples)
    mass_left = 1.0
    p = c / n
    for j in range(v.size - 1):
        draw = rng.binomial(left, min(1.0, p[j] / mass_left)) if mass_left > 0 else np.zeros_like(left)
        total += draw * v[j]
        left -= draw
        mass_left -= p[j]
    total += left * v[-1]
    return total


def bca_bias_correction(theta_b: np.ndarray, estimate: float, *, tolerance: float = 0.0) -> float:
    """BCa bias correction z0 = Phi^-1 of the share of bootstrap estimates below the estimate,
    ties counted half (the mean of the "<" and "<=" shares, as ``scipy.stats.bootstrap``).

    Efron & Tibshirani (1993, eq. 14.14) count #{theta* < theta^} (so does R's
    ``boot::boot.ci(type = "bca")``), which assumes a continuous bootstrap distribution. The mean
    of answers on a five-point scale has atoms, one of them
    at the estimate itself (a quarter to a half of the resamples for small groups); counting
    only those strictly below pulls z0, and the whole interval, down: [5,5,4,4,4,3] gave
    [3.33, 4.5] instead of [3.57, 4.67], and [1, 5] put the mean on the interval's upper edge.
    ``tolerance`` (absolute) treats estimates that differ only by rounding as ties.
    """
    below = np.count_nonzero(theta_b < estimate - tolerance)
    at_most = np.count_nonzero(theta_b <= estimate + tolerance)
    return float(special.ndtri((below + at_most) / (2 * theta_b.size)))


def bootstrap_mean_ci_counts(levels, counts, *, confidence: float = 0.95, n_resamples: int = 9999,
                             seed: int = SEED) -> IntervalResult:
    """BCa bootstrap interval for the mean of answers on a few levels, given their counts.

    Resampling n answers with replacement from a sample on k levels is the same as drawing
    the k counts from Multinomial(n, observed shares), so the bootstrap distribution is drawn
    that way: O(resamples x k) work instead of O(resamples x n), which is what makes a
    10,000-respondent summary fast. The jackknife for the acceleration is exact on levels.
    Same BCa formulas as ``scipy.stats.bootstrap`` (Efron & Tibshirani 1993, eq. 14.9-14.15;
    ties at the estimate counted half, see :func:`bca_bias_correction`), and the same
    linear interpolation between ordered bootstrap means.
    """
    v = np.asarray(levels, dtype=float)
    c = np.asarray(counts, dtype=np.int64)
    keep = c > 0
    v, c = v[keep], c[keep]
    n = int(c.sum())
    method = f"BCa bootstrap ({n_resamples} resamples, seed {seed})"
    total = float((v * c).sum()) if n else math.nan
    mean = total / n if n else math.nan
    if n < 2:
        return IntervalResult(mean, _NAN_CI, n, method, confidence,
                              degenerate("fewer than 2 answers: no interval for the mean"))
    if v.size == 1:
        return IntervalResult(mean, _NAN_CI, n, method, confidence,
                              degenerate("all answers are the same: no interval for the mean"))
    totals = _multinomial_totals(v, c, n_resamples, seed)
    # Resample sums equal to the observed sum are ties even when the levels are decimals
    # and the two sums were added in a different order.
    z0 = bca_bias_correction(totals, total, tolerance=1e-9 * max(1.0, float((np.abs(v) * c).sum())))
    jack = (total - v) / (n - 1)  # the mean without one answer at each level
    jack_mean = (c * jack).sum() / n
    d = jack_mean - jack
    accel = (c * d ** 3).sum() / (6 * ((c * d ** 2).sum()) ** 1.5)
    alpha = (1 - confidence) / 2
    z = special.ndtri(np.array([alpha, 1 - alpha]))
    with np.errstate(divide="ignore", invalid="ignore"):
        shrink = 1 - accel * (z0 + z)
        adjusted = special.ndtr(z0 + (z0 + z) / shrink)
    if not (np.all(np.isfinite(adjusted)) and np.all(shrink > 0)):
        return IntervalResult(mean, _NAN_CI, n, method, confidence,
                              degenerate("the bootstrap distribution is degenerate: no interval"))
    low, high = np.percentile(totals / n, adjusted * 100)
    return IntervalResult(mean, ConfidenceInterval(float(low), float(high)), n, method, confidence)
