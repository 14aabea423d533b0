"""All caching of the dashboard, in one place.

* The store (a SQLAlchemy engine) lives behind ``st.cache_resource``, one per database URL.
* The data version is read behind a short TTL, so any number of open tabs cost one query
  per interval; every heavier result is keyed on it, so an import makes new keys and old
  entries simply age out.
* Heavy results (the wave's frames, summaries) are keyed on small hashable arguments:
  (url, wave, data version, compare-by, filters as a sorted tuple of tuples, and the
  audience's key — its role and minimum cell size —, since members and viewers get the
  summary :func:`analysis.present.disclosure.summarize_for` makes for them).
* Sessions that miss the same key at the same moment (twenty readers after an import) compute
  it once: Streamlit holds one lock per cache key and the others wait for that result, able to
  stop if their reader moves on (``tests/dashboard/test_dashboard_cache.py`` holds it to that).
"""
from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import streamlit as st

from analysis.present.disclosure import Audience, Disclosed
from analysis.summary import Summary
from surveys.errors import TrialogueError
from surveys.storage.store import DEFAULT_URL, URL_VARIABLE, Store, open_store
from surveys.wavedata import WaveData

if TYPE_CHECKING:
    from analysis.present.deliberation.audience import RoundView

#: Seconds a data version read is reused; with the live check every LIVE_SECONDS an
#: import shows within VERSION_TTL + LIVE_SECONDS (< 10 s).
VERSION_TTL = 3
LIVE_SECONDS = 5

Filters = tuple[tuple[str, tuple[str, ...]], ...]
#: ``Audience.key``: the role and minimum cell size an aggregate is computed for.
AudienceKey = tuple[str, int]
SECRETARIAT_KEY: AudienceKey = ("secretariat", 0)


def audience_of(key: AudienceKey) -> Audience:
    return Audience() if key[0] == "secretariat" else Audience(key[0], None, key[1])


def database_url() -> str:
    """The URL the app uses: ``$TRIALOGUE_DATABASE_URL`` or the default SQLite file."""
    return os.environ.get(URL_VARIABLE) or DEFAULT_URL


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return open_store(url)


def store() -> Store:
    """The open store for this process (raises ``TrialogueError`` with a fix-it message)."""
    return _store(database_url())


@st.cache_data(ttl=VERSION_TTL, show_spinner=False)
def waves(url: str) -> tuple[str, ...]:
    return tuple(wave.name for wave in _store(url).waves())


@st.cache_data(ttl=VERSION_TTL, show_spinner=False)
def data_version(url: str, wave: str) -> str | None:
    """The wave's data version, or None when the wave is gone."""
    try:
        return _store(url).data_version(wave)
    except TrialogueError:
        return None


def clear_versions() -> None:
    """Forget the short-lived reads (after this session imported or withdrew something)."""
    waves.clear()
    data_version.clear()


@st.cache_resource(max_entries=8, show_spinner=False)
def wave_data(url: str, wave: str, version: str) -> WaveData:
    """The wave's frames. A shared resource (not copied per rerun): callers must not mutate it."""
    return _store(url).load_wave(wave)


@st.cache_data(max_entries=128, show_spinner=False)
def chart_spec(key: tuple, _chart) -> dict:
    """The Vega-Lite spec of a chart, built (``_chart()``, an altair chart) once per ``key``: the
    small keys it depends on (url, wave, data version, language, audience …). Converting and
    validating an altair chart costs a tenth of a second of the server's one interpreter per
    page run; twenty readers opening a page at once would wait for each other's."""
    return _chart().to_dict()


def filters_key(filters: dict[str, list[str]] | None) -> Filters:
    """Filters as a small sorted hashable key (empty selections dropped)."""
    return tuple(sorted((name, tuple(sorted(map(str, values))))
                        for name, values in (filters or {}).items() if values))


@st.cache_resource(max_entries=64, show_spinner=False)
def summary(url: str, wave: str, version: str, by: str = "group", filters: Filters = (),
            other: str | None = None, other_version: str | None = None,
            audience: AudienceKey = SECRETARIAT_KEY) -> Summary:
    """The frozen summary of the wave for ``audience`` (``summarize_for``); with ``other``, this
    wave against that one. Pages hand it to :mod:`analysis.present` as it is. A shared resource
    rather than a pickled copy: unpickling it was the largest part of a warm page run, and a
    frozen summary is never changed by its readers."""
    from analysis.present.disclosure import summarize_for

    data = wave_data(url, wave, version)
    other_data = wave_data(url, other, other_version) if other and other_version else None
    return summarize_for(data, audience_of(audience), by=by, filters={k: list(v) for k, v in filters} or None,
                         other=other_data)


@st.cache_resource(max_entries=64, show_spinner=False)
def scorecard(url: str, wave: str, version: str, by: str, filters: Filters, other: str | None,
              other_version: str | None, audience: AudienceKey, lang: str) -> pa.Table:
    """The Overview's scorecard (``analysis.present.tables.scorecard_frame``) as an Arrow table:
    built once per data version and language, not on every run of every session."""
    from analysis.present.tables import scorecard_frame

    frame = scorecard_frame(summary(url, wave, version, by, filters, other, other_version, audience), lang,
                            audience_of(audience))
    return pa.Table.from_pandas(frame, preserve_index=False)


@st.cache_resource(max_entries=16, show_spinner=False)
def disclosed(url: str, wave: str, version: str, audience: AudienceKey = SECRETARIAT_KEY) -> Disclosed:
    """What ``audience`` may see of the wave: its respondents and the variables it may compare
    and filter by. A shared resource: callers must not mutate it."""
    from analysis.present.disclosure import disclosed as disclose

    return disclose(wave_data(url, wave, version), audience_of(audience))


@st.cache_data(ttl=VERSION_TTL, show_spinner=False)
def sign_in_limits(url: str) -> tuple[int, int]:
    """(hours a sign-in lasts, minutes without use that end it), read like the data version."""
    from surveys.access.settings import setting

    store = _store(url)
    return setting(store, "session_hours"), setting(store, "idle_minutes")


@st.cache_data(ttl=VERSION_TTL, show_spinner=False)
def min_cell(url: str) -> int:
    """The minimum cell size the secretariat set (every process reads the store)."""
    from surveys.access.settings import min_cell as stored

    return stored(_store(url))


@st.cache_data(max_entries=32, show_spinner=False)
def comments(url: str, wave: str, version: str, question: str, filters: Filters = (),
             audience: AudienceKey = SECRETARIAT_KEY) -> pd.DataFrame:
    """Free-text answers to one question: respondent, group, item, text (filters applied; for
    members, only respondents ``audience`` may see). The name shown beside each is the
    presentation layer's to decide (``analysis.present.comments.shown_names``)."""
    data = disclosed(url, wave, version, audience).data
    items = [item.name for item in data.instrument.items_of(question) if item.kind == "text"]
    answers = data.answers[data.answers["item"].isin(items)]
    people = _filtered(data.respondents, filters)[["respondent", "group"]]
    merged = answers.merge(people, on="respondent", how="inner")
    merged = merged[merged["value"].astype(str).str.strip() != ""]
    return merged[["respondent", "group", "item", "value"]].reset_index(drop=True)


def _filtered(respondents: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    mask = pd.Series(True, index=respondents.index)
    for column, values in filters:
        if column in respondents.columns:
            mask &= respondents[column].astype(str).isin(values)
    return respondents[mask]


@st.cache_data(max_entries=16, show_spinner=False)
def filter_options(url: str, wave: str, version: str) -> dict[str, tuple[str, ...]]:
    """Values each filterable respondent column takes in the wave (few-valued columns only)."""
    data = wave_data(url, wave, version)
    frame = data.respondents
    columns = ["group", "p5_e10", "region", *data.attributes]
    options = {}
    for column in columns:
        values = sorted({str(v) for v in frame[column].dropna().unique()}) if column in frame else []
        if 1 < len(values) <= 30 or column == "group" and values:
            options[column] = tuple(values)
    return options


@st.cache_data(max_entries=16, show_spinner=False)
def respondent_count(url: str, wave: str, version: str) -> int:
    return len(wave_data(url, wave, version).respondents)


@st.cache_data(max_entries=16, show_spinner=False)
def last_import(url: str, wave: str, version: str) -> dt.datetime | None:
    """When the newest import still stored in the wave was made."""
    stored = [record for record in _store(url).imports(wave) if record.outcome == "ok"]
    return stored[-1].imported_at if stored else None


@st.cache_data(ttl=VERSION_TTL, show_spinner=False)
def contribution_months(url: str) -> tuple:
    """The store's contribution months (built-in plus imported): the TCC/PCC roster's source."""
    return _store(url).contribution_months()


def months_version(url: str) -> str:
    """A short key of the stored contribution months, so an import of figures makes new keys."""
    return "|".join(f"{m.month.isoformat()}:{m.source}:{len(m.personnel)}" for m in contribution_months(url))


def roster(url: str, wave: str, version: str, lang: str) -> pd.DataFrame:
    """Who was expected to answer the wave, and whether they did (``analysis.present.roster``)."""
    return _roster(url, wave, version, lang, months_version(url))


@st.cache_data(max_entries=32, show_spinner=False)
def _roster(url: str, wave: str, version: str, lang: str, months: str) -> pd.DataFrame:
    from analysis.present.roster import roster as build

    data = wave_data(url, wave, version)
    return build(data.respondents, data.wave.reference_date, contribution_months(url), lang)


def report(url: str, wave: str, version: str, by: str, filters: Filters, other: str | None,
           other_version: str | None, fmt: str, lang: str, file_name: str,
           audience: AudienceKey = SECRETARIAT_KEY) -> bytes:
    """A Word/Excel/Markdown report or the answers CSV for ``audience`` (see :func:`_report`)."""
    return _report(url, wave, version, by, filters, other, other_version, fmt, lang, file_name, months_version(url),
                   audience, rounds_version(url, wave), report_coding(url, wave, by, fmt))


def rounds_version(url: str, wave: str) -> str:
    """A short key of the wave's rounds (names, data versions, states): a vote or closing makes new keys."""
    return "|".join(f"{r.name}:{r.data_version}:{round_state(r)}" for r in rounds(url, wave))


def report_coding(url: str, wave: str, by: str, fmt: str) -> str | None:
    """The coding version a report of this kind includes (None: no coded comments in it)."""
    return None if by == "wave" or fmt == "csv" else coding_version(url, wave)


@st.cache_data(max_entries=8, show_spinner=False)
def _report(url: str, wave: str, version: str, by: str, filters: Filters, other: str | None,
            other_version: str | None, fmt: str, lang: str, file_name: str, months: str,
            audience: AudienceKey = SECRETARIAT_KEY, rounds_key: str = "", coded: str | None = None) -> bytes:
    """A Word/Excel/Markdown report or the answers CSV for ``audience`` from
    ``analysis.exports.export_report`` (charts included), with a chapter (and an Excel sheet) per
    deliberation round of the wave, and the coded themes and the quote bank of coding version
    ``coded``."""
    from analysis.exports import export_report
    from surveys.rounds.ledger import load_round

    data = wave_data(url, wave, version)
    found = [load_round(_store(url), r.name) for r in rounds(url, wave)] if rounds_key else []
    extra = {}
    if coded is not None:
        _codebook, _codings, quotes = coding(url, wave, version, coded)
        extra = dict(themes=themes(url, wave, version, coded, by, filters, audience), quotes=quotes,
                     coding_version=coded)
    return export_report(summary(url, wave, version, by, filters, other, other_version, audience), data, fmt, lang,
                         out_name=file_name, months=contribution_months(url), audience=audience_of(audience),
                         rounds=found, **extra)


@st.cache_resource(max_entries=64, show_spinner=False)
def own_answers(wave: str, version: str, delegation: str, lang: str) -> pa.Table:
    """A delegation's own answers, as a member sees them on the Overview (an Arrow table, made
    once per data version and language rather than converted on every run)."""
    from analysis.exports.csv_answers import answers_of

    frame = answers_of(wave_data(database_url(), wave, version), delegation, lang)
    return pa.Table.from_pandas(frame, preserve_index=False)


# --- deliberation rounds ---------------------------------------------------------------------

@st.cache_data(ttl=VERSION_TTL, show_spinner=False)
def rounds(url: str, wave: str | None = None) -> tuple:
    """The rounds (of ``wave``), each with its data version, state and setting: a cheap read
    reused for a few seconds, whose versions key everything heavier."""
    from surveys.rounds.ledger import rounds as stored

    return stored(_store(url), wave)


def round_state(found) -> tuple[str, bool]:
    """What besides the votes decides what a round's pages show: closed (when), running results."""
    return (found.closed_at.isoformat() if found.closed_at else "", bool(found.running_results))


def round_view(url: str, found, audience) -> RoundView:
    """The analysis of round ``found`` as ``audience`` may see it (``analysis.present.deliberation``),
    cached on the round's data version and state and on the audience's key (role, minimum cell)."""
    return _round_view(url, found.name, found.data_version, round_state(found), audience.key)


@st.cache_data(max_entries=16, show_spinner=False)
def _round_view(url: str, name: str, version: str, state: tuple[str, bool], key: AudienceKey):
    from analysis.present.deliberation import names_shown, round_for
    from surveys.rounds.ledger import load_round

    audience = audience_of(key)
    return round_for(load_round(_store(url), name, attributed=names_shown(audience)), audience)


@st.cache_data(max_entries=16, show_spinner=False)
def ballot(url: str, name: str, version: str) -> tuple:
    """The statements of round ``name`` a delegation votes on (accepted), in the round's order."""
    from surveys.rounds.ledger import round_statements

    return round_statements(_store(url), name, states=("accepted",))


def clear_rounds() -> None:
    """Forget the short-lived round reads (after this session voted, moderated or closed a round)."""
    rounds.clear()


# --- open-ended answers: comments, distinctive terms, coding --------------------------------------
# Shared resources rather than pickled copies: every reader gets the same frozen objects (thousands
# of comments and codings would otherwise be unpickled on every run); callers must not mutate them.

@st.cache_data(ttl=VERSION_TTL, show_spinner=False)
def coding_version(url: str, wave: str) -> str | None:
    """The wave's coding version (codebook, codings, quotes), read like the data version."""
    from surveys.coding import coding_version as version

    try:
        return version(_store(url), wave)
    except TrialogueError:
        return None


def clear_coding() -> None:
    """Forget the coding version read (after this session changed the codebook, a coding or a quote)."""
    coding_version.clear()


def comparable(by: str) -> str:
    """Comments are compared within one wave: wave against wave falls back to respondent groups."""
    return "group" if by == "wave" else by


@st.cache_resource(max_entries=16, show_spinner=False)
def comment_set(url: str, wave: str, version: str, by: str = "group", filters: Filters = (),
                audience: AudienceKey = SECRETARIAT_KEY):
    """Every comment of the wave with group, region and detected language (``analysis.read_comments``),
    of the respondents ``audience``'s figures are computed from."""
    from analysis import read_comments

    return read_comments(wave_data(url, wave, version), by=comparable(by), filters={k: list(v) for k, v in filters},
                         audience=audience_of(audience))


@st.cache_resource(max_entries=32, show_spinner=False)
def terms(url: str, wave: str, version: str, question: str, by: str = "group", filters: Filters = (),
          audience: AudienceKey = SECRETARIAT_KEY):
    """Distinctive terms of each group's comments on ``question`` (the wave's comments as background),
    for ``audience``."""
    from analysis import distinctive_terms

    everything = comment_set(url, wave, version, by, filters, audience)
    compared = list(everything.of_question(question))
    return distinctive_terms(compared, background=list(everything), by=everything.by,
                             groups=[g for g in everything.group_labels if any(c.group == g for c in compared)])


@st.cache_resource(max_entries=16, show_spinner=False)
def coding(url: str, wave: str, version: str, coded: str | None) -> tuple:
    """(codebook, codings, quotes) of the wave at coding version ``coded``."""
    from surveys.coding import load_codebook, load_codings, load_quotes

    store = _store(url)
    return load_codebook(store, wave), load_codings(store, wave), load_quotes(store, wave)


@st.cache_data(max_entries=8, show_spinner=False)
def coding_sheet(url: str, wave: str, version: str, coded: str | None, coder: str | None) -> bytes:
    """The coding sheet to fill (``surveys.coding.sheets_out.write_coding_template``: every comment,
    ``coder``'s codes so far) at data version ``version`` and coding version ``coded``."""
    import tempfile
    from pathlib import Path

    from surveys.coding.sheets_out import write_coding_template

    with tempfile.TemporaryDirectory(prefix="trialogue-coding-") as folder:
        path = Path(folder) / "coding-sheet.xlsx"
        write_coding_template(_store(url), path, wave=wave, coder=coder)
        return path.read_bytes()


@st.cache_resource(max_entries=16, show_spinner=False)
def themes(url: str, wave: str, version: str, coded: str | None, by: str = "group", filters: Filters = (),
           audience: AudienceKey = SECRETARIAT_KEY):
    """Agreed themes × group with tests and reliability (``analysis.summarize_themes``) for
    ``audience``, or None without a codebook."""
    from analysis import summarize_themes

    codebook, codings, _quotes = coding(url, wave, version, coded)
    if not codebook.themes:
        return None
    return summarize_themes(wave_data(url, wave, version), codebook, codings, by=comparable(by),
                            filters={k: list(v) for k, v in filters} or None, audience=audience_of(audience))
