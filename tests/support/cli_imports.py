"""Shared by the end-to-end import tests: run ``python -m surveys import`` in a real
process against a real SQLite file, and read back what the store holds."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.workbooks import write_book
from surveys.storage.store import open_store

REPO = Path(__file__).resolve().parents[2]
WAVE = "wgpko_2015_triangular"


def run(*files: Path | str, db: str, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """Import ``files`` through the command line; never a traceback, never a reader's own exception."""
    command = [sys.executable, "-m", "surveys", "import", *map(str, files), *extra, "--db", db]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    assert "could not be read (" not in done.stderr, done.stderr  # an exception a reader let through
    return done


def refused(done: subprocess.CompletedProcess, *expected: str) -> None:
    """The import was refused as a whole (exit 2), saying each of ``expected``."""
    assert done.returncode == 2, done.stdout + done.stderr
    assert "nothing was stored" in done.stderr
    for piece in expected:
        assert piece in done.stderr, (piece, done.stderr)


def version(db: str, wave: str = WAVE) -> str:
    with open_store(db) as store:
        return store.data_version(wave)


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture
def seeded(db, tmp_path) -> str:
    """A store whose wave already holds Brazil, so a refusal can be seen to change nothing."""
    seed = write_book(tmp_path / "seed.xlsx", {"responses": [["respondent", "q1_overall"], ["Brazil", 3]]})
    assert run(seed, db=db).returncode == 0
    return db
