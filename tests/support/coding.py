"""Open-ended answers for the coding tests: comments in four languages, a codebook, a store
holding them, workbooks of rows, and a run of a command line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support.workbooks import write_book
from surveys.demo import write_wide
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

REPO = Path(__file__).resolve().parents[2]
HEADER = ["respondent", "group", "q1_overall", "q1_comment", "q2_comment"]
#: Comments written for the test, in four of the six languages.
ROWS = [
    ["Nepal", "tcc_pcc", "2", "We are consulted after the decisions are taken.", "Information on threats reaches us late."],
    ["Rwanda", "tcc_pcc", "1", "Troop contributors should be heard before the mandate is drafted.", None],
    ["Senegal", "tcc_pcc", "2", "Les consultations arrivent trop tard pour influer sur le mandat.", None],
    ["Bangladesh", "tcc_pcc", "2", "The formal meetings are too short and come too late.", None],
    ["Chile", "council", "4", "Las reuniones oficiosas permiten un intercambio franco.", None],
    ["France", "council", "4", "Le porte-plume rencontre les contributeurs avant chaque renouvellement.", None],
    ["China", "council", "4", "应在任务授权前加强与出兵国的沟通。", None],
    ["Department of Peacekeeping Operations", "secretariat", "3",
     "Early force generation depends on early pledges.", None],
]
CODEBOOK = [
    ["item", "theme", "label::English (en)", "label::中文 (zh)", "level", "values", "description"],
    ["q1", "timing", "Timing", "时机", "", "", "When consultation happens"],
    ["q1_comment", "formality", "Formality", "形式化", "nominal", "", ""],
    ["q1_comment", "stage", "Stage proposed", "阶段", "ordinal", "planning drafting adoption", ""],
    ["q2_comment", "information_sharing", "Information sharing", "信息共享", "", "", ""],
]


def comments_store(tmp_path):
    """The body of a fixture: a wave whose answers hold :data:`ROWS`' comments, in a fresh SQLite store."""
    url = f"sqlite:///{tmp_path / 'coding.sqlite'}"
    with open_store(url) as opened:
        assert import_files(opened, [write_wide(tmp_path / "answers.xlsx", HEADER, ROWS)]).ok
        yield opened


def book(tmp_path, name, sheet, rows):
    return write_book(tmp_path / name, {sheet: rows})


def run_cli(module: str, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert "Traceback" not in done.stderr, done.stderr
    return done
