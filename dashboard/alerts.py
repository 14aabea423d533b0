"""Errors reach the reader as a message saying what to do, never as a traceback.

A problem the library words for a person (:class:`~surveys.errors.TrialogueError`) is shown as
itself, as text: its file names and values came from a workbook. Anything else is a fault of
the software: the reader gets a reference and the server's log gets the traceback under the
same reference, so the two can be matched without showing the reader the program's insides.
Streamlit's own display of an exception outside these pages shows no details either
(``client.showErrorDetails = "none"`` in ``.streamlit/config.toml``).
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
from contextlib import contextmanager
from typing import Iterator

import streamlit as st

from analysis.present.markdown import md_escape
from surveys.errors import TrialogueError

from .i18n import _

log = logging.getLogger("trialogue.dashboard")


def reference() -> str:
    """A reference for one fault, unique enough to find it in the log: ``20261207-4f2a9c``."""
    return f"{dt.datetime.now(dt.timezone.utc):%Y%m%d}-{secrets.token_hex(3)}"


@contextmanager
def reported() -> Iterator[None]:
    """Run a page body; show a known problem as itself and anything else as a reference.

    Streamlit's own rerun/stop signals derive from ``BaseException`` and pass through.
    """
    try:
        yield
    except TrialogueError as exc:
        # The library's messages already say what to fix (file, sheet, cell, expectation).
        text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        st.error(md_escape(text), icon=":material/error:")
    except Exception:  # the reader gets a reference, the log gets the traceback
        ref = reference()
        log.exception("page failed (reference %s)", ref)
        st.error(_("Something went wrong on the server (reference {reference}). Reload the page; if it happens "
                   "again, tell the Secretariat this reference and what you did just before.").format(reference=ref),
                 icon=":material/error:")
