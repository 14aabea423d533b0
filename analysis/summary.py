"""The whole summary of a wave, compared by one variable: what the dashboard and the exports read.

``summarize(data, by="group")`` runs every item; every omnibus p-value (item tests and
select-multiple option tests) then gets a Benjamini-Hochberg q-value across the whole
summary, so a reader can scan many items without being fooled by chance.
``Summary.to_dict()`` is the JSON documented in docs/ARCHITECTURE.md (NaN written as null).
"""
from __future__ import annotations

import datetime as dt
import math
import warnings
from dataclasses import dataclass, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd

from surveys.wavedata import WaveData

from .comparison import _filter_values, build_comparison
from .consensus import DivergenceResult
from .items import ItemSummary, OptionSummary, summarize_item
from .multiplicity import bh_adjust
from .results import ConfidenceInterval, DegenerateDataWarning, TestResult
from .scorecard import Finding, QuestionCard, common_ground, dividing_lines, question_cards


@dataclass(frozen=True)
class Summary:
    """Everything said about one wave compared by ``by``; build it with :func:`summarize`."""

    wave: str
    by: str
    filters: Mapping[str, tuple[str, ...]]
    data_version: str
    generated_at: str
    groups: Mapping[str, int]
    group_labels: Mapping[str, Mapping[str, str]]
    n_excluded: int
    items: tuple[ItemSummary, ...]
    common_ground: tuple[Finding, ...]
    dividing_lines: tuple[Finding, ...]
    questions: Mapping[str, QuestionCard]
    other_wave: str | None = None
    other_data_version: str | None = None
    #: Groups shown but never weighed in the lists (a catch-all such as "other").
    catch_all: tuple[str, ...] = ()

    @property
    def headline_groups(self) -> tuple[str, ...]:
        """The groups the lists compare: every group but the catch-all."""
        return tuple(g for g in self.groups if g not in self.catch_all)

    def item(self, name: str) -> ItemSummary:
        for it in self.items:
            if it.item == name:
                return it
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-safe Python objects (NaN and infinities become None)."""
        out = {
            "wave": self.wave, "by": self.by, "filters": {k: list(v) for k, v in self.filters.items()},
            "data_version": self.data_version, "generated_at": self.generated_at,
            "groups": dict(self.groups), "group_labels": {k: dict(v) for k, v in self.group_labels.items()},
            "n_excluded": self.n_excluded, "catch_all": list(self.catch_all),
            "items": [_item_dict(it) for it in self.items],
            "common_ground": [{"item": f.item, "question": f.question, "score": f.score, "option": f.option,
                               "counted": list(f.counted), "too_few": list(f.too_few)}
                              for f in self.common_ground],
            "dividing_lines": [{"item": f.item, "question": f.question, "score": f.score, "a": f.a, "b": f.b,
                                "option": f.option, "pvalue_adjusted": f.pvalue_adjusted}
                               for f in self.dividing_lines],
            "questions": {q: {"groups": {g: vars(s) for g, s in card.groups.items()},
                              "n_items_differ": card.n_items_differ} for q, card in self.questions.items()},
        }
        if self.other_wave is not None:
            out["other_wave"], out["other_data_version"] = self.other_wave, self.other_data_version
        return _json_safe(out)


def _json_safe(value):
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


def _ci(ci: ConfidenceInterval | None):
    return None if ci is None else [ci.low, ci.high]


def _test_dict(test: TestResult | None, qvalue: float):
    if test is None:
        return None
    return {"name": test.method, "statistic": test.statistic, "dof": test.dof, "pvalue": test.pvalue,
            "qvalue": qvalue, "n": test.n, "note": test.reason,
            "pvalue_standard_error": test.pvalue_standard_error,
            "effect_size": {"name": test.effect_size_name, "value": test.effect_size,
                            "magnitude": test.effect_size_magnitude}}


def _divergence_dict(div: DivergenceResult | None, option: str | None = None):
    if div is None:
        return None
    return {"a": div.a, "b": div.b, "difference": div.difference, "option": option,
            "effect_size": {"name": "cohens_h", "value": div.effect_size, "magnitude": div.effect_size_magnitude},
            "pvalue": div.pvalue, "pvalue_adjusted": div.pvalue_adjusted}


def _option_dict(o: OptionSummary):
    return {"option": o.option, "label": dict(o.label),
            "groups": {g: {"n": s.n, "selected": s.selected, "share": s.share, "ci95": _ci(s.ci95)}
                       for g, s in o.groups.items()},
            "test": _test_dict(o.test, o.summary_qvalue), "test_reason": o.test_reason, "qvalue": o.qvalue,
            "group_consensus": o.group_consensus, "divergence": _divergence_dict(o.divergence),
            "distinctive": _distinctive(o.distinctive)}


def _distinctive(found) -> list[dict]:
    return [{"group": d.group, "share": d.share, "rest_share": d.rest_share, "pvalue": d.pvalue} for d in found]


def _item_dict(it: ItemSummary):
    groups = {}
    for g, s in it.groups.items():
        groups[g] = {"n": s.n, "missing": s.missing,
                     "counts": None if s.counts is None else dict(s.counts),
                     "shares": None if s.shares is None else dict(s.shares),
                     "median": s.median, "iqr": s.iqr, "quartiles": _ci(s.quartiles), "mean": s.mean, "sd": s.sd,
                     "agree_share": s.agree_share, "agree_ci95": _ci(s.agree_ci95),
                     "disagree_share": s.disagree_share, "median_ci95": _ci(s.median_ci95),
                     "mean_ci95": _ci(s.mean_ci95), "consensus": s.consensus, "reason": s.reason,
                     "notes": list(s.notes)}
    return {
        "item": it.item, "question": it.question, "kind": it.kind, "scale": it.scale, "label": dict(it.label),
        "levels": [{"name": lv.name, "label": dict(lv.labels), "missing": lv.missing, "rank": lv.rank}
                   for lv in it.levels],
        "groups": groups, "test": _test_dict(it.test, it.qvalue), "test_reason": it.test_reason,
        "pairwise": [{"a": p.a, "b": p.b, "statistic": p.statistic, "pvalue": p.pvalue,
                      "pvalue_adjusted": p.pvalue_adjusted} for p in it.pairwise],
        "options": [_option_dict(o) for o in it.options],
        "group_consensus": it.group_consensus,
        "divergence": _divergence_dict(it.divergence, it.divergence_option),
        "distinctive": _distinctive(it.distinctive),
    }


def _with_summary_qvalues(items: list[ItemSummary]) -> list[ItemSummary]:
    """BH across every omnibus p-value of the summary (item tests and option tests)."""
    slots: list[tuple[int, int | None, float]] = []
    for i, it in enumerate(items):
        if it.test is not None:
            slots.append((i, None, it.test.pvalue))
        for j, o in enumerate(it.options):
            if o.test is not None:
                slots.append((i, j, o.test.pvalue))
    q = bh_adjust([p for _, _, p in slots])
    for (i, option, _), qv in zip(slots, q):
        if option is None:
            items[i] = replace(items[i], qvalue=float(qv))
        else:
            options = list(items[i].options)
            options[option] = replace(options[option], summary_qvalue=float(qv))
            items[i] = replace(items[i], options=tuple(options))
    return items


def summarize(data: WaveData, by: str = "group", filters: Mapping[str, object] | None = None, *,
              other: WaveData | None = None) -> Summary:
    """Summarise every analysed item of ``data`` by group of ``by``.

    Parameters
    ----------
    data : WaveData
        The wave to summarise.
    by : str
        A respondent column (``group``, ``p5_e10``, ``region``, ``tcc_pcc``, any workbook
        attribute) or ``"wave"`` to compare ``data`` with ``other``.
    filters : mapping, optional
        Variable -> value or list of values; only matching respondents are summarised.
    other : WaveData, optional
        The second wave when ``by="wave"``.
    """
    comp = build_comparison(data, by, filters, other=other)
    empty = pd.DataFrame({"key": [], "value": [], "group": []}, dtype=object)
    frames = {name: frame for name, frame in comp.answers.groupby("item", sort=False)}
    with warnings.catch_warnings():
        # Reasons travel inside the results; the warnings would only repeat them.
        warnings.simplefilter("ignore", DegenerateDataWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        items = [summarize_item(item, data.instrument, comp.groups, comp.sizes, frames.get(item.name, empty),
                                headline=comp.headline)
                 for item in data.instrument.items]
    items = _with_summary_qvalues(items)
    return Summary(
        wave=data.wave.name, by=by,
        filters={k: tuple(sorted(_filter_values(v))) for k, v in sorted((filters or {}).items())},
        data_version=data.data_version,
        generated_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        groups=dict(comp.sizes), group_labels=comp.labels, n_excluded=comp.n_excluded,
        items=tuple(items), common_ground=common_ground(items, comp.headline),
        dividing_lines=dividing_lines(items, comp.headline),
        questions=question_cards(data.instrument, items, comp.groups),
        other_wave=other.wave.name if other is not None else None,
        other_data_version=other.data_version if other is not None else None,
        catch_all=comp.catch_all)
