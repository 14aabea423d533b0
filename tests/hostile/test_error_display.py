"""An unexpected error shows the reader a reference, never a trace; the server's log holds the
trace under the same reference. A known problem is shown as text."""
from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]


def _failing_page():
    import streamlit as st  # noqa: F401

    from dashboard.alerts import reported
    from surveys.errors import TrialogueError

    with reported():
        raise KeyError("secret_internal_name")
    with reported():
        raise TrialogueError("book ![x](http://tracker.example/p.png).xlsx: sheet 'responses' has 1,000,001 rows")


def test_an_unexpected_error_shows_a_reference_and_logs_the_trace(caplog):
    with caplog.at_level(logging.ERROR, logger="trialogue.dashboard"):
        at = AppTest.from_function(_failing_page, default_timeout=60).run()
    assert not at.exception
    shown = at.error[0].value
    found = re.search(r"reference (\d{8}-[0-9a-f]{6})", shown)
    assert found and "secret_internal_name" not in shown and "KeyError" not in shown and "Traceback" not in shown
    record = next(r for r in caplog.records if found.group(1) in r.getMessage())
    assert record.exc_info and record.exc_info[0] is KeyError  # the trace, in the server's log
    # A problem the library words for a person is shown as itself, as text.
    assert at.error[1].value.startswith("book !\\[x\\](http\u200b://tracker.example/p.png).xlsx")


def test_streamlit_itself_shows_no_error_details():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
