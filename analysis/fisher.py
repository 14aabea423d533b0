"""Fisher-Freeman-Halton p-values for tables with fixed margins: exact, or Monte Carlo when
exact computation would take too long.

The p-value is the probability, under independence with the observed margins, of a table
no more probable than the one observed (Freeman & Halton 1951), as R ``fisher.test``:
tables with probability up to p_obs * (1 + 1e-7) count, so ties survive rounding.

- Tables with two rows or two columns (an option chosen or not, by group: most tables of a
  consultation) are enumerated exactly. The tables are indexed by the counts of all but
  the largest group, so a consultation with a handful of Council and Secretariat answers
  costs a few thousand terms however many troop contributors answer.
- Other tables (and two-column tables too large to enumerate) get the exact p-value from
  the network algorithm of Mehta & Patel (:mod:`analysis.fisher_network`), which R
  ``fisher.test`` uses too, within a bound on its work.
- Beyond that bound the p-value is a Monte Carlo estimate, and says so: tables drawn with
  the observed margins by Patefield's (1981) algorithm (the one behind R ``r2dtable`` and
  ``fisher.test(simulate.p.value = TRUE)``), with a fixed seed, p = (1 + #{simulated at
  most as probable}) / (B + 1) as R does, and its standard error.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special, stats

from .fisher_network import MAX_NETWORK_WORK, network_pvalue
from .results import SEED

#: Largest number of tables enumerated exactly (about 16 MB of work arrays).
MAX_EXACT_TABLES = 1_000_000
#: Relative tolerance when comparing table probabilities, as R ``fisher.test`` (1 + 1e-7).
_LOG_TOLERANCE = np.log1p(1e-7)


@dataclass(frozen=True)
class FisherPValue:
    """Two-sided p-value, probability of the observed table, and how the p-value was found.

    ``method`` is "enumeration" or "network algorithm" (``exact`` true) or "Monte Carlo"
    (``exact`` false; ``standard_error`` is then the estimate's binomial standard error,
    sqrt(p (1 - p) / B), and ``n_resamples`` and ``seed`` say how it was drawn).
    """

    pvalue: float
    table_probability: float
    exact: bool
    n_resamples: int | None = None
    seed: int | None = None
    method: str = "enumeration"
    standard_error: float | None = None


def _log_choose(n: int) -> np.ndarray:
    """log C(n, k) for k = 0..n."""
    k = np.arange(n + 1)
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def _two_column_size(sizes: np.ndarray, s: int) -> float:
    """Bound on the tables the exact enumeration visits (all but the largest group vary)."""
    return float(np.prod(np.minimum(np.sort(sizes)[:-1], s) + 1.0))


def _exact_two_column(table: np.ndarray) -> FisherPValue:
    """Exact p-value of a table with two columns (groups in rows).

    With row totals n_i and first-column total s fixed, a table is the vector x of
    first-column counts, with probability prod C(n_i, x_i) / C(N, s) (multivariate
    hypergeometric). Every vector is built by adding one group at a time, pruning partial
    sums above s; the largest group takes what is left.
    """
    sizes = table.sum(axis=1).astype(np.int64)
    s = int(table[:, 0].sum())
    big = int(np.argmax(sizes))
    others = [i for i in range(sizes.size) if i != big]
    log_w = np.zeros(1)
    partial = np.zeros(1, dtype=np.int64)
    for i in others:
        x = np.arange(min(sizes[i], s) + 1)
        log_w = (log_w[:, None] + _log_choose(int(sizes[i]))[x][None, :]).ravel()
        partial = (partial[:, None] + x[None, :]).ravel()
        keep = partial <= s
        log_w, partial = log_w[keep], partial[keep]
    rest = s - partial
    keep = rest <= sizes[big]
    log_w = log_w[keep] + _log_choose(int(sizes[big]))[rest[keep]]
    n = int(sizes.sum())
    log_p = log_w - (special.gammaln(n + 1) - special.gammaln(s + 1) - special.gammaln(n - s + 1))
    observed = float(sum(_log_choose(int(sizes[i]))[int(table[i, 0])] for i in range(sizes.size))
                     - (special.gammaln(n + 1) - special.gammaln(s + 1) - special.gammaln(n - s + 1)))
    pvalue = float(np.exp(log_p[log_p <= observed + _LOG_TOLERANCE]).sum())
    return FisherPValue(min(1.0, pvalue), float(np.exp(observed)), True)


def _monte_carlo(table: np.ndarray, n_resamples: int, seed: int) -> FisherPValue:
    """Monte Carlo p-value over ``n_resamples`` tables with the observed margins.

    Only -sum(log x_ij!) varies between tables with the same margins, so tables are
    compared on that, through a lookup of log-factorials (one gather per draw).
    """
    rows = table.sum(axis=1).astype(np.int64)
    cols = table.sum(axis=0).astype(np.int64)
    n = int(rows.sum())
    log_fact = special.gammaln(np.arange(n + 1) + 1.0)
    drawn = stats.random_table(rows, cols, seed=np.random.default_rng(seed)).rvs(
        size=n_resamples, method="patefield")
    score = -log_fact[drawn].sum(axis=(1, 2))
    observed = -log_fact[table.astype(np.int64)].sum()
    hits = int(np.count_nonzero(score <= observed + _LOG_TOLERANCE))
    constant = (log_fact[rows].sum() + log_fact[cols].sum() - log_fact[n])
    pvalue = (1 + hits) / (n_resamples + 1)
    return FisherPValue(pvalue, float(np.exp(constant + observed)), False, n_resamples, seed, "Monte Carlo",
                        float(np.sqrt(pvalue * (1 - pvalue) / n_resamples)))


def _table_probability(table: np.ndarray) -> float:
    """Hypergeometric probability of the table given its margins."""
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    log_fact = special.gammaln(np.arange(int(rows.sum()) + 1) + 1.0)
    return float(np.exp(log_fact[rows].sum() + log_fact[cols].sum() - log_fact[rows.sum()]
                        - log_fact[table].sum()))


def fisher_freeman_halton(table, *, n_resamples: int = 9999, seed: int = SEED,
                          max_exact: int = MAX_EXACT_TABLES, max_work: int = MAX_NETWORK_WORK) -> FisherPValue:
    """Fisher-Freeman-Halton two-sided p-value of an r x c table of counts.

    Exact by enumeration when the table has two rows or two columns and at most
    ``max_exact`` tables need visiting; otherwise exact by the network algorithm when it
    needs at most ``max_work`` steps; otherwise a seeded Monte Carlo estimate (Patefield
    1981) with its standard error, so reruns agree. Freeman & Halton (1951), Biometrika
    38:141-149; Mehta & Patel (1983), JASA 78:427-434; Agresti (2002), sec. 3.5.
    """
    t = np.asarray(table)
    if t.ndim != 2 or min(t.shape) < 1 or (t < 0).any():
        raise ValueError("a contingency table must be a 2-D array of non-negative counts")
    t = np.rint(t).astype(np.int64)
    if t.shape[1] != 2 and t.shape[0] == 2:
        t = t.T
    if t.shape[1] == 2 and _two_column_size(t.sum(axis=1), int(t[:, 0].sum())) <= max_exact:
        return _exact_two_column(t)
    exact = network_pvalue(t, max_work=max_work)
    if exact is not None:
        return FisherPValue(exact, _table_probability(t), True, method="network algorithm")
    return _monte_carlo(t, n_resamples, seed)
