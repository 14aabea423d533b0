"""What an ordinal scale measures decides how it is read out (see :data:`surveys.model.SCALES`).

An agreement scale is drawn on a "disagree ← → agree" axis and summarised by the share
agreeing; a quality, effectiveness or severity scale by the share in its upper answers,
named by their own labels ("“Good” or “Very good”"); a ``sequence`` of stages in time
("When should dialogue begin?") is not an opinion at all: it is drawn as a distribution
from the earliest stage to the latest and summarised by its median stage.
"""
from __future__ import annotations

import math
from typing import Any

from .labels import level_label, quoted
from .language import N_, translations

#: The share axis of a diverging chart, per scale.
AXIS_TITLES = {
    "agreement": N_("Share of answers (disagree ← → agree)"),
    "quality": N_("Share of answers (poor ← → good)"),
    "effectiveness": N_("Share of answers (less ← → more effective)"),
    "severity": N_("Share of answers (less ← → more serious)"),
    "frequency": N_("Share of answers (less ← → more often)"),
    "importance": N_("Share of answers (less ← → more important)"),
    "rating": N_("Share of answers (lower ← → higher)"),
    "sequence": N_("Share of answers (earliest stage ← → latest stage)"),
}


def scale_of(item: Any) -> str | None:
    """The item's scale (``None`` unless ordinal)."""
    if item.kind != "ordinal":
        return None
    return item.scale or "rating"


def is_sequence(item: Any) -> bool:
    return scale_of(item) == "sequence"


def is_opinion(item: Any) -> bool:
    """An ordinal scale with upper answers to count (anything but a sequence)."""
    return item.kind == "ordinal" and not is_sequence(item)


def axis_title(item: Any, lang: str) -> str:
    return translations(lang).gettext(AXIS_TITLES.get(scale_of(item) or "rating", AXIS_TITLES["rating"]))


def substantive_levels(item: Any) -> list[Any]:
    """The choices on the scale, lowest first (non-substantive ones such as "Don't know" apart)."""
    return sorted((lv for lv in item.levels if not lv.missing), key=lambda lv: lv.rank or 0)


def upper_levels(item: Any) -> list[Any]:
    """The choices the share in the upper answers counts: the top two of a scale of four or more
    points, the top one of a shorter scale (the engine's rule, :mod:`analysis.items`)."""
    levels = substantive_levels(item)
    top = 2 if len(levels) >= 4 else 1
    return levels[-top:] if levels else []


def upper_answers(item: Any, lang: str) -> str:
    """The upper answers by their labels: “Good” or “Very good”."""
    tr = translations(lang)
    return tr.gettext(" or ").join(quoted(level_label(item, lv.name, lang), lang) for lv in upper_levels(item))


def agreement(item: Any) -> bool:
    return scale_of(item) == "agreement"


def positive_verb(item: Any, lang: str, k: int) -> str:
    """What ``k`` people in the upper answers did: "agreed" / "answered “Good” or “Very good”"."""
    tr = translations(lang)
    if agreement(item):
        return tr.ngettext("agreed", "agreed", k)
    return tr.ngettext("answered {choices}", "answered {choices}", k).format(choices=upper_answers(item, lang))


def share_title(item: Any, lang: str) -> str:
    """The name of the summary share: "Share agreeing" / "Share in the upper answers"."""
    tr = translations(lang)
    return tr.gettext("Share agreeing") if agreement(item) else tr.gettext("Share in the upper answers")


def median_stage(item: Any, median: float | None, lang: str) -> str | None:
    """The stage a group's median falls on, by its label ("During negotiation of the
    resolution"); a median between two stages names both."""
    if median is None or not math.isfinite(median):
        return None
    levels = substantive_levels(item)
    low, high = math.floor(median), math.ceil(median)
    if not 1 <= low <= len(levels) or not 1 <= high <= len(levels):
        return None
    first = quoted(level_label(item, levels[low - 1].name, lang), lang)
    if low == high:
        return first
    second = quoted(level_label(item, levels[high - 1].name, lang), lang)
    return translations(lang).gettext("between {first} and {second}").format(first=first, second=second)
