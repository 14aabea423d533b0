"""Who is reading the dashboard: the :class:`Viewer` in the session, how sign-in works here
(``$TRIALOGUE_AUTH``), the client's address and the secrets file. The guard
(:mod:`dashboard.access`) and the sign-in form (:mod:`dashboard.signin`) both build on it."""
from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from surveys.errors import TrialogueError

from .i18n import _

MODE_VARIABLE = "TRIALOGUE_AUTH"


MODES: tuple[str, ...] = ("none", "accounts", "oidc")


ALL_ROLES: tuple[str, ...] = ("secretariat", "member", "viewer")


VIEWER_KEY = "_viewer"


CHECKED_KEY = "_viewer_checked"


#: The HttpOnly cookie that carries a built-in account's session token (set by dashboard/server.py).
SESSION_COOKIE = "trialogue_session"


SECRETS_FILES = (Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml",
                 Path(__file__).resolve().parents[1] / ".streamlit" / "secrets.toml")


@dataclass(frozen=True)
class Viewer:
    """The person reading: a name, a role, a member's delegation (ISO alpha-3), how they signed
    in, and the session token of a built-in account."""

    name: str
    role: str
    delegation: str | None = None
    mode: str = "none"
    token: str | None = None

    @property
    def actor(self):
        from surveys.storage.audit import Actor

        return Actor(self.name, self.role)


class ConfigurationError(TrialogueError):
    """The server must not start: the chosen mode lacks what it needs."""


def mode() -> str:
    """``$TRIALOGUE_AUTH`` (default ``none``); an unknown value is a configuration error."""
    value = (os.environ.get(MODE_VARIABLE) or "none").strip().lower()
    if value not in MODES:
        raise ConfigurationError(f"{MODE_VARIABLE}={value!r} is not a mode: choose one of {', '.join(MODES)}")
    return value


def secrets() -> dict[str, Any]:
    """``secrets.toml`` as Streamlit reads it: the files of its ``secrets.files`` option (by default
    the user's, then the project's ``.streamlit/secrets.toml``); later files win."""
    try:
        from streamlit import config

        files = [Path(f) for f in config.get_option("secrets.files") or ()]
    except Exception:  # options not loaded
        files = []
    merged: dict[str, Any] = {}
    for path in files or SECRETS_FILES:
        if path.is_file():
            with path.open("rb") as handle:
                merged.update(tomllib.load(handle))
    return merged


def is_loopback(address: str | None) -> bool:
    """True for this computer's own addresses (IPv4, IPv6 and IPv4-mapped IPv6)."""
    if address is None:
        return True  # Streamlit gives no address for 127.0.0.1 and ::1
    try:
        found = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(found, "ipv4_mapped", None)
    return (mapped or found).is_loopback


def client_address() -> str | None:
    """The reader's address as the server sees it (behind a trusted proxy: X-Forwarded-For);
    None for this computer itself, as Streamlit reports 127.0.0.1 and ::1 (and under AppTest)."""
    try:
        found = st.context.ip_address
    except Exception:  # no script run context
        return None
    return found if isinstance(found, str) else None


def current() -> Viewer | None:
    found = st.session_state.get(VIEWER_KEY)
    return found if isinstance(found, Viewer) else None


def role_name(role: str) -> str:
    return {"secretariat": _("Secretariat"), "member": _("member"), "viewer": _("viewer")}.get(role, role)
