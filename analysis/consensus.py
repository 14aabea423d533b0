"""How far people agree: Tastle-Wierman consensus within a group, and agreement across groups.

Across groups the question is not "does the average agree?" but "does every group agree?"
(common ground) and "where do groups part ways?" (dividing lines), in the spirit of the
group-informed consensus of Polis (Small et al. 2021, Recerca 26(2)).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import special

from .multiplicity import holm_adjust
from .results import degenerate, magnitude

#: Cohen (1988) cut-offs for h.
COHEN_H_CUTS = (0.2, 0.5, 0.8)


@dataclass(frozen=True)
class ConsensusResult:
    """A consensus score in [0, 1]; NaN with ``reason`` when there is nothing to score."""

    statistic: float
    n: int
    method: str
    reason: str | None = None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"statistic": self.statistic, "n": self.n, "method": self.method,
                              "reason": self.reason}])


@dataclass(frozen=True)
class DivergenceResult:
    """The pair of groups whose shares agreeing differ most (``a`` the higher)."""

    a: str | None
    b: str | None
    difference: float
    effect_size: float
    effect_size_magnitude: str | None
    pvalue: float
    pvalue_adjusted: float
    method: str = "largest pairwise difference; Fisher's exact test, Holm-adjusted over pairs"
    reason: str | None = None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"a": self.a, "b": self.b, "difference": self.difference,
                              "cohens_h": self.effect_size, "magnitude": self.effect_size_magnitude,
                              "p_value": self.pvalue, "p_value_adjusted": self.pvalue_adjusted,
                              "reason": self.reason}])


@dataclass(frozen=True)
class Distinction:
    """A group's share agreeing against everyone else's (Fisher's exact test, 2x2)."""

    group: str
    share: float
    rest_share: float
    pvalue: float


def consensus_value(counts) -> float:
    """Tastle-Wierman consensus of a frequency vector as a plain float (NaN if empty)."""
    c = np.asarray(counts, dtype=float)
    n = c.sum()
    k = c.size
    if n <= 0 or k < 2:
        return math.nan
    p = c / n
    x = np.arange(1, k + 1)
    mu = (p * x).sum()
    used = p > 0
    return float(1 + (p[used] * np.log2(1 - np.abs(x[used] - mu) / (k - 1))).sum())


def tastle_wierman(counts) -> ConsensusResult:
    """Tastle & Wierman (2007) consensus: Cns = 1 + sum p_i log2(1 - |X_i - mu| / (k - 1)).

    ``counts`` are the answers on each of the k ordered levels (non-substantive answers
    left out). 1 when everyone gives the same answer, 0 when answers split evenly between
    the two extremes. Int. J. Approx. Reason. 45:531-545.
    """
    c = np.asarray(counts, dtype=float)
    method = "Tastle-Wierman consensus"
    if c.size < 2:
        return ConsensusResult(math.nan, int(c.sum()), method, degenerate("a scale needs at least 2 levels"))
    if c.sum() <= 0:
        return ConsensusResult(math.nan, 0, method, degenerate("no answers"))
    return ConsensusResult(consensus_value(c), int(c.sum()), method)


def group_informed_consensus(agree, n) -> ConsensusResult:
    """Group-informed consensus: geometric mean over groups of (agree + 1) / (n + 2).

    Each group's probability of agreeing is Laplace-smoothed, so one answer of one small
    group cannot make or break the score; the product over groups is normalised by taking
    its G-th root, so items compared by 2 and by 4 groups are on one scale. High only when
    every group agrees (Polis; Small et al. 2021).
    """
    a = np.asarray(agree, dtype=float)
    m = np.asarray(n, dtype=float)
    keep = m > 0
    method = "group-informed consensus (Laplace-smoothed, geometric mean over groups)"
    if keep.sum() == 0:
        return ConsensusResult(math.nan, 0, method, degenerate("no group has answers"))
    prob = (a[keep] + 1) / (m[keep] + 2)
    return ConsensusResult(float(np.exp(np.log(prob).mean())), int(m[keep].sum()), method)


def cohens_h(p1: float, p2: float) -> float:
    """Cohen's h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p2)) (Cohen 1988, ch. 6)."""
    return float(2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2)))


def _fisher_p(a1: float, n1: float, a2: float, n2: float) -> float:
    """Two-sided Fisher exact p of [[a1, n1-a1], [a2, n2-a2]]: the hypergeometric mass of
    tables no more probable than the observed one (relative tolerance 1e-7, as R's
    ``fisher.test``), summed in one vectorised pass."""
    total, k = n1 + n2, a1 + a2
    support = np.arange(max(0.0, k - n2), min(k, n1) + 1)
    logp = (special.gammaln(n1 + 1) - special.gammaln(support + 1) - special.gammaln(n1 - support + 1)
            + special.gammaln(n2 + 1) - special.gammaln(k - support + 1) - special.gammaln(n2 - k + support + 1)
            - special.gammaln(total + 1) + special.gammaln(k + 1) + special.gammaln(total - k + 1))
    observed = (special.gammaln(n1 + 1) - special.gammaln(a1 + 1) - special.gammaln(n1 - a1 + 1)
                + special.gammaln(n2 + 1) - special.gammaln(a2 + 1) - special.gammaln(n2 - a2 + 1)
                - special.gammaln(total + 1) + special.gammaln(k + 1) + special.gammaln(total - k + 1))
    pmf = np.exp(logp)
    return float(min(1.0, pmf[logp <= observed + np.log1p(1e-7)].sum()))


def divergence(agree, n, groups: Sequence[str]) -> DivergenceResult:
    """The largest pairwise difference in share agreeing, Cohen's h, and its Holm-adjusted p.

    Every pair of groups (with at least 2 answers each) is tested with Fisher's exact test;
    the Holm adjustment runs over all those pairs, since the largest difference was picked
    after looking at them all. The largest difference among the pairs that differ
    significantly is reported when there is one (a 100-point gap between two groups of two
    proves nothing, while a 80-point gap between groups of twelve does); otherwise the
    largest difference overall. Equal gaps go to the smaller p-value.
    """
    a = np.asarray(agree, dtype=float)
    m = np.asarray(n, dtype=float)
    idx = [i for i in range(len(groups)) if m[i] >= 2]
    if len(idx) < 2:
        return DivergenceResult(None, None, math.nan, math.nan, None, math.nan, math.nan,
                                reason=degenerate("fewer than 2 groups with 2 or more answers"))
    pairs = list(itertools.combinations(idx, 2))
    share = a / np.where(m > 0, m, 1)
    p = np.array([_fisher_p(a[i], m[i], a[j], m[j]) for i, j in pairs])
    p_adj = holm_adjust(p)
    diffs = np.array([abs(share[i] - share[j]) for i, j in pairs])
    candidates = np.flatnonzero(p_adj < 0.05)
    if candidates.size == 0:
        candidates = np.arange(len(pairs))
    best = int(min(candidates, key=lambda k: (-diffs[k], p[k])))
    i, j = pairs[best]
    if share[j] > share[i]:
        i, j = j, i
    h = cohens_h(share[i], share[j])
    return DivergenceResult(groups[i], groups[j], float(share[i] - share[j]), h,
                            magnitude(h, COHEN_H_CUTS), float(p[best]), float(p_adj[best]))


def distinctions(agree, n, groups: Sequence[str]) -> tuple[Distinction, ...]:
    """For each group: its share agreeing against all other groups pooled (Fisher's exact)."""
    a = np.asarray(agree, dtype=float)
    m = np.asarray(n, dtype=float)
    total_a, total_n = a.sum(), m.sum()
    out = []
    for i, code in enumerate(groups):
        rest_n = total_n - m[i]
        if m[i] < 1 or rest_n < 1:
            continue
        rest_a = total_a - a[i]
        out.append(Distinction(code, float(a[i] / m[i]), float(rest_a / rest_n),
                               _fisher_p(a[i], m[i], rest_a, rest_n)))
    return tuple(out)
