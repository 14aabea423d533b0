"""The tidy tables behind every chart and every printed table, from the frozen ``Summary``.

The same frame feeds the dashboard's altair chart, its "Show the numbers" table and the
report's PNG chart, so what is drawn, read out and printed is one thing. Shares pass
through :mod:`analysis.present.disclosure`: a group of fewer than five answers keeps
its counts and bar but its labels, tooltips and table cells give "3 of 4", not a
percentage; a group withheld from an audience has no bar at all. Pure functions: no
Streamlit, inputs never mutated.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import pandas as pd

from . import numbers as num
from .disclosure import (
    MIN_SHARE_N,
    SECRETARIAT,
    Audience,
    share,
    shows_group,
    shows_share,
    small_groups_note,
    withheld_options,
)
from .findings import agree_share
from .labels import group_label, group_labels, item_label, level_label, option_label, ordered_groups, question_code
from .language import punctuated, sentences, translations
from .scales import is_opinion, is_sequence, substantive_levels
from .verdicts import ALPHA, any_differs, marked_groups

LIKERT_COLUMNS = ("group", "group_label", "choice", "choice_label", "order", "count", "share", "share_text",
                  "start", "end")
DONT_KNOW_COLUMNS = ("group", "group_label", "count", "share", "answered", "text")
OPTION_COLUMNS = ("option", "option_label", "group", "group_label", "selected", "n", "share", "share_text",
                  "ci_low", "ci_high")
SHARE_COLUMNS = ("group", "group_label", "choice", "choice_label", "order", "count", "share", "share_text")
#: What the Compare heatmap can show: the share in the upper answers, or the median.
HEATMAP_METRICS: tuple[str, ...] = ("agree_share", "median")
HEATMAP_COLUMNS = ("item", "item_label", "order", "group", "group_label", "value", "text", "n", "differs")


@dataclass(frozen=True)
class Table:
    """A printed table: caption, header row, body rows (text), and a note under it."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str | None = None

    def punctuated(self, lang: str) -> "Table":
        """The table with the punctuation of ``lang`` in every cell (full-width in Chinese)."""
        def p(text: Any) -> Any:
            return punctuated(text, lang) if text else text
        return Table(p(self.caption), tuple(map(p, self.header)), tuple(tuple(map(p, row)) for row in self.rows),
                     p(self.note))

    def frame(self) -> pd.DataFrame:
        """The table for a screen: its (translated) header as the columns, every cell text."""
        return pd.DataFrame(list(self.rows), columns=list(self.header))


def _nan(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and math.isfinite(value) else math.nan


def _axis_labels(summary: Any, item: Any, lang: str) -> dict[str, str]:
    """Group labels for a chart axis, with the item's own count of answers on a second line."""
    labels = group_labels(summary, lang)
    return {code: f"{labels[code]}\nn = {item.groups[code].n}" for code in item.groups}


def likert_frames(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bar segments and the "Don't know" counts of one ordinal item.

    An opinion scale diverges around its neutral answer, which straddles zero, half on each
    side (Heiberger & Robbins, "Design of diverging stacked bar charts for Likert scales",
    J. Stat. Softw. 57(5), 2014); a sequence of stages stacks from 0 to 1, earliest first.
    Shares are of substantive answers; non-substantive choices ("Don't know") are counted
    apart, as a share of all answers.
    """
    scale = substantive_levels(item)
    apart = [lv for lv in item.levels if lv.missing]
    k = len(scale)
    labels = _axis_labels(summary, item, lang)
    diverging = not is_sequence(item)
    segments, dont_know = [], []
    for code in ordered_groups(summary, item.groups):
        stats = item.groups[code]
        counts = stats.counts or {}
        counted = [int(counts.get(lv.name, 0) or 0) for lv in scale]
        total = sum(counted)
        dk = sum(int(counts.get(lv.name, 0) or 0) for lv in apart)
        answered = total + dk
        if not shows_group(answered, audience):
            continue
        shares = [c / total if total else 0.0 for c in counted]
        hidden = withheld_options(counted, audience)
        # Withheld answers leave no gap where they were: the bar is laid out from the shown
        # answers alone and the withheld ones are pooled in one segment at its end.
        placed = [0.0 if gone else part for part, gone in zip(shares, hidden)]
        if diverging:
            below = sum(placed[: k // 2])
            neutral = placed[k // 2] if k % 2 else 0.0
            start = -(below + neutral / 2)
        else:
            start = 0.0
        if total and shows_group(total, audience):
            for order, (level, count, part) in enumerate(zip(scale, counted, shares)):
                if hidden[order]:
                    continue
                segments.append((code, labels[code], level.name, level_label(item, level.name, lang), order, count,
                                 part, share(count, total, part, audience).text(lang), start, start + part))
                start += part
            if any(hidden):
                pooled = sum(c for c, gone in zip(counted, hidden) if gone)
                segments.append(_pooled_row(code, labels[code], k, pooled, total, lang, audience) + (
                    start, start + pooled / total))
        figure = share(dk, answered, None, audience)
        text = (f"{dk} ({num.percent(figure.value, lang)})" if figure.mode == "percent" and dk
                else figure.fraction(lang) if answered and dk else "0")
        shown = figure.mode != "withheld"
        dont_know.append((code, labels[code], dk if shown else math.nan,
                          dk / answered if answered and shown else math.nan, answered, text))
    return (pd.DataFrame(segments, columns=list(LIKERT_COLUMNS)),
            pd.DataFrame(dont_know, columns=list(DONT_KNOW_COLUMNS)))


def share_frame(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> pd.DataFrame:
    """Shares of every choice (non-substantive ones last) per group, for a nominal item; choices
    withheld from ``audience`` are pooled in one last row per group."""
    listed = substantive_levels(item) + [lv for lv in item.levels if lv.missing]
    labels = _axis_labels(summary, item, lang)
    rows = []
    for code in ordered_groups(summary, item.groups):
        counts = item.groups[code].counts or {}
        counted = [int(counts.get(lv.name, 0) or 0) for lv in listed]
        total = sum(counted)
        if not total or not shows_group(total, audience):
            continue
        hidden = withheld_options(counted, audience)
        for order, (lv, count) in enumerate(zip(listed, counted)):
            if not hidden[order]:
                rows.append((code, labels[code], lv.name, level_label(item, lv.name, lang), order, count,
                             count / total, share(count, total, None, audience).text(lang)))
        if any(hidden):
            rows.append(_pooled_row(code, labels[code], len(listed), sum(c for c, gone in zip(counted, hidden) if gone),
                                    total, lang, audience))
    return pd.DataFrame(rows, columns=list(SHARE_COLUMNS))


#: The choice code of the pooled segment of answers withheld from members and viewers.
WITHHELD = "__withheld__"


def _pooled_row(code: str, label: str, order: int, pooled: int, total: int, lang: str, audience: Audience) -> tuple:
    """(group, label, choice, choice label, order, count, share, text) of the pooled withheld answers:
    drawn as one grey segment, its count and share never printed."""
    text = translations(lang).gettext("withheld: fewer than {k} each").format(k=audience.min_cell)
    return (code, label, WITHHELD, text, order, math.nan, pooled / total, text)


def option_frame(summary: Any, item: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> pd.DataFrame:
    """Share selecting each option of a multiple-choice item per group, with its 95% Wilson
    interval (the interval only where the share may be given as a percentage)."""
    labels = _axis_labels(summary, item, lang)
    rows = []
    for option in item.options:
        for code in ordered_groups(summary, option.groups):
            stats = option.groups[code]
            if not stats.n or not shows_group(stats.n, audience):
                continue
            figure = share(stats.selected, stats.n, stats.share, audience)
            low, high = (stats.ci95 if figure.mode == "percent" and stats.ci95 is not None else (math.nan, math.nan))
            withheld = figure.mode == "withheld"  # no bar and no count for an option chosen by fewer than k
            rows.append((option.option, option_label(option, lang), code, labels.get(code, code),
                         math.nan if withheld else int(stats.selected), int(stats.n),
                         math.nan if withheld else _nan(stats.share), figure.text(lang), _nan(low), _nan(high)))
    return pd.DataFrame(rows, columns=list(OPTION_COLUMNS))


def heatmap_frame(summary: Any, lang: str = "en", *, metric: str = "agree_share", question: str | None = None,
                  numbered: bool = False, audience: Audience = SECRETARIAT) -> pd.DataFrame:
    """Items × groups: the share in the upper answers (opinion scales) or the median, and
    whether the Compare heatmap marks the group (:func:`analysis.present.verdicts.marked_groups`).

    A share of a group of fewer than five answers is written "3 of 4" and left uncoloured.
    ``numbered`` starts each item label with its question ("Q1 · …") for lists that mix them.
    """
    labels = group_labels(summary, lang, counts=True)
    rows = []
    for order, item in enumerate(summary.items):
        if question and item.question != question:
            continue
        if metric == "agree_share" and not is_opinion(item):
            continue
        if metric != "agree_share" and item.kind not in ("ordinal", "numeric"):
            continue
        text = item_label(item, lang)
        if numbered and item.question:
            text = f"{question_code(item.question, lang)} · {text}"
        marked = marked_groups(item)
        for code in ordered_groups(summary, item.groups):
            stats = item.groups[code]
            if metric == "agree_share":
                figure = agree_share(item, code, audience)
                value, cell = figure.shown, figure.text(lang) if stats.n else ""
            elif shows_group(stats.n, audience):
                value = _nan(stats.median)
                cell = num.median(stats.median, lang) if stats.n else ""
            else:
                value, cell = math.nan, share(None, stats.n, audience=audience).text(lang)
            rows.append((item.item, text, order, code, labels[code], _nan(value), cell, int(stats.n), code in marked))
    return pd.DataFrame(rows, columns=list(HEATMAP_COLUMNS))


def metric_label(metric: str, lang: str = "en") -> str:
    tr = translations(lang)
    return tr.gettext("Share in the upper answers") if metric == "agree_share" else tr.gettext("Median")


def heatmap_caption(lang: str = "en") -> str:
    """What the heatmap's marks mean, with the thresholds of :mod:`analysis.present.verdicts`."""
    return translations(lang).gettext(
        "◆ and an outline mark the two groups whose difference the tests support: the item's summary-wide q "
        "below {alpha} and that pair's own Holm-adjusted p below {alpha}. Shares of groups of fewer than {min_n} "
        "answers are given as counts and left uncoloured.").format(alpha=num.decimal(ALPHA, lang), min_n=MIN_SHARE_N)


def scorecard_frame(summary: Any, lang: str = "en", audience: Audience = SECRETARIAT) -> pd.DataFrame:
    """Per question: each group's net agreement (share in the upper answers minus share in
    the lower, averaged over the question's opinion scales, −1 to +1; withheld for groups of
    fewer than five) and on how many items the groups differ."""
    tr = translations(lang)
    labels = group_labels(summary, lang)
    rows = []
    for name, card in summary.questions.items():
        row: dict[str, Any] = {tr.gettext("Question"): question_code(name, lang)}
        for code in ordered_groups(summary, card.groups):
            stats = card.groups[code]
            n = summary.groups.get(code, 0)
            shown = stats.direction is not None and shows_share(n, audience)
            row[labels[code]] = _signed(stats.direction, lang) if shown else num.DASH
        row[tr.gettext("Items where the groups differ")] = sum(
            1 for it in summary.items if it.question == name and any_differs(it))
        rows.append(row)
    return pd.DataFrame(rows)


def _signed(value: float, lang: str) -> str:
    """``+0.25`` / ``-0.10``: a net share with its sign."""
    text = num.decimal(value, lang)
    return "+" + text if value > 0 else text


def scale_table(summary: Any, items: Sequence[Any], lang: str, caption: str,
                audience: Audience = SECRETARIAT) -> Table | None:
    """Ordinal and numeric items: per group the answers (n), how many in the upper answers and
    their share (opinion scales), and the median (the median stage of a sequence)."""
    from .scales import median_stage

    tr = translations(lang)
    rows, small, opinion = [], False, []
    for item in items:
        if item.kind not in ("ordinal", "numeric"):
            continue
        opinion.append(is_opinion(item))
        first = True
        for code in ordered_groups(summary, item.groups):
            g = item.groups[code]
            if not shows_group(g.n, audience):
                rows.append((item_label(item, lang) if first else "", group_label(summary, code, lang),
                             share(None, g.n, audience=audience).text(lang), num.DASH, num.DASH, num.DASH))
                first = False
                continue
            figure = agree_share(item, code, audience) if is_opinion(item) else None
            small = small or bool(figure is not None and figure.mode == "count")
            middle = (median_stage(item, g.median, lang) if is_sequence(item) else num.median(g.median, lang)) \
                if g.n else num.DASH
            rows.append((item_label(item, lang) if first else "", group_label(summary, code, lang), str(g.n),
                         num.count(figure.k) if figure is not None and figure.mode != "none" else num.DASH,
                         num.percent(figure.shown, lang) if figure is not None and figure.mode == "percent"
                         else num.DASH, middle or num.DASH))
            first = False
    if not rows:
        return None
    upper = tr.gettext("Agreed") if all(opinion) and all(it.scale == "agreement" for it in items
                                                          if it.kind == "ordinal") \
        else tr.gettext("Upper answers")
    header = (tr.gettext("Item"), tr.gettext("Group"), tr.gettext("n"), upper, tr.gettext("Share"),
              tr.gettext("Median"))
    notes = []
    if upper != tr.gettext("Agreed"):
        notes.append(tr.gettext("Upper answers: the top two choices of a scale of four or more points (the top one "
                                "of a shorter scale); a sequence of stages has none, and its median is a stage."))
    if small:
        notes.append(small_groups_note(lang, audience))
    return Table(caption, header, tuple(rows), sentences(lang, *notes) or None).punctuated(lang)


def option_table(summary: Any, items: Sequence[Any], lang: str, caption: str,
                 audience: Audience = SECRETARIAT) -> Table | None:
    """Select items: per option, how many of each group chose it ("9/12 (75%)", "2/3")."""
    tr = translations(lang)
    chosen = [it for it in items if it.kind in ("nominal", "multiple")]
    codes = ordered_groups(summary, {c for it in chosen for c in it.groups})
    rows, small = [], False
    for item in chosen:
        first = True
        for option in item.options:
            figures = [share(option.groups[c].selected, option.groups[c].n, option.groups[c].share, audience)
                       if c in option.groups else share(None, 0) for c in codes]
            small = small or any(f.mode == "count" for f in figures)
            rows.append((item_label(item, lang) if first else "", option_label(option, lang),
                         *(f.fraction(lang) for f in figures)))
            first = False
    if not rows:
        return None
    header = (tr.gettext("Item"), tr.gettext("Option"), *(group_label(summary, c, lang) for c in codes))
    return Table(caption, header, tuple(rows), small_groups_note(lang, audience) if small else None).punctuated(lang)


def results_frame(summary: Any, audience: Audience = SECRETARIAT) -> pd.DataFrame:
    """One row per item and group with its statistics and the item's test (the results CSV);
    shares and their intervals only where they may be given as percentages."""
    rows = []
    for item in summary.items:
        test = item.test
        for code, g in item.groups.items():
            figure = agree_share(item, code, audience) if is_opinion(item) else None
            shown = figure is not None and figure.mode == "percent"
            visible = shows_group(g.n, audience)
            ci = g.agree_ci95 if shown else None
            rows.append({
                "question": item.question, "item": item.item, "kind": item.kind, "scale": item.scale,
                "label_en": item.label.get("en") if item.label else None, "group": code,
                "n": g.n if visible else None, "missing": g.missing if visible and shows_group(g.missing, audience)
                else None, "agree_share": g.agree_share if shown else None,
                "agree_ci95_low": ci.low if ci else None, "agree_ci95_high": ci.high if ci else None,
                "median": g.median if visible else None, "mean": g.mean if visible else None,
                "sd": g.sd if visible else None, "consensus": g.consensus if visible else None,
                "test": test.method if test else None, "statistic": test.statistic if test else None,
                "pvalue": test.pvalue if test else None, "qvalue": item.qvalue if test else None,
                "effect_size": test.effect_size if test else None,
                "effect_magnitude": test.effect_size_magnitude if test else None,
                "groups_differ": any_differs(item)})
    return pd.DataFrame(rows)
