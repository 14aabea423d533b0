"""The dashboard under Streamlit's AppTest: the app, a run of it, its empty store and the clean check."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from surveys.storage.store import URL_VARIABLE

REPO = Path(__file__).resolve().parents[2]


APP = str(REPO / "streamlit_app.py")


@pytest.fixture
def empty_url(sqlite_url, monkeypatch) -> str:
    monkeypatch.setenv(URL_VARIABLE, sqlite_url)
    return sqlite_url


def run_app(url: str, monkeypatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=120).run()
    if page:
        at.switch_page(f"dashboard/pages/{page}").run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
