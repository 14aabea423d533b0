"""Tests of independence for counts: chi-square with bias-corrected Cramer's V, Fisher's exact.

Tables have groups in rows and answer options in columns. The chi-square approximation
is used only when Cochran's (1954) rule holds (no expected count below 1, at most 20% below
5); otherwise an exact test is used and the result says so.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

from .fisher import fisher_freeman_halton
from .results import SEED, TestResult, degenerate, magnitude

#: Cohen (1988) cut-offs for Cramer's V by min(rows, columns) - 1 (1, 2, 3, 4, 5+).
_CRAMER_CUTS = {1: (0.10, 0.30, 0.50), 2: (0.07, 0.21, 0.35), 3: (0.06, 0.17, 0.29),
                4: (0.05, 0.15, 0.25), 5: (0.04, 0.13, 0.22)}


def _clean(table) -> np.ndarray:
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or (t < 0).any() or not np.all(np.isfinite(t)):
        raise ValueError("a contingency table must be a 2-D array of non-negative counts")
    # Groups or options nobody is in carry no information and would break expected counts.
    return t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]


def _pearson(t: np.ndarray, *, yates: bool = False) -> tuple[float, np.ndarray]:
    """Pearson's X^2 of a cleaned table and its expected counts; with ``yates`` on a 2x2
    table, each |O - E| shrunk by min(0.5, |O - E|) as R ``chisq.test`` (and scipy's
    ``chi2_contingency``). Written out because it runs for every table of a summary."""
    expected = np.outer(t.sum(axis=1), t.sum(axis=0)) / t.sum()
    gap = np.abs(t - expected)
    if yates and t.shape == (2, 2):
        gap = gap - np.minimum(0.5, gap)
    return float((gap * gap / expected).sum()), expected


def cramers_v_bias_corrected(table, *, bias_correct: bool = True) -> float:
    """Bias-corrected Cramer's V (Bergsma 2013, J. Korean Stat. Soc. 42:323-328).

    Computed from the Pearson chi-square without continuity correction, as rcompanion
    ``cramerV(..., bias.correct = TRUE)``; ``bias_correct=False`` gives the classic V.
    """
    t = _clean(table)
    r, k = t.shape
    n = t.sum()
    if r < 2 or k < 2 or n < 2:
        return math.nan
    chi2 = _pearson(t)[0]
    if not bias_correct:
        return math.sqrt(chi2 / n / (min(r, k) - 1))
    phi2 = max(0.0, chi2 / n - (k - 1) * (r - 1) / (n - 1))
    r_corr = r - (r - 1) ** 2 / (n - 1)
    k_corr = k - (k - 1) ** 2 / (n - 1)
    denom = min(k_corr - 1, r_corr - 1)
    return math.sqrt(phi2 / denom) if denom > 0 else math.nan


def cochran_rule_holds(table) -> bool:
    """True when no expected count is below 1 and at most 20% are below 5 (Cochran 1954)."""
    return _cochran(_pearson(_clean(table))[1])


def _cochran(expected: np.ndarray) -> bool:
    return bool(expected.min() >= 1 and (expected < 5).mean() <= 0.2)


def _degenerate_reason(t: np.ndarray) -> str | None:
    if t.shape[0] < 2:
        return "fewer than 2 groups with answers: nothing to compare"
    if t.shape[1] < 2:
        return "everyone gave the same answer: nothing to compare"
    return None


def _effect(t: np.ndarray) -> tuple[float, str | None]:
    v = cramers_v_bias_corrected(t)
    return v, magnitude(v, _CRAMER_CUTS[min(min(t.shape) - 1, 5)])


def chi_square_independence(table) -> TestResult:
    """Pearson chi-square test of independence, with bias-corrected Cramer's V.

    Yates' continuity correction on 2x2 tables, as R ``chisq.test`` by default. The
    result's ``reason`` warns when Cochran's rule fails (use :func:`fisher_exact_test`).
    """
    t = _clean(table)
    method = "Pearson chi-square test of independence"
    if (why := _degenerate_reason(t)) is not None:
        return TestResult(method, effect_size_name="cramers_v_bias_corrected", n=int(t.sum()),
                          reason=degenerate(why))
    chi2, expected = _pearson(t, yates=True)
    dof = (t.shape[0] - 1) * (t.shape[1] - 1)
    if t.shape == (2, 2):
        method += " (Yates' continuity correction)"
    v, size = _effect(t)
    caveat = None if _cochran(expected) else "expected counts too small for the chi-square approximation"
    return TestResult(method, chi2, float(special.chdtrc(dof, chi2)), dof, v, "cramers_v_bias_corrected", size,
                      int(t.sum()), reason=caveat)


def fisher_exact_test(table, *, n_resamples: int = 9999, seed: int = SEED) -> TestResult:
    """Fisher's exact test; for tables larger than 2x2 the Fisher-Freeman-Halton test.

    2x2: exact hypergeometric p-value (tables up to p_obs * (1 + 1e-7) count, as R),
    ``statistic`` the sample odds ratio (R ``fisher.test`` reports the conditional MLE
    instead; p-values agree). Larger tables
    (see :func:`analysis.fisher.fisher_freeman_halton`): the exact p-value, by enumeration
    when the table has two rows or two columns and by the network algorithm otherwise, as
    R ``fisher.test``; ``statistic`` is then the probability of the observed table. When
    the exact computation would pass its bound on work, the p-value is a Monte Carlo
    estimate over tables with the observed margins (Patefield 1981, fixed seed so reruns
    agree, as R ``fisher.test(simulate.p.value = TRUE)``): the method says "Monte Carlo",
    ``pvalue_standard_error`` holds its standard error and ``reason`` says it in words.
    Effect size: bias-corrected Cramer's V.
    """
    t = _clean(table)
    if (why := _degenerate_reason(t)) is not None:
        return TestResult("Fisher's exact test", effect_size_name="cramers_v_bias_corrected",
                          n=int(t.sum()), reason=degenerate(why))
    counts = t.astype(np.int64)
    v, size = _effect(t)
    ffh = fisher_freeman_halton(counts, n_resamples=n_resamples, seed=seed)
    if t.shape == (2, 2):
        # The p-value from the same enumeration as larger tables, with R's tolerance for
        # ties (scipy's own uses 1e-14); scipy for the sample odds ratio.
        return TestResult("Fisher's exact test", float(stats.fisher_exact(counts).statistic), ffh.pvalue, None, v,
                          "cramers_v_bias_corrected", size, int(t.sum()))
    if ffh.exact:
        return TestResult("Fisher-Freeman-Halton exact test (exact enumeration)", ffh.table_probability,
                          ffh.pvalue, None, v, "cramers_v_bias_corrected", size, int(t.sum()))
    note = (f"Monte Carlo estimate of the p-value, not exact: standard error {ffh.standard_error:.2g} "
            f"from {n_resamples} random tables with the observed margins (the exact computation "
            f"would take too long)")
    return TestResult(f"Fisher-Freeman-Halton test (Monte Carlo, {n_resamples} tables, seed {seed})",
                      ffh.table_probability, ffh.pvalue, None, v, "cramers_v_bias_corrected", size, int(t.sum()),
                      reason=note, pvalue_standard_error=ffh.standard_error)


def independence_test(table, *, n_resamples: int = 9999, seed: int = SEED) -> TestResult:
    """Chi-square when Cochran's rule holds, else Fisher's exact test; ``method`` says which."""
    t = _clean(table)
    if _degenerate_reason(t) is None and not cochran_rule_holds(t):
        return fisher_exact_test(t, n_resamples=n_resamples, seed=seed)
    return chi_square_independence(t)
