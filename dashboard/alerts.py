"""Errors reach the reader as a message saying what to do, never as a traceback."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

import streamlit as st

from surveys.errors import TrialogueError

from .i18n import _

log = logging.getLogger("trialogue.dashboard")


@contextmanager
def reported() -> Iterator[None]:
    """Run a page body; show a known problem as itself and anything else as a short message.

    Streamlit's own rerun/stop signals derive from ``BaseException`` and pass through.
    """
    try:
        yield
    except TrialogueError as exc:
        # The library's messages already say what to fix (file, sheet, cell, expectation).
        st.error(str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__, icon=":material/error:")
    except Exception as exc:  # noqa: BLE001 - the reader gets a message, the log gets the traceback
        log.exception("page failed")
        st.error(_("Something went wrong ({problem}). Reload the page; if it happens again, "
                   "tell the Secretariat what you did just before.").format(
                       problem=f"{exc.__class__.__name__}: {exc}"), icon=":material/error:")
