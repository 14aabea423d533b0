"""The hostile corpus (``tests/support/hostile.py``) through the command line, on SQLite and on
PostgreSQL: each file refused with its reason or stored cleaned with the cleaning said, no
traceback, and the same outcome, word for word, on both backends."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.hostile import CASES, Case, assert_stored, build_corpus
from support.pgserver import fresh_database
from surveys.storage.store import open_store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, list[Path]]:
    return build_corpus(tmp_path_factory)


def import_case(case: Case, files: list[Path], url: str, form: Path | None = None) -> subprocess.CompletedProcess:
    options = (*case.options, *(("--instrument", str(form)) if form else ()))
    done = subprocess.run([sys.executable, "-m", "surveys", "import", *map(str, files), "--db", url, *options],
                          capture_output=True, text=True, cwd=REPO, timeout=600,
                          env=dict(os.environ, PYTHONPATH=str(REPO), TRIALOGUE_DEBUG=""))
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    assert done.returncode in (0, 2), (done.returncode, done.stderr)  # never a signal (-6), never a crash
    return done


def check(case: Case, done: subprocess.CompletedProcess, url: str) -> None:
    said = done.stdout + done.stderr
    assert done.returncode == (0 if case.stored else 2), said
    for piece in case.says:
        assert piece in said, (piece, said)
    with open_store(url) as store:
        if not case.stored:
            assert not store.waves() or store.counts(store.waves()[0].name)[0] == 0
            return
        assert_stored(case, store.load_wave())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_file_through_the_command_line(case, corpus, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    check(case, import_case(case, corpus[case.name], url, corpus.get(f"{case.name} form")), url)


@pytest.mark.postgres
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_file_has_the_same_outcome_on_postgresql(case, corpus, postgres_url, tmp_path):
    lite = f"sqlite:///{tmp_path / 'store.sqlite'}"
    pg = fresh_database(postgres_url, "hostile")
    form = corpus.get(f"{case.name} form")
    on_sqlite, on_postgres = import_case(case, corpus[case.name], lite, form), import_case(case, corpus[case.name],
                                                                                          pg, form)
    check(case, on_postgres, pg)
    assert (on_postgres.returncode, on_postgres.stdout, on_postgres.stderr) == (
        on_sqlite.returncode, on_sqlite.stdout, on_sqlite.stderr)
    with open_store(lite) as a, open_store(pg) as b:
        assert [w.name for w in a.waves()] == [w.name for w in b.waves()]
        for wave in a.waves():
            assert a.data_version(wave.name) == b.data_version(wave.name)
