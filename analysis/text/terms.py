"""Distinctive terms by group: the weighted log-odds ratio with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words: Lexical Feature Selection and Evaluation
for Identifying the Content of Political Conflict", Political Analysis 16(4): 372-403,
section 3.5.2. For term ``w``, group ``i`` and the rest ``j``, with counts ``y``, totals
``n`` and prior ``alpha_w`` summing to ``alpha_0``:

    delta_w = log((y_wi + a_w) / (n_i + a_0 - y_wi - a_w)) - log((y_wj + a_w) / (n_j + a_0 - y_wj - a_w))
    var(delta_w) ≈ 1 / (y_wi + a_w) + 1 / (y_wj + a_w)          z_w = delta_w / sqrt(var)

The prior shrinks the log-odds of rare terms toward the background, so a word used once by
a group of three is not "distinctive" merely because its share is large; the z-score ranks
terms by how surely they set the group apart. Here the background is every comment of the
wave (all questions) and ``alpha_w = alpha_0 * f_w`` with ``f_w`` the term's share of the
background; ``alpha_0`` defaults to the number of term occurrences compared, a prior worth
as much as the data.

Counts are comments using a term (a term counts once per comment), so a single long
comment cannot make a term a group's own; the comments that contain each term are listed.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .comments import Comment
from .tokens import terms as comment_terms

METHOD = "weighted log-odds ratio, informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)"
#: ``TermsResult.reason`` when the comments hold a single term: nothing to weigh it against.
ONE_TERM = "the comments hold a single term: there is nothing to weigh it against"


@dataclass(frozen=True)
class LogOddsResult:
    """Per term: ``delta`` (log-odds ratio, group against rest), its ``variance`` and ``zscore``."""

    delta: np.ndarray
    variance: np.ndarray
    zscore: np.ndarray


def log_odds_dirichlet(counts: Sequence[float] | np.ndarray, counts_rest: Sequence[float] | np.ndarray,
                       prior: Sequence[float] | np.ndarray
                       ) -> LogOddsResult:
    """Monroe et al. (2008) eq. 16 and 18-19: weighted log-odds of each term, group against rest.

    ``counts``, ``counts_rest`` and ``prior`` are aligned per term; every prior value must be
    positive (a term the prior has never seen cannot be estimated).
    """
    y_i, y_j, a = (np.asarray(x, dtype=float) for x in (counts, counts_rest, prior))
    if (a <= 0).any():
        raise ValueError("every prior value must be positive")
    n_i, n_j, a0 = y_i.sum(), y_j.sum(), a.sum()
    delta = np.log((y_i + a) / (n_i + a0 - y_i - a)) - np.log((y_j + a) / (n_j + a0 - y_j - a))
    variance = 1.0 / (y_i + a) + 1.0 / (y_j + a)
    return LogOddsResult(delta, variance, delta / np.sqrt(variance))


@dataclass(frozen=True)
class DistinctiveTerm:
    """A term more (positive z) or less (negative z) used by ``group`` than by the others."""

    term: str
    group: str
    count: int          # comments of the group using the term
    count_rest: int     # comments of the other groups using it
    delta: float
    zscore: float
    comments: tuple[tuple[str, str], ...]  # (respondent, item) of the group's comments using it


@dataclass(frozen=True)
class TermsResult:
    """Distinctive terms of each group of some comments (one question's, usually)."""

    by: str
    groups: Mapping[str, int]          # comments per group
    tokens: Mapping[str, int]          # term occurrences counted per group
    alpha0: float
    terms: tuple[DistinctiveTerm, ...]  # by group, then z-score, highest first
    method: str = METHOD
    reason: str | None = None

    def top(self, group: str, k: int = 10, *, min_count: int = 2) -> list[DistinctiveTerm]:
        """The ``k`` terms that most set ``group`` apart (positive z), each used in at least
        ``min_count`` of its comments (a term of one comment is an anecdote, not a pattern)."""
        found = [t for t in self.terms if t.group == group and t.zscore > 0 and t.count >= min_count]
        return found[:k]

    @property
    def single_term(self) -> bool:
        """True when the comments hold a single term, so there is nothing to weigh it against."""
        return self.reason == ONE_TERM

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"term": t.term, "group": t.group, "count": t.count, "count_rest": t.count_rest,
                              "delta": t.delta, "zscore": t.zscore, "n_comments": len(t.comments)}
                             for t in self.terms],
                            columns=["term", "group", "count", "count_rest", "delta", "zscore", "n_comments"])

    def to_dict(self, k: int = 15, *, audience=None) -> dict:
        """The JSON of ``python -m analysis terms``: per group the ``k`` terms ``audience`` (an
        :class:`analysis.present.disclosure.Audience`; default the secretariat) may see, as
        :func:`analysis.present.comments.terms_by_group` lists them; the comments behind a term
        are named for the secretariat only."""
        from analysis.present.comments import terms_by_group
        from analysis.present.disclosure import SECRETARIAT

        audience = audience or SECRETARIAT
        listed = terms_by_group(self, audience, k)
        return {"by": self.by, "method": self.method, "alpha0": self.alpha0, "reason": self.reason,
                "groups": {g: {"comments": self.groups[g], "tokens": self.tokens.get(g, 0)} for g in listed},
                "terms": {g: [{"term": t.term, "count": t.count, "count_rest": t.count_rest,
                               "delta": _finite(t.delta), "zscore": _finite(t.zscore),
                               **({"comments": [{"respondent": r, "item": i} for r, i in t.comments]}
                                  if audience.sees_everything else {})}
                              for t in terms] for g, terms in listed.items()}}


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _presence(comments: Iterable[Comment]) -> list[tuple[Comment, set[str]]]:
    return [(c, set(comment_terms(c.text, c.language))) for c in comments]


def distinctive_terms(comments: Sequence[Comment], *, background: Sequence[Comment] | None = None,
                      alpha0: float | None = None, groups: Sequence[str] | None = None, by: str = "group"
                      ) -> TermsResult:
    """Every term's weighted log-odds z-score for each group against the other groups.

    Parameters
    ----------
    comments : sequence of Comment
        The comments compared (usually one question's), each with its ``group``.
    background : sequence of Comment, optional
        The corpus the prior is taken from (default: ``comments``); it is extended by
        ``comments`` so every counted term has a positive prior.
    alpha0 : float, optional
        Total prior weight (default: the number of term occurrences compared).
    groups : sequence of str, optional
        Group order (default: order of first appearance).
    by : str
        The compare-by variable the groups belong to (reported with the result).
    """
    present = _presence(comments)
    order = list(groups) if groups is not None else list(dict.fromkeys(c.group for c in comments))
    sizes = {g: sum(1 for c, _ in present if c.group == g) for g in order}
    by_group: dict[str, Counter] = {g: Counter() for g in order}
    users: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for comment, found in present:
        if comment.group not in by_group:
            continue
        by_group[comment.group].update(found)
        for term in found:
            users.setdefault((comment.group, term), []).append(comment.key)
    tokens = {g: sum(c.values()) for g, c in by_group.items()}
    total: Counter[str] = Counter()
    for counter in by_group.values():
        total.update(counter)
    if len([g for g in order if sizes[g]]) < 2 or not total:
        return TermsResult(by, sizes, tokens, math.nan, (), reason="fewer than two groups with comments: "
                                                                   "nothing to compare")
    if len(total) < 2:  # one term in all: its odds against "the other terms" are undefined
        return TermsResult(by, sizes, tokens, math.nan, (), reason=ONE_TERM)
    seen = {id(c) for c in comments}
    prior_counts = Counter(total)
    for _, found in _presence(c for c in (background or ()) if id(c) not in seen):
        prior_counts.update(t for t in found if t in total)
    vocabulary = sorted(total)
    weight = float(alpha0) if alpha0 is not None else float(sum(total.values()))
    background_total = sum(prior_counts[t] for t in vocabulary)
    prior = np.array([prior_counts[t] for t in vocabulary], dtype=float) * weight / background_total
    found_terms: list[DistinctiveTerm] = []
    for g in order:
        if not sizes[g]:
            continue
        y_i = np.array([by_group[g][t] for t in vocabulary], dtype=float)
        y_j = np.array([total[t] for t in vocabulary], dtype=float) - y_i
        result = log_odds_dirichlet(y_i, y_j, prior)
        ranked = sorted(range(len(vocabulary)), key=lambda k: (-result.zscore[k], vocabulary[k]))
        found_terms.extend(DistinctiveTerm(vocabulary[k], g, int(y_i[k]), int(y_j[k]), float(result.delta[k]),
                                           float(result.zscore[k]), tuple(users.get((g, vocabulary[k]), ())))
                           for k in ranked)
    return TermsResult(by, sizes, tokens, weight, tuple(found_terms))
