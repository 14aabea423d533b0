"""Who is compared with whom: the compare-by variable, filters, and a second wave.

Turns a :class:`~surveys.wavedata.WaveData` into answers tagged with a group code, so every
statistic downstream sees the same respondents. Respondents without a value for the
compare-by variable are left out and counted, never silently folded into a group.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from surveys.errors import TrialogueError
from surveys.model import GROUP_CODES, GROUP_LABELS
from surveys.wavedata import WaveData

#: Labels of the Council-seat variable in the six UN languages.
SEAT_LABELS: Mapping[str, Mapping[str, str]] = {
    "p5": {"en": "Permanent members", "fr": "Membres permanents", "es": "Miembros permanentes",
           "ru": "Постоянные члены", "zh": "常任理事国", "ar": "الأعضاء الدائمون"},
    "e10": {"en": "Elected members", "fr": "Membres élus", "es": "Miembros elegidos",
            "ru": "Избранные члены", "zh": "当选理事国", "ar": "الأعضاء المنتخبون"},
    "non_member": {"en": "Not on the Council", "fr": "Non membres du Conseil",
                   "es": "No miembros del Consejo", "ru": "Не члены Совета",
                   "zh": "非安理会成员", "ar": "غير الأعضاء في المجلس"},
}
YES_NO_LABELS: Mapping[str, Mapping[str, str]] = {
    "yes": {"en": "Yes", "fr": "Oui", "es": "Sí", "ru": "Да", "zh": "是", "ar": "نعم"},
    "no": {"en": "No", "fr": "Non", "es": "No", "ru": "Нет", "zh": "否", "ar": "لا"},
}


#: Catch-all groups per compare-by variable: shown with their numbers, but never weighed in
#: the lists that compare institutions (common ground, dividing lines, the pair of groups an
#: item's finding names). "Other" gathers observers and states outside the three institutional
#: groups; a majority or a gap involving it says nothing about the triangle.
CATCH_ALL: Mapping[str, frozenset[str]] = {"group": frozenset({"other"})}
#: Groups listed (with 0) even when nobody in them answered, so a silent group is seen.
ALWAYS_LISTED: Mapping[str, tuple[str, ...]] = {"group": tuple(g for g in GROUP_CODES if g != "other")}


class UnknownVariable(TrialogueError):
    """A compare-by or filter variable that the wave does not have."""


@dataclass(frozen=True)
class Comparison:
    """Answers tagged with the group they are compared in.

    ``answers`` has columns ``key`` (respondent, unique across waves), ``item``, ``value``,
    ``group``; ``sizes`` the respondents per group after filters (0 for a listed group
    nobody in which answered); ``n_excluded`` how many respondents had no value for the
    compare-by variable; ``catch_all`` the groups left out of the institutional comparisons.
    """

    by: str
    groups: tuple[str, ...]
    labels: Mapping[str, Mapping[str, str]]
    sizes: Mapping[str, int]
    answers: pd.DataFrame
    n_excluded: int
    catch_all: tuple[str, ...] = ()

    @property
    def headline(self) -> tuple[str, ...]:
        """The groups the institutional comparisons weigh: every group but the catch-all."""
        return tuple(g for g in self.groups if g not in self.catch_all)


def _codes(series: pd.Series) -> pd.Series:
    """Compare-by values as text codes; booleans read as yes/no; missing stays missing."""
    def code(v):
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
            return None
        if isinstance(v, bool):
            return "yes" if v else "no"
        text = str(v).strip()
        return text or None
    return series.map(code).astype(object)


def _filter_values(values) -> set[str]:
    items = [values] if isinstance(values, (str, bool, int, float)) else list(values)
    aliases = {"true": "yes", "false": "no"}
    out = set()
    for v in items:
        text = ("yes" if v else "no") if isinstance(v, bool) else str(v).strip()
        out.add(aliases.get(text.lower(), text))
    return out


def _tagged(data: WaveData, prefix: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    people = data.respondents.copy()
    if "wave" not in people.columns or people["wave"].isna().all():
        people["wave"] = data.wave.name
    people["key"] = prefix + people["respondent"].astype(str)
    answers = data.answers.loc[:, ["respondent", "item", "value"]].copy()
    answers["key"] = prefix + answers["respondent"].astype(str)
    return people, answers


def _order(by: str, present: set[str], data: WaveData, other: WaveData | None) -> list[str]:
    if by == "group":
        return [g for g in GROUP_CODES if g in present] + sorted(present - set(GROUP_CODES))
    if by == "p5_e10":
        return [g for g in SEAT_LABELS if g in present] + sorted(present - set(SEAT_LABELS))
    if by == "wave" and other is not None:
        waves = sorted([other.wave, data.wave], key=lambda w: (w.reference_date is None, w.reference_date or 0))
        return [w.name for w in waves if w.name in present]
    return sorted(present)


def value_labels(by: str) -> Mapping[str, Mapping[str, str]]:
    """The labels, in the six languages, of the values of a compare-by variable the registry
    and the model name (groups, Council seats, regional groups, yes/no); empty for others."""
    if by == "group":
        return GROUP_LABELS
    if by in ("p5_e10", "council_seat"):
        return SEAT_LABELS
    if by == "region":
        try:  # the registry owns region names; fall back to codes if it is not there
            from surveys.respondents.registry import REGION_LABELS
        except ImportError:
            return {}
        return REGION_LABELS
    if by == "tcc_pcc":
        return YES_NO_LABELS
    return {}


def _labels(by: str, codes: list[str]) -> dict[str, Mapping[str, str]]:
    table = value_labels(by)
    return {c: dict(table.get(c, {})) or {"en": c} for c in codes}


def build_comparison(data: WaveData, by: str = "group", filters: Mapping[str, object] | None = None,
                     *, other: WaveData | None = None) -> Comparison:
    """Tag each answer of ``data`` (and ``other``, when comparing waves) with its group.

    ``filters`` map a respondent column (or an item name: respondents who gave that answer)
    to one value or a list of values. Raises :class:`UnknownVariable` naming what exists.
    """
    if by == "wave" and other is None:
        raise UnknownVariable("comparing by wave needs a second wave (other=...)")
    people, answers = _tagged(data, "")
    if by == "wave" and other is not None:
        if other.wave.name == data.wave.name:
            raise UnknownVariable(f"both waves are called {data.wave.name!r}; choose two different waves")
        people_o, answers_o = _tagged(other, other.wave.name + "\x1f")
        people = pd.concat([people, people_o], ignore_index=True)
        answers = pd.concat([answers, answers_o], ignore_index=True)
        people["wave"] = people["wave"].fillna(data.wave.name)
    known = [c for c in people.columns if c != "key"]
    items = {i.name for i in data.instrument.items}
    if by not in people.columns:
        raise UnknownVariable(f"cannot compare by {by!r}: the wave has no such variable "
                              f"(choose one of: {', '.join(known)})")
    for var, wanted in (filters or {}).items():
        values = _filter_values(wanted)
        if var in people.columns:
            people = people[_codes(people[var]).isin(values)]
        elif var in items:
            picked = answers[answers["item"] == var]
            hit = picked["value"].astype(str).str.split().map(lambda toks: bool(values & set(toks)))
            people = people[people["key"].isin(picked.loc[hit, "key"])]
        else:
            raise UnknownVariable(f"cannot filter on {var!r}: the wave has no such variable or item "
                                  f"(choose one of: {', '.join(known)})")
    codes = _codes(people[by])
    n_excluded = int(codes.isna().sum())
    people = people.assign(group=codes)[codes.notna()]
    present = set(people["group"])
    wanted = _filter_values(filters[by]) if filters and by in filters else None
    present |= {g for g in ALWAYS_LISTED.get(by, ()) if wanted is None or g in wanted}
    order = _order(by, present, data, other)
    sizes = people["group"].value_counts()
    keys = pd.Index(people["key"])
    if keys.is_unique:  # one row per respondent: look each answer's respondent up once
        at = keys.get_indexer(answers["key"])
        answers = answers[at >= 0].copy()
        answers["group"] = people["group"].to_numpy(dtype=object)[at[at >= 0]]
    else:
        group_of = dict(zip(people["key"], people["group"]))
        answers = answers[answers["key"].isin(group_of.keys())].copy()
        answers["group"] = answers["key"].map(group_of)
    answers["value"] = answers["value"].astype(str).str.strip()
    answers = answers[answers["value"] != ""]
    return Comparison(by, tuple(order), _labels(by, order), {g: int(sizes.get(g, 0)) for g in order},
                      answers.loc[:, ["key", "item", "value", "group"]].reset_index(drop=True), n_excluded,
                      tuple(g for g in order if g in CATCH_ALL.get(by, ())))
