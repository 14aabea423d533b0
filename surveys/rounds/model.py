"""The deliberation domain: rounds, statements, votes, and what the analysis reads.

A round belongs to a wave and holds statements (short sentences distilled from what
delegations said); every delegation says whether it agrees, disagrees or passes on each
accepted statement. Frozen dataclasses, no I/O: :mod:`surveys.rounds.ledger` stores them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from surveys.reading.headers import text_key
from surveys.reading.workbook import Cell

from ..model import UN_LANGUAGES, pick_label

#: The three votes, in the order they are shown.
VOTES: tuple[str, ...] = ("agree", "disagree", "pass")

#: The vote words of templates and dashboards, in the six UN languages.
VOTE_LABELS: Mapping[str, Mapping[str, str]] = {
    "agree": {"en": "Agree", "zh": "同意", "fr": "D'accord", "es": "De acuerdo", "ru": "Согласен",
              "ar": "أوافق"},
    "disagree": {"en": "Disagree", "zh": "不同意", "fr": "Pas d'accord", "es": "En desacuerdo",
                 "ru": "Не согласен", "ar": "لا أوافق"},
    "pass": {"en": "Pass", "zh": "弃权", "fr": "Passer", "es": "Pasar", "ru": "Пропустить", "ar": "تخطي"},
}

# Spellings delegations write besides the labels (compared by text_key); numbers as Pol.is
# exports votes (1 agree, -1 disagree, 0 pass).
_VOTE_VARIANTS: Mapping[str, tuple[str, ...]] = {
    "agree": ("agree", "agreed", "i agree", "1", "+1", "同意", "赞同", "赞成", "d'accord", "accord",
              "je suis d'accord", "de acuerdo", "acuerdo", "estoy de acuerdo", "согласен", "согласна",
              "согласны", "за", "أوافق", "موافق", "موافقة"),
    "disagree": ("disagree", "disagreed", "i disagree", "-1", "−1", "不同意", "反对", "不赞同", "pas d'accord",
                 "désaccord", "desaccord", "je ne suis pas d'accord", "en desacuerdo", "desacuerdo",
                 "no estoy de acuerdo", "не согласен", "не согласна", "не согласны", "против",
                 "لا أوافق", "غير موافق", "أعارض"),
    "pass": ("pass", "passed", "skip", "abstain", "0", "弃权", "跳过", "略过", "不表态", "passer", "je passe",
             "abstention", "pasar", "paso", "abstención", "abstencion", "пропустить", "пропускаю",
             "воздерживаюсь", "пас", "تخطي", "امتناع", "أمتنع"),
}

#: Where a statement came from.
ORIGINS: tuple[str, ...] = ("secretariat", "comment", "delegation")
#: Moderation states; only accepted statements are voted on and analysed.
STATES: tuple[str, ...] = ("pending", "accepted", "rejected")
#: How a vote reached the store.
CHANNELS: tuple[str, ...] = ("dashboard", "template", "sheet", "demo")


def _vote_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for vote in VOTES:
        for text in (*VOTE_LABELS[vote].values(), *_VOTE_VARIANTS[vote]):
            index[text_key(text)] = vote
    return index


_VOTE_INDEX = _vote_index()


def parse_vote(value: Cell) -> str | None:
    """``agree``, ``disagree`` or ``pass`` for a vote written in any of the six languages
    (the template's labels, the codes, common variants, or Pol.is' 1 / -1 / 0); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and value in (1, -1, 0):
        return {1: "agree", -1: "disagree", 0: "pass"}[int(value)]
    key = text_key(value).strip(" .!")
    return _VOTE_INDEX.get(key)


def vote_label(vote: str, lang: str = "en") -> str:
    return VOTE_LABELS[vote].get(lang) or VOTE_LABELS[vote]["en"]


def expected_votes(lang: str = "en") -> str:
    """What a vote cell may hold, for messages: ``agree, disagree or pass (Agree / Disagree / Pass)``."""
    words = " / ".join(vote_label(v, lang) for v in VOTES)
    english = " / ".join(vote_label(v) for v in VOTES)
    shown = words if lang == "en" else f"{words}; {english}"
    return f"agree, disagree or pass ({shown}), or leave it blank"


@dataclass(frozen=True)
class Round:
    """One deliberation round of a wave. ``running_results``: members see results while it
    is open (default False: not before it closes, so early votes do not anchor later ones)."""

    name: str
    wave: str
    created_at: dt.datetime
    closed_at: dt.datetime | None = None
    running_results: bool = False
    data_version: str = ""

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def results_visible(self) -> bool:
        """Whether members may see this round's results now (the secretariat always may)."""
        return not self.is_open or self.running_results


@dataclass(frozen=True)
class StatementSource:
    """Who a statement came from: the delegation whose comment (``item``) it was drawn from,
    or the delegation that submitted it (``item`` None). Attributed: secretariat only."""

    respondent: str
    item: str | None = None


@dataclass(frozen=True)
class Statement:
    """One statement of a round. ``id`` is the secretariat's code (``s01``); ``texts`` by
    language; ``origin`` one of :data:`ORIGINS`; ``state`` one of :data:`STATES`, with
    ``reason`` for a rejection. ``source`` is filled only for the secretariat."""

    id: str
    question: str
    texts: Mapping[str, str]
    origin: str = "secretariat"
    state: str = "accepted"
    reason: str | None = None
    position: int = 0
    source: StatementSource | None = None

    def text(self, lang: str = "en") -> str:
        return pick_label(self.texts, lang) or self.id

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in UN_LANGUAGES if self.texts.get(lang))


@dataclass(frozen=True)
class VoteRecord:
    """One stored vote with its history, for the secretariat: ``current`` is False for a
    vote that a later one replaced."""

    statement: str
    respondent: str
    group: str
    vote: str
    channel: str
    cast_at: dt.datetime
    current: bool
    import_id: int | None = None


#: Columns of :attr:`RoundVotes.participants` and :attr:`RoundVotes.votes`.
PARTICIPANT_COLUMNS: tuple[str, ...] = ("participant", "group", "iso3", "region", "council_seat", "p5_e10",
                                        "tcc_pcc")
VOTE_COLUMNS: tuple[str, ...] = ("participant", "statement", "vote")


@dataclass(frozen=True)
class RoundVotes:
    """What the analysis reads: a round, its accepted statements and the current votes.

    ``participants`` has one row per delegation that voted (:data:`PARTICIPANT_COLUMNS`);
    ``votes`` one row per current vote on an accepted statement (:data:`VOTE_COLUMNS`).
    Unless ``attributed`` (the secretariat's copy), ``participant`` is a pseudonym
    (``P01`` …) that names nobody, numbered in an order unrelated to the names.
    """

    round: Round
    statements: tuple[Statement, ...]
    participants: pd.DataFrame
    votes: pd.DataFrame
    data_version: str
    attributed: bool = False
    groups: tuple[str, ...] = field(default=())
