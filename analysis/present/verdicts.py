"""What a result means: the one set of rules every sentence, mark and table follows.

* **Groups differ** only when a test ran and its *summary-wide* q-value (Benjamini–Hochberg
  over every omnibus test of the summary: ``ItemSummary.qvalue`` for an item,
  ``OptionSummary.summary_qvalue`` for an option of a multiple-choice item) is below
  :data:`ALPHA`. The within-item q of an option is never the basis of a claim.
* **A pair of groups is named** only after that, and only when the pair's own
  Holm-adjusted p-value is below :data:`ALPHA`: for shares (agreement scales, options) the
  largest-gap pair of the engine's ``divergence`` (Fisher's exact test, Holm over the
  pairs), with that pair's own Cohen's h; for medians (numeric items, sequences) the Dunn
  pair with the smallest Holm-adjusted p, which has no effect size of its own.
* **Marks** (the Compare heatmap) go to the groups of the named pair, and only those.
* Non-significance is never read as absence: it is reported as "not shown", with its q.

Pure functions of the frozen :class:`analysis.summary.Summary`'s items; no wording here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from analysis.scorecard import DIFFER_Q

from .scales import is_opinion

#: Below this summary-wide q (and Holm-adjusted pair p) a difference is claimed.
ALPHA = DIFFER_Q

DIFFER, NOT_SHOWN, NOT_TESTED = "differ", "not_shown", "not_tested"


def _finite(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else None


@dataclass(frozen=True)
class Pair:
    """Two groups compared on their own: ``a`` the higher. ``supported`` when the pair's
    Holm-adjusted p is below ALPHA; ``effect_size`` is Cohen's h for shares, None for Dunn."""

    a: str
    b: str
    pvalue_adjusted: float | None
    supported: bool
    method: str  # "fisher" (shares) or "dunn" (medians)
    difference: float | None = None
    effect_size: float | None = None
    magnitude: str | None = None


@dataclass(frozen=True)
class Verdict:
    """What the tests say about one item or option.

    ``status`` is :data:`DIFFER`, :data:`NOT_SHOWN` or :data:`NOT_TESTED`; ``q`` the
    summary-wide q-value; ``pair`` the pair a sentence may name (only when ``status`` is
    DIFFER and the pair is supported) and ``largest`` the pair with the largest gap whatever
    its p (reported as not shown when it is not supported); ``reason`` the engine's words
    when no test ran.
    """

    status: str
    q: float | None = None
    pvalue: float | None = None
    test: Any = None
    pair: Pair | None = None
    largest: Pair | None = None
    reason: str | None = None

    @property
    def differs(self) -> bool:
        return self.status == DIFFER


def _share_pair(div: Any) -> Pair | None:
    if div is None or div.a is None:
        return None
    p = _finite(div.pvalue_adjusted)
    return Pair(div.a, div.b, p, p is not None and p < ALPHA, "fisher", _finite(div.difference),
                _finite(div.effect_size), div.effect_size_magnitude)


def _median_pair(item: Any) -> Pair | None:
    """The Dunn (or Mann–Whitney) pair with the smallest adjusted p, higher median first."""
    pairs = [p for p in item.pairwise if _finite(p.pvalue_adjusted) is not None]
    if not pairs:
        return None
    best = min(pairs, key=lambda p: (p.pvalue_adjusted, p.a, p.b))
    a, b = best.a, best.b
    ma, mb = (_finite(item.groups[g].median) if g in item.groups else None for g in (a, b))
    if ma is not None and mb is not None and mb > ma:
        a, b = b, a
    p = float(best.pvalue_adjusted)
    return Pair(a, b, p, p < ALPHA, "dunn")


def _verdict(test: Any, q_value: float, reason: str | None, largest: Pair | None) -> Verdict:
    q = _finite(q_value)
    if test is None or q is None:
        return Verdict(NOT_TESTED, reason=reason, largest=largest)
    p = _finite(test.pvalue)
    if q >= ALPHA:
        return Verdict(NOT_SHOWN, q, p, test, None, largest, reason)
    pair = largest if largest is not None and largest.supported else None
    return Verdict(DIFFER, q, p, test, pair, largest, reason)


def item_verdict(item: Any) -> Verdict:
    """The verdict on an item's own test (ordinal, nominal, numeric). A multiple-choice item
    has no test of its own: see :func:`option_verdict` and :func:`any_differs`."""
    if item.kind in ("ordinal", "numeric") and not is_opinion(item):
        largest = _median_pair(item)  # numbers and sequences compare medians
    elif item.kind == "nominal":
        largest = _share_pair(item.divergence)
    elif item.kind == "ordinal":
        largest = _share_pair(item.divergence)
    else:
        largest = None
    return _verdict(item.test, item.qvalue, item.test_reason, largest)


def option_verdict(option: Any) -> Verdict:
    """The verdict on one option of a multiple-choice item: its summary-wide q decides."""
    return _verdict(option.test, option.summary_qvalue, option.test_reason, _share_pair(option.divergence))


def nominal_pair_option(item: Any) -> str | None:
    """The option a nominal item's named pair is about (the engine's ``divergence_option``)."""
    return item.divergence_option


def any_differs(item: Any) -> bool:
    """The item counts as one where groups differ: its test, or (multiple choice) any option's."""
    if item.kind == "multiple":
        return any(option_verdict(o).differs for o in item.options)
    return item_verdict(item).differs


def tested(item: Any) -> bool:
    if item.kind == "multiple":
        return any(option_verdict(o).status != NOT_TESTED for o in item.options)
    return item_verdict(item).status != NOT_TESTED


def marked_groups(item: Any) -> frozenset[str]:
    """The groups the Compare heatmap marks for ``item``: the named pair, nothing else."""
    verdict = item_verdict(item) if item.kind != "multiple" else None
    if verdict is None or not verdict.differs or verdict.pair is None:
        return frozenset()
    return frozenset({verdict.pair.a, verdict.pair.b})


def dividing_line_q(item: Any, option: str | None) -> float | None:
    """The summary-wide q behind a statement: the option's own test (multiple choice), else the item's."""
    for o in item.options:
        if option is not None and o.option == option and o.test is not None:
            return _finite(o.summary_qvalue)
    return _finite(item.qvalue) if item.test is not None else None
