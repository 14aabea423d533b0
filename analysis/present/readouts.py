"""What a chart says to someone who cannot see it: its description (the finding, read out as
the chart's name) and the table of its numbers ("Show the numbers"), with headings in the
reader's language and shares written as the language writes percentages.

The tables are built from the same frames the charts draw (:mod:`analysis.present.tables`),
so the bars, the tooltips and the table always agree; shares of small groups arrive already
written as counts by :mod:`analysis.present.disclosure`.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from . import numbers as num
from .disclosure import SECRETARIAT, Audience, share
from .labels import one_line
from .language import punctuated, sentences, translations
from .tables import likert_frames, metric_label, option_frame, share_frame


def written(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``table`` with its headings and text cells in the punctuation of ``lang`` (full-width
    brackets in Chinese: "秘书处（n = 4）"), numbers untouched."""
    table = table.rename(columns=lambda heading: punctuated(str(heading), lang))
    for column in table.columns:
        if not pd.api.types.is_numeric_dtype(table[column]):
            table[column] = [punctuated(v, lang) if isinstance(v, str) else v for v in table[column]]
    return table


def numbers_table(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> pd.DataFrame:
    """The numbers behind an item's chart, one row per bar: group, answer or option, counts and
    the share as printed ("40%", "40 %", "3 of 4"). "Don't know" answers of an ordinal item
    follow each group's scale."""
    return written(_numbers(summary, item, lang, audience), lang)


def _numbers(summary: Any, item: Any, lang: str, audience: Audience) -> pd.DataFrame:
    _ = translations(lang).gettext
    if item.kind == "ordinal":
        segments, dont_know = likert_frames(summary, item, lang, audience)
        rows = []
        for group in dict.fromkeys(list(dont_know["group"]) + list(segments["group"])):
            for seg in segments[segments["group"] == group].itertuples():
                rows.append((one_line(seg.group_label), seg.choice_label, int(seg.count), seg.share_text))
            for dk in dont_know[(dont_know["group"] == group) & (dont_know["count"] > 0)].itertuples():
                figure = share(int(dk.count), int(dk.answered), None, audience)  # a share of all answers
                rows.append((one_line(dk.group_label), _("Don't know"), int(dk.count), figure.text(lang)))
        return pd.DataFrame(rows, columns=[_("Group"), _("Answer"), _("Count"), _("Share")])
    if item.kind == "nominal":
        frame = share_frame(summary, item, lang, audience)
        return pd.DataFrame({_("Group"): frame["group_label"].map(one_line), _("Answer"): frame["choice_label"],
                             _("Count"): frame["count"].astype(int), _("Share"): frame["share_text"]})
    if item.kind == "multiple":
        frame = option_frame(summary, item, lang, audience)
        return pd.DataFrame({
            _("Option"): frame["option_label"], _("Group"): frame["group_label"].map(one_line),
            _("Selected"): frame["selected"].astype(int), _("Answers"): frame["n"].astype(int),
            _("Share"): frame["share_text"],
            _("Lower 95% bound"): [num.percent(v, lang) for v in frame["ci_low"]],
            _("Upper 95% bound"): [num.percent(v, lang) for v in frame["ci_high"]]})
    from .charts import item_view

    _chart, frame = item_view(summary, item, lang, audience, description="")
    return heatmap_table(frame, lang) if not frame.empty else pd.DataFrame()


def heatmap_table(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The Compare heatmap as a table: an item per row, a group per column, the cell's text."""
    _ = translations(lang).gettext
    data = frame.assign(group_label=frame["group_label"].map(one_line),
                        text=[t + (" ◆" if d else "") for t, d in zip(frame["text"], frame["differs"])])
    table = data.pivot_table(index="item_label", columns="group_label", values="text", sort=False,
                             aggfunc="first").fillna(num.DASH)
    table = table.reset_index().rename(columns={"item_label": _("Item")})
    table.columns.name = None
    return written(table, lang)


def heatmap_description(frame: pd.DataFrame, metric: str, lang: str = "en") -> str:
    """The Compare heatmap's finding: which items the tests mark, or that they mark none."""
    tr = translations(lang)
    marked = list(dict.fromkeys(frame.loc[frame["differs"].astype(bool), "item_label"]))
    lead = tr.gettext("{metric} by item and group.").format(metric=metric_label(metric, lang))
    if not marked:
        return sentences(lang, lead, tr.gettext("On no item do the tests support a difference between two groups."))
    return sentences(lang, lead, tr.ngettext(
        "The tests support a difference between two groups on {n} item: {items}.",
        "The tests support a difference between two groups on {n} items: {items}.", len(marked)).format(
        n=len(marked), items=tr.gettext("; ").join(marked)))


def coverage_table(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Who answered against who could have, per group (the Overview's roster chart)."""
    _ = translations(lang).gettext
    return written(pd.DataFrame({
        _("Group"): frame["group_label"], _("Responded"): frame["responded"].astype(int),
        _("Whole group"): [num.count(u) if u == u and u else num.DASH for u in frame["universe"]]}), lang)


def coverage_description(frame: pd.DataFrame, lang: str = "en") -> str:
    """The roster chart in words: "Security Council: 15 of 15 answered. …"."""
    tr = translations(lang)
    lines = []
    for row in frame.itertuples():
        n = int(row.responded)
        if row.universe == row.universe and row.universe:
            lines.append(tr.ngettext("{label}: {n} of {roster} answered.", "{label}: {n} of {roster} answered.",
                                     n).format(label=row.group_label, n=n, roster=int(row.universe)))
        else:
            lines.append(tr.ngettext("{label}: {n} answered.", "{label}: {n} answered.", n).format(
                label=row.group_label, n=n))
    return sentences(lang, *lines)
