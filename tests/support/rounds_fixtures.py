"""A store with the demo wave and a small round, and workbook builders for round tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from support.workbooks import write_book
from surveys.demo import DEMO_WAVE, write_wide
from surveys.rounds import ledger
from surveys.rounds.model import Statement
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

ROUND = "r1"
STATEMENTS = (
    Statement("s01", "q1", {"en": "Consultations should begin before the strategic assessment.",
                            "zh": "协商应在战略评估之前开始。"}),
    Statement("s02", "q5", {"en": "Informal interactive dialogues should be held before every renewal."}),
    Statement("s03", "q6", {"en": "A note by the President should institutionalise the dialogue."}),
)
ANSWERS = [["respondent", "group", "q1_overall", "q1_comment"],
           ["Ghana", "tcc_pcc", "2", "Troop contributors should be heard before the mandate is drafted."],
           ["France", "council", "4", None], ["India", "tcc_pcc", "2", None],
           ["Department of Peacekeeping Operations", "secretariat", "3", None]]


def make_store(url: str, tmp_path: Path):
    store = open_store(url)
    answers = write_wide(tmp_path / "answers.xlsx", ANSWERS[0], ANSWERS[1:])
    assert import_files(store, [answers], wave=DEMO_WAVE).ok
    ledger.create_round(store, ROUND, wave=DEMO_WAVE, statements=STATEMENTS)
    return store


@pytest.fixture
def store(sqlite_url, tmp_path):
    opened = make_store(sqlite_url, tmp_path)
    yield opened
    opened.close()


def sheet(path: Path, rows, name: str = "votes") -> Path:
    return write_book(path, {name: rows})
