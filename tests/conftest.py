"""Shared test fixtures.

Tests never touch the developer's own store: the default database URL points into a
per-session temporary folder unless a test sets its own.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Public reference data beside the repository; absent in a fresh clone.
SHARED = REPO.parent / "shared"

# Fixtures every test may ask for by name: the end-to-end import tests' stores (`db`, a fresh
# one; `seeded`, one already holding a delegation), a round's store (`store`), the app's
# empty store (`empty_url`) and a throwaway PostgreSQL server per test module (`postgres_url`).
pytest_plugins = ("support.cli_imports", "support.rounds_fixtures", "support.app", "support.pgserver")

_session_dir = tempfile.mkdtemp(prefix="trialogue-tests-")
os.environ.setdefault("TRIALOGUE_DATABASE_URL", f"sqlite:///{_session_dir}/default.sqlite")


@pytest.fixture
def shared() -> Path:
    """The read-only reference data folder; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"reference data folder {SHARED} is absent (fresh clone): nothing to check against")
    return SHARED


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file for one test."""
    return f"sqlite:///{tmp_path / 'trialogue.sqlite'}"


def _demo_store(folder: Path) -> str:
    from surveys.demo import load_demo
    from surveys.storage.store import open_store

    url = f"sqlite:///{folder / 'demo.sqlite'}"
    with open_store(url) as store:
        load_demo(store)
    return url


@pytest.fixture
def demo_url(tmp_path: Path) -> str:
    """A SQLite store holding the demo wave (with its coding and round) for one test, free to change it."""
    return _demo_store(tmp_path)


@pytest.fixture(scope="module")
def shared_demo_url(tmp_path_factory) -> str:
    """A SQLite store holding the demo wave that the tests of one module share (and never change)."""
    return _demo_store(tmp_path_factory.mktemp("demo"))
