"""Where the groups meet and where they part: common ground, dividing lines, and a
scorecard per discussion question (q1 ... q6).

The lists compare the *headline* groups (the institutional groups when comparing by
respondent group; a catch-all such as "Other" is never weighed, see
:data:`analysis.comparison.CATCH_ALL`), and only statements on an opinion scale (not a
``sequence`` of stages). A common-ground entry records which groups it counted and which
were too small to count, so that no reader is told "every group" when one was left out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from surveys.model import Instrument

from .items import ItemSummary

#: An item counts as differing between groups when its summary-wide q-value is below this.
DIFFER_Q = 0.05


@dataclass(frozen=True)
class Finding:
    """An item (or one option of it) on the common-ground or dividing-lines list."""

    item: str
    question: str | None
    score: float
    option: str | None = None
    a: str | None = None
    b: str | None = None
    pvalue_adjusted: float | None = None
    #: Common ground: the groups whose majority was counted (2 or more answers each), and the
    #: headline groups with fewer answers that could not count.
    counted: tuple[str, ...] = ()
    too_few: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionGroup:
    """One group's view of one question: net agreement (share agreeing minus share
    disagreeing, mean over ordinal items, -1 to 1), mean Tastle-Wierman consensus,
    items answered, and number of comments."""

    direction: float | None
    consensus: float | None
    n_items: int
    n_comments: int


@dataclass(frozen=True)
class QuestionCard:
    groups: Mapping[str, QuestionGroup]
    n_items_differ: int


def _statements(items: Sequence[ItemSummary], headline: Sequence[str] | None = None):
    """Each ordinal item on an opinion scale, and each option of a select item, as one
    agree/disagree statement: (item, option, consensus, divergence, {group: (share, n)} of
    the headline groups, summary-wide q of its omnibus test or None when no test ran)."""
    for it in items:
        weighed = [g for g in (headline if headline is not None else it.groups) if g in it.groups]
        if it.kind == "ordinal" and it.scale != "sequence":
            shares = {g: (it.groups[g].agree_share, it.groups[g].n) for g in weighed}
            q = it.qvalue if it.test is not None else None
            yield it, None, it.group_consensus, it.divergence, shares, q
        elif it.kind in ("nominal", "multiple"):
            for opt in it.options:
                shares = {g: (opt.groups[g].share, opt.groups[g].n) for g in weighed if g in opt.groups}
                q = opt.summary_qvalue if opt.test is not None else None
                yield it, opt.option, opt.group_consensus, opt.divergence, shares, q


def common_ground(items: Sequence[ItemSummary], headline: Sequence[str] | None = None) -> tuple[Finding, ...]:
    """Statements a majority of each counted group agrees with, ranked by group-informed
    consensus. Counted: the headline groups with 2 or more answers (at least 2 of them);
    the others are named in ``too_few``."""
    found = []
    for it, option, gic, _, shares, _q in _statements(items, headline):
        counted = tuple(g for g, (_s, n) in shares.items() if n >= 2)
        if gic is None or len(counted) < 2 or min(shares[g][0] for g in counted) <= 0.5:
            continue
        found.append(Finding(it.item, it.question, gic, option, counted=counted,
                             too_few=tuple(g for g in shares if g not in counted)))
    return tuple(sorted(found, key=lambda f: (-f.score, f.item, f.option or "")))


def dividing_lines(items: Sequence[ItemSummary], headline: Sequence[str] | None = None) -> tuple[Finding, ...]:
    """Statements on which groups differ significantly, ranked by the largest pairwise gap in
    share agreeing: the omnibus test across groups has a summary-wide q-value below 0.05 and
    the pair's exact test a Holm-adjusted p below 0.05 (a post-hoc pair only after a
    significant omnibus test, so a dividing line never contradicts the item's own verdict).

    A large gap between two small groups that the tests cannot confirm is not listed: the
    chair's letter must not claim a difference the data do not support.
    """
    found = [Finding(it.item, it.question, div.difference, option, div.a, div.b, div.pvalue_adjusted)
             for it, option, _, div, _, q in _statements(items, headline)
             if q is not None and q < DIFFER_Q
             and div is not None and div.pvalue_adjusted is not None and div.pvalue_adjusted < DIFFER_Q]
    return tuple(sorted(found, key=lambda f: (-f.score, f.item, f.option or "")))


def _differs(it: ItemSummary) -> bool:
    if it.test is not None and it.qvalue < DIFFER_Q:
        return True
    return any(o.test is not None and o.summary_qvalue < DIFFER_Q for o in it.options)


def question_cards(instrument: Instrument, items: Sequence[ItemSummary],
                   groups: Sequence[str]) -> dict[str, QuestionCard]:
    """Roll the items under each question into one line per group."""
    cards = {}
    for question in instrument.questions:
        mine = [it for it in items if it.question == question.name]
        per_group = {}
        for g in groups:
            ordinal = [it.groups[g] for it in mine if it.kind == "ordinal" and it.groups[g].n > 0]
            net = [s.agree_share - s.disagree_share for s in ordinal
                   if s.agree_share is not None and s.disagree_share is not None]
            cons = [s.consensus for s in ordinal if s.consensus is not None and not math.isnan(s.consensus)]
            per_group[g] = QuestionGroup(
                float(np.mean(net)) if net else None, float(np.mean(cons)) if cons else None,
                sum(1 for it in mine if it.kind != "text" and it.groups[g].n > 0),
                sum(it.groups[g].n for it in mine if it.kind == "text"))
        cards[question.name] = QuestionCard(per_group, sum(_differs(it) for it in mine))
    return cards
