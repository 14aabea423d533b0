"""Tidy tables behind each chart, built from ``Summary.to_dict()``.

The same frame feeds the altair chart and the "numbers as a table" text alternative, so
what is drawn and what is read out are one thing. Pure functions: no Streamlit, inputs
never mutated.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import pandas as pd

from surveys.model import GROUP_CODES, ChoiceList

LIKERT_COLUMNS = ("group", "group_label", "choice", "choice_label", "order", "count", "share",
                  "start", "end")
DONT_KNOW_COLUMNS = ("group", "group_label", "count", "share", "answered")
OPTION_COLUMNS = ("option", "option_label", "group", "group_label", "selected", "n", "share",
                  "ci_low", "ci_high")
SHARE_COLUMNS = ("group", "group_label", "choice", "choice_label", "order", "count", "share")
HEATMAP_COLUMNS = ("item", "item_label", "order", "group", "group_label", "value", "n", "differs")


def group_order(codes: Sequence[str]) -> list[str]:
    """Groups in the fixed order of :data:`GROUP_CODES`, then any other codes as given."""
    known = [code for code in GROUP_CODES if code in codes]
    return known + [code for code in codes if code not in known]


def _interval(value: Any) -> tuple[float, float]:
    """A 95% interval given as ``[low, high]`` or ``{"low": …, "high": …}``; NaN when absent."""
    if isinstance(value, Mapping):
        return float(value.get("low", "nan")), float(value.get("high", "nan"))
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return tuple(float("nan") if v is None else float(v) for v in value)  # type: ignore[return-value]
    return float("nan"), float("nan")


def likert_frames(item: Mapping[str, Any], choices: ChoiceList, group_labels: Mapping[str, str],
                  *, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Diverging-bar segments and the "Don't know" shares of one ordinal item.

    Shares are of substantive answers; the neutral category (the middle of an odd scale)
    straddles zero, half on each side, so bars are centred on neutral (Heiberger & Robbins,
    "Design of diverging stacked bar charts for Likert scales", J. Stat. Softw. 57(5), 2014).
    Non-substantive choices ("Don't know") are counted apart, as a share of all answers.
    """
    scale = choices.substantive
    apart = [choice for choice in choices.choices if choice.missing]
    k = len(scale)
    segments, dont_know = [], []
    for code in group_order(list(item.get("groups", {}))):
        stats = item["groups"][code]
        counts = stats.get("counts") or {}
        label = group_labels.get(code, code)
        counted = [int(counts.get(choice.name, 0) or 0) for choice in scale]
        total = sum(counted)
        dk = sum(int(counts.get(choice.name, 0) or 0) for choice in apart)
        shares = [c / total if total else 0.0 for c in counted]
        below = sum(shares[: k // 2])
        neutral = shares[k // 2] if k % 2 else 0.0
        start = -(below + neutral / 2)
        for order, (choice, count, share) in enumerate(zip(scale, counted, shares)):
            segments.append((code, label, choice.name, choice.label(lang), order,
                             count, share, start, start + share))
            start += share
        answered = total + dk
        dont_know.append((code, label, dk, dk / answered if answered else 0.0, answered))
    return (pd.DataFrame(segments, columns=list(LIKERT_COLUMNS)),
            pd.DataFrame(dont_know, columns=list(DONT_KNOW_COLUMNS)))


def share_frame(item: Mapping[str, Any], choices: ChoiceList | None,
                group_labels: Mapping[str, str], *, lang: str = "en") -> pd.DataFrame:
    """Shares of every choice (non-substantive ones last) per group, for a nominal item."""
    listed = list(choices.substantive) + [c for c in choices.choices if c.missing] if choices else []
    rows = []
    for code in group_order(list(item.get("groups", {}))):
        counts = item["groups"][code].get("counts") or {}
        names = [c.name for c in listed] + sorted(set(counts) - {c.name for c in listed})
        total = sum(int(counts.get(name, 0) or 0) for name in names)
        for order, name in enumerate(names):
            choice = choices.get(name) if choices else None
            count = int(counts.get(name, 0) or 0)
            rows.append((code, group_labels.get(code, code), name,
                         choice.label(lang) if choice else name, order, count,
                         count / total if total else 0.0))
    return pd.DataFrame(rows, columns=list(SHARE_COLUMNS))


def option_frame(item: Mapping[str, Any], group_labels: Mapping[str, str], *,
                 lang: str = "en") -> pd.DataFrame:
    """Share selecting each option of a multi-select item per group, with its 95% interval."""
    rows = []
    for option in item.get("options") or []:
        label = option.get("label")
        label = (label.get(lang) or label.get("en") or option["option"]) if isinstance(label, Mapping) \
            else (label or option["option"])
        by_group = option.get("groups") or {}
        for code in group_order(list(by_group)):
            stats = by_group[code]
            low, high = _interval(stats.get("ci95"))
            rows.append((option["option"], label, code, group_labels.get(code, code),
                         int(stats.get("selected") or 0), int(stats.get("n") or 0),
                         float(stats.get("share") if stats.get("share") is not None else "nan"),
                         low, high))
    return pd.DataFrame(rows, columns=list(OPTION_COLUMNS))


def _differing_groups(item: Mapping[str, Any], alpha: float) -> set[str]:
    """Groups taking part in a pairwise difference significant after adjustment."""
    flagged: set[str] = set()
    for pair in item.get("pairwise") or []:
        p = pair.get("pvalue_adjusted")
        if p is not None and p == p and p < alpha:
            flagged.update((pair["a"], pair["b"]))
    test = item.get("test") or {}
    q = test.get("qvalue")
    if not flagged and q is not None and q == q and q < alpha and not item.get("pairwise"):
        flagged.update(item.get("groups", {}))
    return flagged


def heatmap_frame(summary: Mapping[str, Any], group_labels: Mapping[str, str], *,
                  metric: str = "agree_share", alpha: float = 0.05,
                  question: str | None = None, lang: str = "en",
                  numbered: bool = False) -> pd.DataFrame:
    """Items × groups: the share agreeing (ordinal) or the median, flagging differing groups.

    ``numbered`` starts each item label with its question ("Q1 · …"), for lists that mix
    questions.
    """
    rows = []
    for order, item in enumerate(summary.get("items") or []):
        if question and item.get("question") != question:
            continue
        if item.get("kind") not in ("ordinal", "numeric"):
            continue
        label = item.get("label") or {}
        text = label.get(lang) or label.get("en") or item["item"]
        if numbered and item.get("question"):
            text = f"{str(item['question']).upper()} · {text}"
        flagged = _differing_groups(item, alpha)
        for code in group_order(list(item.get("groups", {}))):
            stats = item["groups"][code]
            value = stats.get(metric)
            rows.append((item["item"], text, order, code, group_labels.get(code, code),
                         float("nan") if value is None else float(value), int(stats.get("n") or 0),
                         code in flagged))
    return pd.DataFrame(rows, columns=list(HEATMAP_COLUMNS))
