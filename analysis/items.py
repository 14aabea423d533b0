"""One item, summarised by group: descriptives for every kind, the test between groups,
post-hoc pairs, and agreement across groups.

Small samples are handled here, once: a group with fewer than 2 answers gets descriptives
only, and no comparison is run unless at least 2 groups have 2 or more answers. Every skip
carries a reason in words, and the reason is the true one: a group nobody in which
responded, a group whose respondents left the item blank and a group that answered only
"Don't know" are told apart, and so are an item nobody answered and an option nobody chose.
The presentation layer (:mod:`analysis.present`) words these reasons in every language.

Agreement across groups (group-informed consensus, the largest pairwise gap) weighs the
*headline* groups only: every group but a catch-all such as "Other" (see
:data:`analysis.comparison.CATCH_ALL`). A ``sequence`` scale (ordered stages in time) has no
upper answers to agree with, so it gets no share agreeing and no agreement statements.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from surveys.model import Instrument, Item

from .consensus import (
    Distinction,
    DivergenceResult,
    consensus_value,
    distinctions,
    divergence,
    group_informed_consensus,
)
from .intervals import bootstrap_mean_ci, bootstrap_mean_ci_counts, median_ci, wilson_bounds
from .multiplicity import bh_adjust
from .nominal import independence_test
from .ordinal import dunn, kruskal_wallis, mann_whitney
from .results import ConfidenceInterval, PairComparison, TestResult

FEW = "fewer than 2 answers: descriptives only"
#: Why a group has no descriptives: nobody in it responded at all; its respondents left the
#: item blank; they answered only with non-substantive choices such as "Don't know".
NO_RESPONDENTS = "no respondents in this group"
NO_ANSWERS = "no answers"
ONLY_MISSING = "only non-substantive answers (such as Don't know)"
#: Why an item (or option) was not compared between groups.
NOT_RUN = "comparison not run: "
TOO_FEW_GROUPS = NOT_RUN + "fewer than 2 groups have 2 or more answers"
NOBODY_ANSWERED = NOT_RUN + "nobody answered this item"
ONLY_MISSING_ITEM = NOT_RUN + "every answer was non-substantive (such as Don't know)"
NOBODY_CHOSE = NOT_RUN + "nobody chose this option"
EVERYONE_CHOSE = NOT_RUN + "every respondent chose this option"
PER_OPTION = "tested option by option (see options)"
#: Bootstrap resamples per group in a summary: enough for a stable BCa interval
#: (Efron & Tibshirani 1993 suggest 1,000-2,000) while keeping a summary interactive.
SUMMARY_RESAMPLES = 1999


@dataclass(frozen=True)
class Level:
    """One answer option as the summary shows it; ``rank`` is its scale position (ordinal only)."""

    name: str
    labels: Mapping[str, str]
    missing: bool
    rank: int | None = None


@dataclass(frozen=True)
class GroupStats:
    """One group's answers to one item. Fields that do not apply to the item's kind are None."""

    n: int
    missing: int
    counts: Mapping[str, int] | None = None
    shares: Mapping[str, float] | None = None
    median: float | None = None
    iqr: float | None = None
    quartiles: ConfidenceInterval | None = None
    mean: float | None = None
    sd: float | None = None
    agree_share: float | None = None
    agree_ci95: ConfidenceInterval | None = None
    disagree_share: float | None = None
    median_ci95: ConfidenceInterval | None = None
    mean_ci95: ConfidenceInterval | None = None
    consensus: float | None = None
    reason: str | None = None
    #: Why an interval is missing although the group answered (e.g. too few for the median's).
    notes: tuple[str, ...] = ()


def _interval_notes(*results) -> tuple[str, ...]:
    return tuple(r.reason for r in results if r.reason)


@dataclass(frozen=True)
class OptionGroup:
    n: int
    selected: int
    share: float
    ci95: ConfidenceInterval


@dataclass(frozen=True)
class OptionSummary:
    """One option of a select item: share choosing it per group, and its own test."""

    option: str
    label: Mapping[str, str]
    groups: Mapping[str, OptionGroup]
    test: TestResult | None = None
    test_reason: str | None = None
    qvalue: float = math.nan          # BH over the options of this item
    summary_qvalue: float = math.nan  # BH over every omnibus test of the summary
    group_consensus: float | None = None
    divergence: DivergenceResult | None = None
    #: Per group: its share choosing the option against everyone else's (Fisher's exact test).
    distinctive: tuple[Distinction, ...] = ()


@dataclass(frozen=True)
class ItemSummary:
    """One item's summary; ``scale`` says what an ordinal scale measures (see
    :data:`surveys.model.SCALES`), None for other kinds."""

    item: str
    question: str | None
    kind: str
    label: Mapping[str, str]
    levels: tuple[Level, ...]
    groups: Mapping[str, GroupStats]
    test: TestResult | None = None
    qvalue: float = math.nan
    test_reason: str | None = None
    pairwise: tuple[PairComparison, ...] = ()
    options: tuple[OptionSummary, ...] = ()
    group_consensus: float | None = None
    divergence: DivergenceResult | None = None
    divergence_option: str | None = None
    distinctive: tuple[Distinction, ...] = field(default=())
    scale: str | None = None


def _codes(column: pd.Series, labels) -> np.ndarray:
    """Position of each entry of ``column`` in ``labels`` (-1 when absent or missing).

    The column is factorised first (natively for Arrow-backed strings, with no Python
    string per answer) and only its few distinct values are looked up."""
    codes, uniques = pd.factorize(column)
    lookup = pd.Index(list(labels), dtype=object).get_indexer(pd.Index(uniques, dtype=object))
    return np.append(lookup, -1)[codes]


def _count_matrix(frame: pd.DataFrame, groups, names) -> np.ndarray:
    gi = _codes(frame["group"], groups)
    vi = _codes(frame["value"], names)
    ok = (gi >= 0) & (vi >= 0)
    flat = np.bincount(gi[ok] * len(names) + vi[ok], minlength=len(groups) * len(names))
    return flat.reshape(len(groups), len(names))


def _group_reason(size: int, non_substantive: int) -> str:
    """Why a group has no answers to describe (see :data:`NO_RESPONDENTS`)."""
    if size == 0:
        return NO_RESPONDENTS
    return ONLY_MISSING if non_substantive > 0 else NO_ANSWERS


def _not_compared(answered: int, non_substantive: int) -> str:
    """Why no comparison ran although the item was analysed: nobody answered, only
    non-substantive answers came in, or too few groups have 2 or more answers."""
    if answered == 0:
        return ONLY_MISSING_ITEM if non_substantive > 0 else NOBODY_ANSWERED
    return TOO_FEW_GROUPS


def _run_ranks(samples: dict[str, np.ndarray], groups, why_not: str = TOO_FEW_GROUPS
               ) -> tuple[TestResult | None, str | None, tuple]:
    """Mann-Whitney for two groups, Kruskal-Wallis plus Dunn-Holm for more; reasons otherwise."""
    eligible = [g for g in groups if samples.get(g) is not None and samples[g].size >= 2]
    left_out = [g for g in groups if g not in eligible and samples.get(g) is not None and samples[g].size > 0]
    if len(eligible) < 2:
        return None, why_not, ()
    note = f"left out of the test (fewer than 2 answers): {', '.join(left_out)}" if left_out else None
    if len(eligible) == 2:
        a, b = eligible
        res = mann_whitney(samples[a], samples[b])
        if math.isnan(res.statistic):
            return None, res.reason, ()
        return res, note, (PairComparison(a, b, res.statistic, res.pvalue, res.pvalue),)
    values = np.concatenate([samples[g] for g in eligible])
    codes = np.repeat(np.array(eligible, dtype=object), [samples[g].size for g in eligible])
    res = kruskal_wallis(values, codes, order=eligible)
    if math.isnan(res.statistic):
        return None, res.reason, ()
    return res, note, dunn(values, codes, order=eligible).pairs


def _levels(item: Item, instrument: Instrument) -> tuple[Level, ...]:
    choices = instrument.choices(item)
    if choices is None:
        return ()
    rank = {c.name: i + 1 for i, c in enumerate(choices.substantive)}
    ordinal = item.kind == "ordinal"
    return tuple(Level(c.name, dict(c.labels), c.missing, rank.get(c.name) if ordinal else None)
                 for c in choices.choices)


def _agreement(sel: np.ndarray, n: np.ndarray, groups, headline) -> tuple[float | None, DivergenceResult | None,
                                                                            tuple[Distinction, ...]]:
    """Group-informed consensus and the largest gap over the headline groups; each group's
    distinction against all the others."""
    groups = list(groups)
    at = [groups.index(g) for g in headline]
    gic = group_informed_consensus(sel[at], n[at]).statistic
    div = divergence(sel[at], n[at], [groups[i] for i in at])
    return (None if math.isnan(gic) else gic), (None if div.a is None else div), distinctions(sel, n, groups)


def _ordinal(item, levels, groups, sizes, frame, headline, scale) -> ItemSummary:
    names = [lv.name for lv in levels]
    subst = np.array([not lv.missing for lv in levels])
    counts = _count_matrix(frame, groups, names)
    sub = counts[:, subst]
    k = sub.shape[1]
    ranks = np.arange(1, k + 1, dtype=float)
    top = 2 if k >= 4 else 1
    agree = sub[:, k - top:].sum(axis=1)
    disagree = sub[:, :top].sum(axis=1)
    n = sub.sum(axis=1)
    apart = counts[:, ~subst].sum(axis=1)
    # A sequence of stages has no "upper answers": no share agreeing, no agreement statements.
    opinion = scale != "sequence"
    low, high = wilson_bounds(agree, n)
    stats_by_group, samples = {}, {}
    for gi, g in enumerate(groups):
        row = sub[gi]
        count_map = {nm: int(c) for nm, c in zip(names, counts[gi])}
        if n[gi] == 0:
            stats_by_group[g] = GroupStats(0, int(sizes[g]), count_map,
                                           reason=_group_reason(sizes[g], int(apart[gi])))
            continue
        values = np.repeat(ranks, row)
        samples[g] = values
        q1, q3 = np.percentile(values, [25, 75])
        med = median_ci(values)
        boot = bootstrap_mean_ci_counts(ranks, row, n_resamples=SUMMARY_RESAMPLES)
        stats_by_group[g] = GroupStats(
            n=int(n[gi]), missing=int(sizes[g] - n[gi]), counts=count_map,
            shares={nm: float(c / n[gi]) for nm, c in zip(np.array(names)[subst], row)},
            median=float(np.median(values)), iqr=float(q3 - q1), quartiles=ConfidenceInterval(float(q1), float(q3)),
            mean=float(values.mean()), sd=float(values.std(ddof=1)) if n[gi] >= 2 else math.nan,
            agree_share=float(agree[gi] / n[gi]) if opinion else None,
            agree_ci95=ConfidenceInterval(float(low[gi]), float(high[gi])) if opinion else None,
            disagree_share=float(disagree[gi] / n[gi]) if opinion else None,
            median_ci95=med.confidence_interval, mean_ci95=boot.confidence_interval,
            consensus=consensus_value(row), reason=FEW if n[gi] < 2 else None, notes=_interval_notes(med, boot))
    test, reason, pairs = _run_ranks(samples, groups, _not_compared(int(n.sum()), int(apart.sum())))
    gic, div, dist = _agreement(agree, n, groups, headline) if opinion else (None, None, ())
    return ItemSummary(item.name, item.question, item.kind, dict(item.labels), levels, stats_by_group, test,
                       test_reason=reason, pairwise=pairs, group_consensus=gic, divergence=div, distinctive=dist,
                       scale=scale)


def _option_summaries(levels, groups, selected: np.ndarray, n: np.ndarray, headline, *, test: bool):
    """Per option: share per group with Wilson bounds, agreement across groups, and (for
    select_multiple) a test of selected-vs-not across groups with BH over the options."""
    low, high = wilson_bounds(selected, n[:, None])
    results = []
    for j, lv in enumerate(levels):
        per = {g: OptionGroup(int(n[gi]), int(selected[gi, j]),
                              float(selected[gi, j] / n[gi]) if n[gi] else math.nan,
                              ConfidenceInterval(float(low[gi, j]), float(high[gi, j])))
               for gi, g in enumerate(groups)}
        res: TestResult | None = None
        why: str | None = None
        if test:
            ok = n >= 2
            if ok.sum() < 2:
                why = _not_compared(int(n.sum()), 0)
            elif selected[ok, j].sum() == 0:
                why = NOBODY_CHOSE  # not "the same answer": nobody ticked it
            elif selected[ok, j].sum() == n[ok].sum():
                why = EVERYONE_CHOSE
            else:
                table = np.column_stack([selected[ok, j], n[ok] - selected[ok, j]])
                res = independence_test(table)
                if math.isnan(res.pvalue):
                    why = res.reason
                    res = None
        gic, div, dist = _agreement(selected[:, j], n, groups, headline)
        results.append(OptionSummary(lv.name, dict(lv.labels), per, res, why, group_consensus=gic, divergence=div,
                                     distinctive=dist))
    if test:
        q = bh_adjust([o.test.pvalue if o.test else math.nan for o in results])
        results = [OptionSummary(**{**o.__dict__, "qvalue": float(qv)}) for o, qv in zip(results, q)]
    return tuple(results)


def _largest_divergence(options) -> tuple[DivergenceResult | None, str | None]:
    best = max((o for o in options if o.divergence is not None),
               key=lambda o: o.divergence.difference, default=None)
    return (best.divergence, best.option) if best else (None, None)


def _nominal(item, levels, groups, sizes, frame, headline, scale) -> ItemSummary:
    names = [lv.name for lv in levels]
    subst = np.array([not lv.missing for lv in levels])
    counts = _count_matrix(frame, groups, names)
    sub = counts[:, subst]
    n = sub.sum(axis=1)
    apart = counts[:, ~subst].sum(axis=1)
    sub_levels = [lv for lv in levels if not lv.missing]
    stats_by_group = {}
    for gi, g in enumerate(groups):
        count_map = {nm: int(c) for nm, c in zip(names, counts[gi])}
        shares = {lv.name: float(c / n[gi]) for lv, c in zip(sub_levels, sub[gi])} if n[gi] else None
        reason = _group_reason(sizes[g], int(apart[gi])) if n[gi] == 0 else FEW if n[gi] < 2 else None
        stats_by_group[g] = GroupStats(int(n[gi]), int(sizes[g] - n[gi]), count_map, shares, reason=reason)
    ok = n >= 2
    test: TestResult | None = None
    reason = None
    if ok.sum() < 2:
        reason = _not_compared(int(n.sum()), int(apart.sum()))
    else:
        test = independence_test(sub[ok])
        if math.isnan(test.pvalue):
            reason = test.reason
            test = None
        else:
            left = [g for g, k in zip(groups, ok) if not k and n[list(groups).index(g)] > 0]
            reason = test.reason or (f"left out of the test (fewer than 2 answers): {', '.join(left)}" if left else None)
    options = _option_summaries(sub_levels, groups, sub, n, headline, test=False)
    div, div_option = _largest_divergence(options)
    return ItemSummary(item.name, item.question, item.kind, dict(item.labels), levels, stats_by_group, test,
                       test_reason=reason, options=options, divergence=div, divergence_option=div_option)


def _ticks_by_group(frame: pd.DataFrame, groups, names) -> tuple[np.ndarray, np.ndarray]:
    """Per group: respondents who ticked each option, and respondents who answered.

    Answers repeat a few combinations of options, so each distinct answer is split into
    options once and the answers are counted by group and combination: a 10,000-respondent
    wave splits a few hundred strings instead of every answer.
    """
    if not frame["key"].is_unique:  # one respondent with several rows: their ticks are pooled
        tokens = frame.assign(value=frame["value"].str.split()).explode("value").drop_duplicates(["key", "value"])
        answered = frame.drop_duplicates("key")["group"].value_counts()
        return _count_matrix(tokens, groups, names), np.array([int(answered.get(g, 0)) for g in groups])
    gi = _codes(frame["group"], groups)
    combo, combos = pd.factorize(frame["value"])
    column = {name: j for j, name in enumerate(names)}
    ticks = np.zeros((len(combos), len(names)), dtype=np.int64)
    for k, text in enumerate(combos):
        for token in set(str(text).split()):
            if token in column:
                ticks[k, column[token]] = 1
    ok = gi >= 0
    by_combo = np.bincount(gi[ok] * len(combos) + combo[ok], minlength=len(groups) * len(combos))
    by_combo = by_combo.reshape(len(groups), len(combos))
    return by_combo @ ticks, by_combo.sum(axis=1)


def _multiple(item, levels, groups, sizes, frame, headline, scale) -> ItemSummary:
    names = [lv.name for lv in levels]
    selected, n = _ticks_by_group(frame, groups, names)
    stats_by_group = {g: GroupStats(int(n[gi]), int(sizes[g] - n[gi]),
                                    {nm: int(c) for nm, c in zip(names, selected[gi])},
                                    {nm: float(c / n[gi]) for nm, c in zip(names, selected[gi])} if n[gi] else None,
                                    reason=_group_reason(sizes[g], 0) if n[gi] == 0 else FEW if n[gi] < 2 else None)
                      for gi, g in enumerate(groups)}
    options = _option_summaries(levels, groups, selected, n, headline, test=True)
    div, div_option = _largest_divergence(options)
    return ItemSummary(item.name, item.question, item.kind, dict(item.labels), levels, stats_by_group, None,
                       test_reason=PER_OPTION if n.sum() else NOBODY_ANSWERED, options=options,
                       divergence=div, divergence_option=div_option)


def _numeric(item, levels, groups, sizes, frame, headline, scale) -> ItemSummary:
    values = pd.to_numeric(frame["value"], errors="coerce")
    frame = frame.assign(num=values)[values.notna()]
    by_group = {g: v.to_numpy(dtype=float) for g, v in frame.groupby("group", sort=False)["num"]}
    stats_by_group, samples = {}, {}
    for g in groups:
        x = by_group.get(g, np.array([]))
        if x.size == 0:
            stats_by_group[g] = GroupStats(0, sizes[g], reason=_group_reason(sizes[g], 0))
            continue
        samples[g] = x
        q1, q3 = np.percentile(x, [25, 75])
        uniq, cnt = np.unique(x, return_counts=True)
        # Few distinct values: the exact multinomial shortcut; otherwise scipy's bootstrap.
        boot = (bootstrap_mean_ci_counts(uniq, cnt, n_resamples=SUMMARY_RESAMPLES) if uniq.size <= 50
                else bootstrap_mean_ci(x, n_resamples=SUMMARY_RESAMPLES))
        med = median_ci(x)
        stats_by_group[g] = GroupStats(
            n=int(x.size), missing=int(sizes[g] - x.size), median=float(np.median(x)), iqr=float(q3 - q1),
            quartiles=ConfidenceInterval(float(q1), float(q3)), mean=float(x.mean()),
            sd=float(x.std(ddof=1)) if x.size >= 2 else math.nan,
            median_ci95=med.confidence_interval, mean_ci95=boot.confidence_interval,
            reason=FEW if x.size < 2 else None, notes=_interval_notes(med, boot))
    test, reason, pairs = _run_ranks(samples, groups, _not_compared(sum(x.size for x in samples.values()), 0))
    return ItemSummary(item.name, item.question, item.kind, dict(item.labels), levels, stats_by_group, test,
                       test_reason=reason, pairwise=pairs)


def _text(item, levels, groups, sizes, frame, headline, scale) -> ItemSummary:
    answered = frame.drop_duplicates("key")["group"].value_counts()
    stats_by_group = {g: GroupStats(int(answered.get(g, 0)), int(sizes[g] - answered.get(g, 0)))
                      for g in groups}
    what = "dates" if item.kind == "date" else "free-text answers"
    return ItemSummary(item.name, item.question, item.kind, dict(item.labels), levels, stats_by_group, None,
                       test_reason=f"{what} are counted, not tested")


_BY_KIND = {"ordinal": _ordinal, "nominal": _nominal, "multiple": _multiple, "numeric": _numeric}


def summarize_item(item: Item, instrument: Instrument, groups, sizes: Mapping[str, int],
                   frame: pd.DataFrame, *, headline=None) -> ItemSummary:
    """Summarise one item from its answers ``frame`` (columns key, value, group).

    ``headline`` names the groups that agreement across groups weighs (default: all).
    """
    build = _BY_KIND.get(item.kind, _text)
    groups = tuple(groups)
    headline = tuple(g for g in (groups if headline is None else headline) if g in groups)
    return build(item, _levels(item, instrument), groups, sizes, frame, headline, instrument.scale_of(item))
