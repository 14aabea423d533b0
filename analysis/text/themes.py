"""Coded themes by group, and how reliably the coders agree.

Per comment item:

* **Reliability** (Krippendorff's alpha, :mod:`analysis.reliability`). A comment is a unit
  and every coder who coded it (any row in the coding sheet, a "no theme" row included)
  gives each theme of the codebook a value: 1 if they tagged it, 0 if not. ``per_theme``
  is alpha of those presence values, or, for a theme the codebook scales (ordinal,
  interval, nominal categories), alpha of the values coders gave at that level.
  ``alpha_nominal`` pools every comment × theme presence decision into one nominal alpha
  for the codebook as a whole. Comments coded by one coder have no pairable values and
  are left out of every alpha (Krippendorff 2011), and counted as ``single_coded``.
* **Agreed themes**: a theme belongs to a comment when more than half of its coders gave
  it (with one coder, that coder's themes: the comment counts, its reliability is unknown).
* **Themes × group** go through the statistics engine exactly like a select-multiple item
  (:func:`analysis.items.summarize_item`): shares with Wilson intervals, a test per theme
  across groups, Benjamini-Hochberg q-values over the themes of an item and over every
  theme test of the wave. A comment coded with no agreed theme counts in ``n``.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from surveys.coding.model import Codebook, Coding, Theme
from surveys.model import Choice, ChoiceList, Item
from surveys.wavedata import WaveData

from ..comparison import _filter_values, build_comparison
from ..items import ItemSummary, summarize_item
from ..reliability import AlphaResult, krippendorff_alpha
from ..results import DegenerateDataWarning

# The summary's own q-value pass and JSON shape, so theme items read like every other item.
from ..summary import _item_dict, _json_safe, _with_summary_qvalues


@dataclass(frozen=True)
class Reliability:
    """Krippendorff's alpha of one item's coding (see the module docstring)."""

    alpha_nominal: float
    per_theme: Mapping[str, float]
    per_theme_level: Mapping[str, str]
    units: int          # comments coded by two or more coders
    coders: int
    single_coded: int   # comments coded by one coder only (not pairable)
    pairable_values: int
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"alpha_nominal": self.alpha_nominal, "per_theme": dict(self.per_theme),
                "per_theme_level": dict(self.per_theme_level), "units": self.units, "coders": self.coders,
                "single_coded": self.single_coded, "pairable_values": self.pairable_values, "reason": self.reason}


@dataclass(frozen=True)
class ItemThemes:
    """One comment item: its codebook, themes × group (an ``ItemSummary``), and reliability."""

    item: str
    question: str | None
    label: Mapping[str, str]
    themes: tuple[Theme, ...]
    n_comments: int
    n_coded: int
    summary: ItemSummary
    reliability: Reliability
    agreed: Mapping[str, tuple[str, ...]]  # respondent -> agreed theme codes


@dataclass(frozen=True)
class ThemesSummary:
    wave: str
    by: str
    filters: Mapping[str, tuple[str, ...]]
    data_version: str
    groups: Mapping[str, int]
    group_labels: Mapping[str, Mapping[str, str]]
    items: tuple[ItemThemes, ...]

    def item(self, name: str) -> ItemThemes:
        return next(it for it in self.items if it.item == name)

    def to_dict(self, lang: str = "en", audience=None) -> dict[str, Any]:
        """The JSON of ``python -m analysis themes``; findings in ``lang``, worded by the presentation
        layer (:mod:`analysis.present.themes`) like every other finding. For members and viewers
        (``audience``), counts of fewer than the minimum cell size are withheld (null), as are the
        shares and intervals built on them."""
        from analysis.present.disclosure import SECRETARIAT
        from analysis.present.themes import theme_findings

        audience = audience or SECRETARIAT
        items = []
        for it in self.items:
            summary = _withheld(_item_dict(it.summary), audience)
            items.append({
                "item": it.item, "question": it.question, "label": dict(it.label),
                "n_comments": it.n_comments, "n_coded": it.n_coded,
                "codebook": [{"theme": t.code, "label": dict(t.labels), "level": t.level, "values": list(t.values)}
                             for t in it.themes],
                "groups": summary["groups"], "options": summary["options"], "divergence": summary["divergence"],
                "test_reason": summary["test_reason"], "reliability": it.reliability.to_dict(),
                "findings": theme_findings(self, it.summary, lang, audience),
            })
        return _json_safe({"wave": self.wave, "by": self.by, "filters": {k: list(v) for k, v in self.filters.items()},
                           "data_version": self.data_version, "groups": dict(self.groups),
                           "group_labels": {k: dict(v) for k, v in self.group_labels.items()}, "items": items})


def _withheld(summary: dict[str, Any], audience) -> dict[str, Any]:
    """An item's JSON with every group and option count under ``audience``'s minimum cell size
    (and what is computed from it) set to null; the secretariat's unchanged."""
    from analysis.present.disclosure import shows_count, shows_group

    if audience.sees_everything:
        return summary
    for stats in summary["groups"].values():
        if not shows_group(stats.get("n") or 0, audience):
            for key in stats:
                if key not in ("reason", "notes"):
                    stats[key] = None
    for option in summary["options"]:
        for stats in option["groups"].values():
            if not shows_group(stats.get("n") or 0, audience) or not shows_count(stats.get("selected") or 0, audience):
                stats.update(selected=None, share=None, ci95=None)
                if not shows_group(stats.get("n") or 0, audience):
                    stats["n"] = None
        option["distinctive"] = []  # a group's share against the rest may rest on a withheld count
    return summary


def _units(codings: Sequence[Coding], comments: Mapping[str, str]) -> dict[str, dict[str, list[Coding]]]:
    """respondent -> coder -> that coder's rows, for comments that exist."""
    units: dict[str, dict[str, list[Coding]]] = {}
    for c in codings:
        if c.respondent in comments:
            units.setdefault(c.respondent, {}).setdefault(c.coder, []).append(c)
    return units


def _alpha(matrix: list[list[float]], level: str) -> AlphaResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        return krippendorff_alpha(np.array(matrix, dtype=float).reshape(len(matrix), -1), level)


def item_reliability(themes: Sequence[Theme], units: Mapping[str, Mapping[str, Sequence[Coding]]]) -> Reliability:
    """Krippendorff's alpha per theme and pooled, from the codings of one item's comments."""
    coders = sorted({coder for by_coder in units.values() for coder in by_coder})
    names = sorted(units)
    given = {(r, coder): {c.theme: c.value for c in rows if c.theme}
             for r, by_coder in units.items() for coder, rows in by_coder.items()}

    def presence(theme: Theme) -> list[list[float]]:
        return [[(1.0 if theme.code in given[(r, coder)] else 0.0) if (r, coder) in given else math.nan
                 for r in names] for coder in coders]

    per_theme: dict[str, Any] = {}
    levels: dict[str, Any] = {}
    pooled: list[list[Any]] = [[] for _ in coders]
    for theme in themes:
        matrix = presence(theme)
        for row, values in zip(pooled, matrix):
            row.extend(values)
        if theme.scaled:
            scored = [[_score(theme, given.get((r, coder))) for r in names] for coder in coders]
            level = "nominal" if theme.level == "nominal" else theme.level
            per_theme[theme.code], levels[theme.code] = _alpha(scored, level).statistic, level
        else:
            per_theme[theme.code], levels[theme.code] = _alpha(matrix, "nominal").statistic, "nominal"
    overall = _alpha(pooled, "nominal") if coders and names else None
    counts = [len(by_coder) for by_coder in units.values()]
    reason = overall.reason if overall is not None else "no comment of this item has been coded"
    return Reliability(overall.statistic if overall else math.nan, per_theme, levels,
                       sum(1 for k in counts if k >= 2), len(coders), sum(1 for k in counts if k == 1),
                       int(overall.pairable_values / max(len(themes), 1)) if overall else 0, reason)


def _score(theme: Theme, given: Mapping[str, str | None] | None) -> float:
    """A coder's value of a scaled theme on one comment: NaN if they did not code it or gave no value."""
    score = theme.score(given.get(theme.code)) if given is not None else None
    return math.nan if score is None else score


def agreed_themes(units: Mapping[str, Mapping[str, Sequence[Coding]]]) -> dict[str, tuple[str, ...]]:
    """Per respondent: the themes more than half of the comment's coders gave (one coder: theirs)."""
    agreed = {}
    for respondent, by_coder in units.items():
        votes: dict[str, int] = {}
        for rows in by_coder.values():
            for code in {c.theme for c in rows if c.theme}:
                votes[code] = votes.get(code, 0) + 1
        agreed[respondent] = tuple(sorted(code for code, k in votes.items() if k * 2 > len(by_coder)))
    return agreed


def summarize_themes(data: WaveData, codebook: Codebook, codings: Sequence[Coding], by: str = "group",
                     filters: Mapping[str, object] | None = None, *, audience: Any = None) -> ThemesSummary:
    """Themes × group with tests, and reliability, for every comment item the codebook covers.

    For a member or viewer (``audience``), of the respondents their figures are computed from
    and for a comparison they may reach (:func:`analysis.present.disclosure.disclosed`, as
    ``summarize_for``); their counts under the minimum cell size are withheld where shown."""
    if audience is not None and not audience.sees_everything:
        from analysis.present.disclosure import item_without_groups, seen_by, withheld_groups

        seen = seen_by(data, audience, by, filters)
        result = summarize_themes(seen.data, codebook, codings, by, filters)
        gone = withheld_groups(data, seen) if by == "group" else ()
        if not gone:
            return result
        # As in summarize_for: a group left out answered, so it is not listed as silent.
        return replace(result, groups={g: n for g, n in result.groups.items() if g not in gone},
                       group_labels={g: v for g, v in result.group_labels.items() if g not in gone},
                       items=tuple(replace(it, summary=item_without_groups(it.summary, gone)) for it in result.items))
    comp = build_comparison(data, by, filters)
    group_of = dict(zip(comp.answers["key"], comp.answers["group"]))
    answers = data.answers
    results: list[ItemThemes] = []
    for name in codebook.items:
        item = data.instrument.item(name)
        themes = codebook.of_item(name)
        texts = answers[answers["item"] == name]
        comments = {r: v for r, v in zip(texts["respondent"], texts["value"]) if str(v).strip()}
        units = _units([c for c in codings if c.item == name], comments)
        agreed = agreed_themes(units)
        selected = {r: codes for r, codes in agreed.items() if r in group_of}
        frame = pd.DataFrame({"key": list(selected), "value": [" ".join(codes) for codes in selected.values()],
                              "group": [group_of[r] for r in selected]}, columns=["key", "value", "group"])
        list_name = f"themes:{name}"
        as_multiple = Item(name, "select_multiple", dict(item.labels), list_name, None, item.question)
        choices = ChoiceList(list_name, tuple(Choice(t.code, dict(t.labels)) for t in themes))
        instrument = replace(data.instrument, items=(as_multiple,), choice_lists={list_name: choices})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateDataWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            summary = summarize_item(as_multiple, instrument, comp.groups, comp.sizes, frame)
        in_selection = sum(1 for r in comments if r in group_of)
        results.append(ItemThemes(name, item.question, dict(item.labels), themes, in_selection, len(selected),
                                  summary, item_reliability(themes, units), agreed))
    summaries = _with_summary_qvalues([it.summary for it in results])
    results = [replace(it, summary=s) for it, s in zip(results, summaries)]
    return ThemesSummary(data.wave.name, by,
                         {k: tuple(sorted(_filter_values(v))) for k, v in sorted((filters or {}).items())},
                         data.data_version, dict(comp.sizes), comp.labels, tuple(results))
