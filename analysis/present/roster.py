"""Who answered, against who could have: the roster of each respondent group at a wave's date.

One roster for the Overview page and the reports alike. The contribution months are the
store's (``Store.contribution_months()``: the built-in months plus any imported with
``python -m surveys contributions import``), so an import changes both the same way.

The universe of each group, as of the wave's reference date:
* Security Council: the 15 members of that year (``surveys.respondents.registry.council_seats``);
* TCC/PCC: member states with uniformed personnel deployed in the month of contribution
  figures used at that date (``surveys.respondents.contributions.contributors_on``), not counting
  Council members (who answer as Council members);
* Secretariat: the departments and offices the registry knows;
* Other: open-ended, no universe.
Pure functions: frames in, frames out; names come back in the reader's language.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

import pandas as pd

from analysis.comparison import ALWAYS_LISTED
from surveys.model import GROUP_CODES
from surveys.respondents.contributions import contributors_on
from surveys.respondents.registry import COUNCIL_YEARS, council_seats, member_states
from surveys.respondents.secretariat import secretariat_entities

ROSTER_COLUMNS = ("group", "key", "name", "seat", "answered")
COVERAGE_COLUMNS = ("group", "responded", "universe")


def roster(respondents: pd.DataFrame, reference_date: dt.date | None, months: Iterable,
           lang: str = "en") -> pd.DataFrame:
    """Every delegation or unit expected to answer, and whether it did.

    ``respondents`` is ``WaveData.respondents``; ``months`` the contribution months.
    """
    when = reference_date or dt.date.today()
    answered_iso = set(respondents["iso3"].dropna())
    answered_names = {str(n).casefold() for n in respondents["respondent"]}
    states = {state.iso3: state for state in member_states()}
    seats = council_seats(when.year) if when.year in COUNCIL_YEARS else {}
    rows: list[tuple[str, str, str, str | None, bool]] = []
    for iso3, seat in sorted(seats.items(), key=lambda kv: (kv[1] != "p5", states[kv[0]].name(lang)
                                                            if kv[0] in states else kv[0])):
        name = states[iso3].name(lang) if iso3 in states else iso3
        rows.append(("council", iso3, name, seat, iso3 in answered_iso))
    contributors = contributors_on(list(months), when) - set(seats)
    for iso3 in sorted(contributors, key=lambda c: states[c].name(lang) if c in states else c):
        name = states[iso3].name(lang) if iso3 in states else iso3
        rows.append(("tcc_pcc", iso3, name, None, iso3 in answered_iso))
    for entity in secretariat_entities():
        known = {str(n).casefold() for n in (*entity.names.values(), *entity.aliases, entity.code)}
        rows.append(("secretariat", entity.code, entity.name(lang), None, bool(known & answered_names)))
    return pd.DataFrame(rows, columns=list(ROSTER_COLUMNS))


def coverage(respondents: pd.DataFrame, expected: pd.DataFrame) -> pd.DataFrame:
    """Respondents per group against the group's universe (``None`` for Other); every
    institutional group is listed, with 0 when nobody in it responded."""
    counts = respondents["group"].value_counts()
    sizes = expected.groupby("group").size()
    rows = []
    for group in GROUP_CODES:
        responded = int(counts.get(group, 0))
        universe = int(sizes[group]) if group in sizes.index else None
        if responded or universe or group in ALWAYS_LISTED["group"]:
            rows.append((group, responded, universe))
    return pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))


def roster_sizes(expected: pd.DataFrame) -> dict[str, int]:
    """How many could have answered, per group of the roster."""
    return {str(g): int(n) for g, n in expected.groupby("group").size().items()}


def wave_roster(data, months: Iterable | None = None, lang: str = "en") -> pd.DataFrame:
    """:func:`roster` of a ``WaveData``; ``months`` default to the built-in ones (a store's
    ``contribution_months()`` adds the imported ones)."""
    if months is None:
        from surveys.respondents.contributions import builtin_months

        months = builtin_months()
    return roster(data.respondents, data.wave.reference_date, months, lang)


def coverage_metrics(table: pd.DataFrame, lang: str = "en") -> list[tuple[str, str, str | None]]:
    """Per group of :func:`coverage`: (label, "15 / 15" or "5", what share of the roster answered)."""
    from .disclosure import share
    from .labels import code_label
    from .language import translations

    out: list[tuple[str, str, str | None]] = []
    for row in table.itertuples():
        label = code_label("group", row.group, lang)
        if row.universe == row.universe and row.universe:
            figure = share(int(row.responded), int(row.universe))
            help_text = translations(lang).gettext("{share} of the group answered").format(share=figure.text(lang))
            out.append((label, f"{row.responded} / {int(row.universe)}", help_text))
        else:
            out.append((label, str(row.responded), None))
    return out
