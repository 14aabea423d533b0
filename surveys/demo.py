"""Deterministic demo data: the default instrument answered by a realistic 2015 set.

The 15 Council members of 2015, thirty troop- and police-contributing countries of
December 2015, a handful of other member states and four Secretariat units answer the
S/2015/1042 questionnaire. Answers are drawn with ``random.Random(42)`` around group
means chosen so that a reader sees the pattern the concept note describes:
TCC/PCCs rate current consultation lower and want dialogue to start earlier, elected
members are the most positive about their own role, and everyone agrees that informal
interactive dialogues work. Some answers are "Don't know", some are blank, and about a
third of delegations comment on each question, in their working language (the six UN
languages; see :mod:`surveys.demo_comments`, which also holds the demo codebook, two
coders' codings and the quote bank that :func:`load_demo` stores beside the answers).

The figures are invented for demonstration; they are not survey results.
"""
from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path
from typing import Mapping, Sequence

from .demo_comments import COMMENT_SEED, demo_codebook, demo_codings, demo_comment, demo_quotes
from .model import Instrument

DEMO_WAVE = "demo-2015"
DEMO_FILE = "trialogue-demo-2015.xlsx"

P5 = ("China", "France", "Russian Federation", "United Kingdom", "United States")
E10 = ("Angola", "Chad", "Chile", "Jordan", "Lithuania", "Malaysia", "New Zealand", "Nigeria", "Spain",
       "Venezuela")
TCC_PCC = ("Bangladesh", "Ethiopia", "India", "Pakistan", "Rwanda", "Nepal", "Senegal", "Ghana", "Egypt",
           "Indonesia", "Burkina Faso", "Uruguay", "Brazil", "Morocco", "United Republic of Tanzania", "Kenya",
           "Niger", "Togo", "Benin", "Cameroon", "Zambia", "Italy", "Ireland", "Fiji", "Mongolia", "Guatemala",
           "Sri Lanka", "Malawi", "South Africa", "Burundi")
OTHER = ("Saudi Arabia", "Iceland", "Costa Rica", "Liechtenstein", "Kuwait")
SECRETARIAT = ("Department of Peacekeeping Operations", "Department of Field Support", "Office of Military Affairs",
               "Police Division")

#: Mean answer on the 1–5 scale by item and respondent kind (p5, e10, tcc_pcc, other, secretariat).
MEANS: Mapping[str, Mapping[str, float]] = {
    "q1_overall": {"p5": 3.8, "e10": 3.2, "tcc_pcc": 2.2, "other": 2.8, "secretariat": 3.3},
    "q1_timely": {"p5": 3.5, "e10": 2.9, "tcc_pcc": 1.8, "other": 2.5, "secretariat": 2.8},
    "q1_views_reflected": {"p5": 3.9, "e10": 3.3, "tcc_pcc": 2.1, "other": 2.7, "secretariat": 3.1},
    "q2_severity": {"p5": 2.8, "e10": 3.4, "tcc_pcc": 4.2, "other": 3.5, "secretariat": 3.4},
    # start_stage runs from 1 (before the strategic assessment) to 5 (after authorisation).
    "q3_start": {"p5": 3.2, "e10": 2.4, "tcc_pcc": 1.5, "other": 2.2, "secretariat": 2.0},
    "q3_differ": {"p5": 3.4, "e10": 3.7, "tcc_pcc": 3.8, "other": 3.5, "secretariat": 3.6},
    "q3_conditional_pledges": {"p5": 4.0, "e10": 3.8, "tcc_pcc": 2.8, "other": 3.3, "secretariat": 4.4},
    "q4_e10_role": {"p5": 2.9, "e10": 4.6, "tcc_pcc": 3.7, "other": 3.8, "secretariat": 3.4},
    "q5_formal_meetings": {"p5": 2.8, "e10": 2.3, "tcc_pcc": 1.9, "other": 2.2, "secretariat": 2.5},
    # Common ground: every group finds the informal dialogues effective and wants them kept.
    "q5_informal_dialogues": {"p5": 4.2, "e10": 4.4, "tcc_pcc": 4.3, "other": 4.2, "secretariat": 4.3},
    "q5_expert_level": {"p5": 3.5, "e10": 3.4, "tcc_pcc": 3.1, "other": 3.2, "secretariat": 3.7},
    "q5_pr_level": {"p5": 3.2, "e10": 3.0, "tcc_pcc": 2.6, "other": 2.8, "secretariat": 3.0},
    "q5_secretariat_briefings": {"p5": 3.6, "e10": 3.4, "tcc_pcc": 2.9, "other": 3.1, "secretariat": 4.1},
    "q6_institutionalize": {"p5": 3.9, "e10": 4.4, "tcc_pcc": 4.4, "other": 4.2, "secretariat": 4.1},
}
SPREAD = {"q5_informal_dialogues": 0.55, "q6_institutionalize": 0.6}

#: Chance of ticking each option of a select_multiple, by respondent kind (default 0.3).
TICKS: Mapping[str, Mapping[str, Mapping[str, float]]] = {
    "q1_channels": {
        "tcc_pcc": {"informal_dialogues": 0.85, "formal_meetings": 0.55, "field_visits": 0.6, "penholder_bilaterals": 0.5},
        "p5": {"informal_dialogues": 0.7, "wg_discussions": 0.6, "secretariat_briefings": 0.55},
        "e10": {"informal_dialogues": 0.9, "wg_discussions": 0.5, "field_visits": 0.45},
        "*": {"informal_dialogues": 0.8, "secretariat_briefings": 0.5},
    },
    "q2_challenges": {
        "tcc_pcc": {"late_timing": 0.9, "restricted_invitations": 0.65, "information_gaps": 0.75, "formality": 0.6,
                    "no_follow_up": 0.5},
        "p5": {"formality": 0.5, "mission_capacity": 0.55, "information_gaps": 0.35},
        "e10": {"formality": 0.7, "council_participation": 0.55, "late_timing": 0.5},
        "*": {"formality": 0.6, "late_timing": 0.55, "information_gaps": 0.5},
    },
    "q4_roles": {
        "e10": {"host_dialogues": 0.9, "co_penholding": 0.8, "share_drafts": 0.6, "chair_working_group": 0.5},
        "p5": {"host_dialogues": 0.45, "co_penholding": 0.1, "chair_working_group": 0.5},
        "*": {"host_dialogues": 0.75, "share_drafts": 0.55, "co_penholding": 0.45, "regional_outreach": 0.4},
    },
    "q6_mechanisms": {
        "tcc_pcc": {"standing_calendar": 0.75, "wg_follow_up": 0.55, "c34_reports": 0.5},
        "p5": {"presidential_note": 0.6, "wg_follow_up": 0.5},
        "*": {"presidential_note": 0.55, "wg_follow_up": 0.55, "annual_review": 0.4},
    },
}
#: Weights of nominal choices, by respondent kind.
PICKS: Mapping[str, Mapping[str, Mapping[str, float]]] = {
    "q5_preferred_format": {"p5": {"formal": 3, "informal": 3, "combination": 4},
                            "*": {"formal": 1, "informal": 5, "combination": 4}},
    "q6_first_step": {"tcc_pcc": {"standing_calendar": 5, "wg_follow_up": 2, "c34_reports": 2, "presidential_note": 1},
                      "p5": {"presidential_note": 4, "wg_follow_up": 4, "annual_review": 2},
                      "*": {"presidential_note": 3, "wg_follow_up": 3, "standing_calendar": 3, "annual_review": 1}},
}
def demo_respondents() -> tuple[tuple[str, str, str], ...]:
    """(name, declared group, kind) of every demo respondent; kind is p5/e10/tcc_pcc/other/secretariat."""
    return (tuple((n, "council", "p5") for n in P5) + tuple((n, "council", "e10") for n in E10)
            + tuple((n, "tcc_pcc", "tcc_pcc") for n in TCC_PCC) + tuple((n, "other", "other") for n in OTHER)
            + tuple((n, "secretariat", "secretariat") for n in SECRETARIAT))


def demo_rows(instrument: Instrument | None = None) -> tuple[list[str], list[list]]:
    """(header, rows) of the demo wide sheet: respondent, group, level, then one column per item."""
    if instrument is None:
        from .instrument.default import default_instrument
        instrument = default_instrument()
    rng = random.Random(42)
    # Comments come from their own stream, so the comment pools can change without moving an answer.
    comment_rng = random.Random(COMMENT_SEED)
    header = ["respondent", "group", "level"] + [item.name for item in instrument.items]
    rows = []
    for name, group, kind in demo_respondents():
        level = rng.choice(("expert", "expert", "permanent representative"))
        skipped = rng.choice(instrument.questions).name if rng.random() < 0.08 else None
        row: list = [name, group, level]
        for item in instrument.items:
            if item.type == "text":
                row.append(None if item.question == skipped else demo_comment(comment_rng, item.name, name, kind))
            elif item.question == skipped or rng.random() < 0.03:
                row.append(None)
            else:
                row.append(_answer(rng, instrument, item, name, group, kind))
        rows.append(row)
    return header, rows


def _answer(rng: random.Random, instrument: Instrument, item, name: str, group: str, kind: str):
    choices = instrument.choices(item)
    if item.type == "select_multiple" and choices is not None:
        odds = _by_kind(TICKS.get(item.name, {}), kind, group)
        picked = [c.name for c in choices.substantive if rng.random() < odds.get(c.name, 0.25)]
        return " ".join(picked or [rng.choice(choices.substantive).name])
    if item.kind == "nominal" and choices is not None:
        weights = _by_kind(PICKS.get(item.name, {}), kind, group)
        names = [c.name for c in choices.substantive]
        return rng.choices(names, weights=[weights.get(n, 1) for n in names])[0]
    if item.kind == "ordinal" and choices is not None:
        scale = choices.substantive
        dont_know = next((c.name for c in choices.choices if c.missing), None)
        if dont_know and rng.random() < (0.1 if kind == "secretariat" else 0.05):
            return dont_know
        mean = MEANS.get(item.name, {}).get(kind, (len(scale) + 1) / 2)
        score = round(rng.gauss(mean, SPREAD.get(item.name, 0.85)))
        return scale[min(max(score, 1), len(scale)) - 1].name
    return None


def _by_kind(table: Mapping[str, Mapping], kind: str, group: str) -> Mapping:
    return table.get(kind) or table.get(group) or table.get("*") or {}


def demo_workbook(path: str | os.PathLike, instrument: Instrument | None = None) -> Path:
    """Write the demo answers as a wide workbook (one row per respondent, a ``group`` column)."""
    header, rows = demo_rows(instrument)
    return write_wide(path, header, rows)


def write_wide(path: str | os.PathLike, header: Sequence[str], rows: Sequence[Sequence]) -> Path:
    """Write a wide response sheet (header row, then one row per respondent) as .xlsx.

    Streams rows (openpyxl write-only mode), so ten thousand respondents take seconds.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    sheet.freeze_panes = "B2"
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    book.save(os.fspath(path))
    return Path(path)


def load_demo(store, *, wave: str = DEMO_WAVE, progress=None):
    """Import the demo workbook into ``wave`` through the real importer, if that wave is empty.

    The demo deliberation round (:mod:`surveys.rounds.demo`) comes with it. Returns the
    :class:`~surveys.storage.importer.ImportReport`, or ``None`` when the wave already holds answers
    (nothing is changed then).
    """
    from .errors import NotFound
    from .storage.importer import import_files

    try:
        if store.counts(wave)[0]:
            return None
    except NotFound:
        pass
    with tempfile.TemporaryDirectory(prefix="trialogue-demo-") as folder:
        path = demo_workbook(Path(folder) / DEMO_FILE)
        report = import_files(store, [path], wave=wave, progress=progress)
    if report.ok:
        load_demo_coding(store, wave=wave)
    if report.ok and wave == DEMO_WAVE:
        from .rounds.demo import load_demo_round
        load_demo_round(store, DEMO_WAVE, demo_respondents())
    return report


def load_demo_coding(store, *, wave: str = DEMO_WAVE) -> None:
    """Store the demo codebook, two coders' codings and the quote bank for ``wave``'s comments."""
    from .coding import save_codebook, save_codings, save_quotes

    data = store.load_wave(wave)
    texts = data.answers[data.answers["item"].str.endswith("_comment")]
    comments = list(zip(texts["respondent"], texts["item"], texts["value"]))
    save_codebook(store, demo_codebook(), wave=wave)
    save_codings(store, demo_codings(comments), {(r, i): v for r, i, v in comments}, wave=wave, source=DEMO_FILE)
    groups = dict(zip(data.respondents["respondent"], data.respondents["group"]))
    save_quotes(store, demo_quotes(comments, groups), wave=wave, source=DEMO_FILE)
