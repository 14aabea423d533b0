"""What codes are called on screen: groups, compare-by variables, countries, waves.

Names of member states are the UN's short names in the chosen language, from the registry;
group and regional-group names come from the domain model and the registry, the rest from
the catalogue.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping

from surveys.model import GROUP_LABELS, pick_label
from surveys.registry import REGION_LABELS, member_states

from .i18n import N_, translations

#: Compare-by variables every wave has, with their catalogue names.
BY_LABELS: Mapping[str, str] = {
    "group": N_("Respondent group"),
    "p5_e10": N_("P5 / E10"),
    "region": N_("Regional group"),
    "tcc_pcc": N_("TCC/PCC or not"),
    "wave": N_("Wave against wave"),
}
SEAT_LABELS: Mapping[str, str] = {
    "p5": N_("P5 (permanent members)"), "e10": N_("E10 (elected members)"),
    "non_member": N_("Not on the Council"),
}
FLAG_LABELS: Mapping[str, str] = {"True": N_("Yes"), "False": N_("No")}


def by_label(by: str, lang: str) -> str:
    """The name of a compare-by variable (workbook attributes keep their own names)."""
    return translations(lang).gettext(BY_LABELS[by]) if by in BY_LABELS else by


def code_label(column: str, code: str, lang: str) -> str:
    """The display name of one value of a respondent column."""
    _ = translations(lang).gettext
    if column == "group" and code in GROUP_LABELS:
        return pick_label(GROUP_LABELS[code], lang)
    if column == "region" and code in REGION_LABELS:
        return pick_label(REGION_LABELS[code], lang)
    if column == "p5_e10" and code in SEAT_LABELS:
        return _(SEAT_LABELS[code])
    if column == "tcc_pcc" and str(code) in FLAG_LABELS:
        return _(FLAG_LABELS[str(code)])
    return str(code)


def group_labels(by: str, codes: Iterable[str], lang: str, counts: Mapping[str, int] | None = None,
                 ) -> dict[str, str]:
    """Labels of the groups of a summary, with a second line ``n = …`` when counts are given.

    The count goes on its own line so chart axes show the whole group name (charts draw
    the lines with :data:`dashboard.charts.LINES`; tables use :func:`one_line`). "n" is the
    statistical symbol in every language, so the line is not translated.
    """
    labels = {}
    for code in codes:
        label = code_label(by, code, lang)
        if counts is not None and code in counts:
            label = f"{label}\nn = {counts[code]}"
        labels[code] = label
    return labels


def one_line(label: str) -> str:
    """A two-line group label for a table cell: ``Security Council (n = 15)``."""
    head, _sep, tail = str(label).partition("\n")
    return f"{head} ({tail})" if tail else head


@lru_cache(maxsize=1)
def _states_by_iso3() -> dict[str, object]:
    return {state.iso3: state for state in member_states()}


def country_name(iso3: str | None, fallback: str, lang: str) -> str:
    """A member state's UN short name in ``lang``; ``fallback`` for anyone else."""
    state = _states_by_iso3().get(iso3 or "")
    return state.name(lang) if state is not None else fallback


def item_label(item: Mapping, lang: str) -> str:
    """An item's label from a summary entry, in ``lang`` or English."""
    labels = item.get("label") or {}
    return (labels.get(lang) or labels.get("en") or item.get("item", "")) if isinstance(labels, Mapping) \
        else str(labels)
