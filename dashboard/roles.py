"""Who is reading the open-text pages, and what they may do there: one place to ask.

The Comments and Coding pages call only these: :func:`require` at the top of a page (the
roles of :data:`PAGE_ROLES`), :func:`audience` for every figure, name and comment shown,
:func:`coder_name` for whose codes are saved. Until the dashboard has sign-in, one person
uses it on one machine and acts as the secretariat; the reader is then the session's
:class:`Reader` under :data:`READER_KEY` (a signed-in reader's account, when sign-in sets
it; tests set it to read as a member or a viewer). Sign-in replaces this module's reader
with its own, and everything that asks here follows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import streamlit as st

from analysis.present.disclosure import Audience

from .i18n import _

ALL_ROLES: tuple[str, ...] = ("secretariat", "member", "viewer")
#: Who may open each open-text page: comments are individual answers (members read them as the
#: attribution rule allows; viewers see published aggregates only); coding is the secretariat's.
PAGE_ROLES: Mapping[str, tuple[str, ...]] = {"comments": ("secretariat", "member"), "coding": ("secretariat",)}
READER_KEY = "_reader"


@dataclass(frozen=True)
class Reader:
    """The person reading: ``name`` (None while the dashboard runs for one person without
    sign-in), ``role`` and a member's ``delegation`` (ISO alpha-3)."""

    name: str | None = None
    role: str = "secretariat"
    delegation: str | None = None


def current() -> Reader:
    """This session's reader (the secretariat when nobody has signed in)."""
    found = st.session_state.get(READER_KEY)
    return found if isinstance(found, Reader) else Reader()


def require(*roles: str) -> Reader:
    """The reader if their role is one of ``roles``, else a refusal and a stop (on the server,
    whatever the menu shows)."""
    reader = current()
    if reader.role not in roles:
        st.error(_("This page is not open to your account. Ask the Secretariat if you need it."),
                 icon=":material/block:")
        st.stop()
    return reader


def audience(reader: Reader | None = None) -> Audience:
    """The audience every figure, comment and name on the page is shown for."""
    reader = reader or current()
    return Audience() if reader.role == "secretariat" else Audience(reader.role, reader.delegation)


def coder_name(reader: Reader | None = None) -> str | None:
    """Whose codes are saved: the signed-in reader's name; None while single-user (the page asks)."""
    return (reader or current()).name
