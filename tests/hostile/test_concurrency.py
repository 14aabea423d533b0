"""Imports at the same moment, on SQLite and PostgreSQL: ten command lines starting on a store
that does not exist yet all store their delegation, and one delegation sent twice at once is
stored once and refused once with the reason."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.pgserver import fresh_database
from support.workbooks import write_book
from surveys.respondents.registry import member_states
from surveys.storage.store import open_store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def new_store(request, tmp_path) -> str:
    """The URL of a store that does not exist yet (no file; an empty PostgreSQL database)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'not-yet' / 'store.sqlite'}"
    return fresh_database(request.getfixturevalue("postgres_url"), "parallel")


def start(path: Path, url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "surveys", "import", str(path), "--db", url, *extra],
                            cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(processes: list[subprocess.Popen]) -> list[tuple[int, str]]:
    results = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert "Traceback" not in out + err, err
        results.append((process.returncode, out + err))
    return results


def test_ten_imports_at_once_on_a_store_that_does_not_exist_yet_all_store(new_store, tmp_path):
    states = [state.names["en"] for state in member_states()][:10]
    files = [write_book(tmp_path / f"{n:02d}.xlsx", {"responses": [["respondent", "q1_overall"], [name, 1 + n % 5]]})
             for n, name in enumerate(states)]
    results = finish([start(path, new_store) for path in files])
    assert [code for code, _ in results] == [0] * 10, [text for code, text in results if code]
    with open_store(new_store) as store:
        data = store.load_wave()
        assert sorted(data.respondents["respondent"]) == sorted(states)
        assert len(store.waves()) == 1
        assert [record.outcome for record in store.imports()] == ["ok"] * 10


def test_one_delegation_sent_twice_at_once_is_stored_once_and_refused_once(new_store, tmp_path):
    first = write_book(tmp_path / "ghana.xlsx", {"responses": [["respondent", "q1_overall"], ["Ghana", 2]]})
    second = write_book(tmp_path / "ghana again.xlsx", {"responses": [["respondent", "q1_overall"], ["Ghana", 4]]})
    results = finish([start(first, new_store), start(second, new_store)])
    assert sorted(code for code, _ in results) == [0, 2], results
    refusal = next(text for code, text in results if code == 2)
    assert "Ghana already answered in this wave" in refusal and "--replace" in refusal
    assert "try again" not in refusal and "INSERT" not in refusal
    with open_store(new_store) as store:
        data = store.load_wave()
        assert list(data.respondents["respondent"]) == ["Ghana"]
        assert sorted(record.outcome for record in store.imports()) == ["ok", "refused"]


def test_a_database_refusal_is_said_without_its_statement():
    import sqlalchemy as sa

    from surveys.storage.importer import database_refusal

    unique = sa.exc.IntegrityError("INSERT INTO waves (name) VALUES (?)", ("w",),
                                   Exception("UNIQUE constraint failed: waves.name"))
    said = database_refusal(unique)
    assert "INSERT" not in said and "UNIQUE constraint failed: waves.name" in said and "try again" not in said
    busy = sa.exc.OperationalError("INSERT INTO respondents …", (), Exception("database is locked"))
    assert "busy with another import" in database_refusal(busy) and "INSERT" not in database_refusal(busy)
