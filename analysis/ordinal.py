"""Rank tests for ordered answers (and numbers): Kruskal-Wallis, Mann-Whitney U, Dunn.

Ranks use every answer, with mid-ranks for ties; ties are the rule on a five-point scale,
so every statistic here is tie-corrected.
"""
from __future__ import annotations

import itertools
import math
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import special, stats

from .multiplicity import bh_adjust, holm_adjust
from .results import PairComparison, PairwiseResult, TestResult, degenerate, magnitude

#: Conventional cut-offs: epsilon-squared (Tomczak & Tomczak 2014, as used by rcompanion),
#: rank-biserial r (Cohen 1988 for r).
EPSILON_SQUARED_CUTS = (0.01, 0.08, 0.26)
RANK_BISERIAL_CUTS = (0.1, 0.3, 0.5)


def _samples(values, groups, order: Sequence[str] | None) -> tuple[list[str], list[np.ndarray]]:
    v = np.asarray(values, dtype=float)
    g = np.asarray(groups, dtype=object)
    ok = ~np.isnan(v) & pd.notna(g)
    # One factorisation and a stable sort split the answers by group (in first-seen order)
    # without building a DataFrame: this runs for every ordinal item of every summary.
    labels, uniques = pd.factorize(g[ok], sort=False)
    by_label = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[by_label], np.arange(len(uniques) + 1))
    pooled = v[ok][by_label]
    samples = {code: pooled[bounds[i]:bounds[i + 1]] for i, code in enumerate(uniques)}
    codes = list(order) if order is not None else list(uniques)
    kept = [c for c in codes if c in samples and samples[c].size > 0]
    return kept, [samples[c] for c in kept]


def _kruskal_h(pooled: np.ndarray, sizes: list[int]) -> tuple[float, float]:
    """Tie-corrected H and its chi-square p-value for samples laid end to end in ``pooled``.

    H = (12 / (N (N + 1)) sum R_i^2 / n_i - 3 (N + 1)) / (1 - sum(t^3 - t) / (N^3 - N))
    (Kruskal & Wallis 1952; R ``kruskal.test``). Written out because it runs for every
    ordinal item of a summary, where scipy's argument handling cost more than the sums.
    """
    big_n = pooled.size
    ranks = stats.rankdata(pooled)
    bounds = np.cumsum([0, *sizes])
    rank_sums = np.add.reduceat(ranks, bounds[:-1])
    h = 12.0 / (big_n * (big_n + 1)) * float((rank_sums ** 2 / np.asarray(sizes)).sum()) - 3.0 * (big_n + 1)
    _, ties = np.unique(pooled, return_counts=True)
    h /= 1.0 - float((ties ** 3 - ties).sum()) / (big_n ** 3 - big_n)
    return h, float(special.chdtrc(len(sizes) - 1, h))


def kruskal_wallis(values, groups, *, order: Sequence[str] | None = None) -> TestResult:
    """Kruskal-Wallis H test with tie correction, and epsilon-squared.

    H as in R ``kruskal.test`` and ``scipy.stats.kruskal`` (tie-corrected); effect size
    epsilon-squared = H (n + 1) / (n^2 - 1) = H / (n - 1) (Kelley 1935; Tomczak & Tomczak
    2014), the same number as rcompanion ``epsilonSquared`` (H / (n - 1)) and effectsize
    ``rank_epsilon_squared`` (H / ((n^2 - 1) / (n + 1))). Not rstatix's default
    ``kruskal_effsize`` (eta-squared[H] = (H - k + 1) / (n - k)).
    Parameters: ``values`` numeric answers, ``groups`` their group codes.
    """
    method = "Kruskal-Wallis H test (tie-corrected)"
    codes, samples = _samples(values, groups, order)
    n = int(sum(s.size for s in samples))
    if len(samples) < 2:
        return TestResult(method, n=n, effect_size_name="epsilon_squared",
                          reason=degenerate("fewer than 2 groups with answers: nothing to compare"))
    pooled = np.concatenate(samples)
    if np.all(pooled == pooled[0]):
        return TestResult(method, n=n, dof=len(samples) - 1, effect_size_name="epsilon_squared",
                          reason=degenerate("all answers are the same: no ranks to compare"))
    h, p = _kruskal_h(pooled, [s_.size for s_ in samples])
    eps = float(h * (n + 1) / (n * n - 1))
    return TestResult(method, float(h), float(p), len(samples) - 1, eps, "epsilon_squared",
                      magnitude(eps, EPSILON_SQUARED_CUTS), n)


def mann_whitney(x, y, *, alternative: str = "two-sided") -> TestResult:
    """Mann-Whitney U (Wilcoxon rank-sum) test with the rank-biserial correlation.

    As R ``wilcox.test``: exact p-value when both samples have fewer than 50 answers and
    there are no ties, otherwise the normal approximation with tie and continuity
    correction. ``statistic`` is U of ``x`` (R's W). Rank-biserial r = 2U/(n1 n2) - 1
    (Glass 1965; Kerby 2014), positive when ``x`` tends to be larger. ``alternative`` as in
    scipy and R (``two-sided``, ``less``, ``greater``).
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    n = int(a.size + b.size)
    if a.size == 0 or b.size == 0:
        return TestResult("Mann-Whitney U test", n=n, effect_size_name="rank_biserial",
                          reason=degenerate("one sample is empty: nothing to compare"))
    pooled = np.concatenate([a, b])
    if np.all(pooled == pooled[0]):
        return TestResult("Mann-Whitney U test", n=n, effect_size_name="rank_biserial",
                          reason=degenerate("all answers are the same: no ranks to compare"))
    tied = np.unique(pooled).size < pooled.size
    exact = not tied and a.size < 50 and b.size < 50
    res = stats.mannwhitneyu(a, b, alternative=alternative, use_continuity=True,
                             method="exact" if exact else "asymptotic")
    u = float(res.statistic)
    r = 2 * u / (a.size * b.size) - 1
    method = ("Mann-Whitney U test (exact)" if exact else
              "Mann-Whitney U test (normal approximation, tie and continuity corrected)")
    return TestResult(method, u, float(res.pvalue), None, r, "rank_biserial",
                      magnitude(r, RANK_BISERIAL_CUTS), n)


def dunn(values, groups, *, order: Sequence[str] | None = None, p_adjust: str = "holm") -> PairwiseResult:
    """Dunn's (1964) pairwise test of mean ranks after Kruskal-Wallis, tie-corrected.

    z = (mean rank i - mean rank j) / sqrt((N(N+1)/12 - sum(t^3 - t)/(12(N-1))) (1/n_i + 1/n_j)),
    two-sided p from the normal distribution; p-values adjusted with Holm (default) or
    Benjamini-Hochberg (``"bh"``) across all pairs, as FSA ``dunnTest``.
    """
    adjust = {"holm": ("Holm", holm_adjust), "bh": ("Benjamini-Hochberg", bh_adjust)}[p_adjust]
    method = "Dunn's test (tie-corrected)"
    codes, samples = _samples(values, groups, order)
    if len(samples) < 2:
        return PairwiseResult(method, adjust[0], (), degenerate("fewer than 2 groups with answers"))
    pooled = np.concatenate(samples)
    big_n = pooled.size
    if np.all(pooled == pooled[0]):
        return PairwiseResult(method, adjust[0], (), degenerate("all answers are the same: no ranks to compare"))
    ranks = stats.rankdata(pooled)
    _, ties = np.unique(pooled, return_counts=True)
    tie_term = (ties ** 3 - ties).sum() / (12 * (big_n - 1))
    bounds = np.cumsum([0] + [s.size for s in samples])
    mean_rank = [ranks[bounds[i]:bounds[i + 1]].mean() for i in range(len(samples))]
    sizes = [s.size for s in samples]
    pairs = list(itertools.combinations(range(len(samples)), 2))
    z = np.array([(mean_rank[i] - mean_rank[j]) /
                  math.sqrt((big_n * (big_n + 1) / 12 - tie_term) * (1 / sizes[i] + 1 / sizes[j]))
                  for i, j in pairs])
    p = 2 * special.ndtr(-np.abs(z))
    p_adj = adjust[1](p)
    return PairwiseResult(method, adjust[0], tuple(
        PairComparison(codes[i], codes[j], float(zv), float(pv), float(pa))
        for (i, j), zv, pv, pa in zip(pairs, z, p, p_adj)))
