"""Who is reading, and what they may open: the one guard every page and every download calls.

The mode comes from ``TRIALOGUE_AUTH``:

* ``none`` (default) — one person on one machine: the server answers only this computer
  (``dashboard/server.py`` refuses other clients, and so does :func:`gate` here), the reader
  acts as the secretariat, and every page says so;
* ``accounts`` — built-in accounts (``python -m surveys users …``), signed in with the form
  of :mod:`dashboard.signin`;
* ``oidc`` — Streamlit's ``st.login`` with the OpenID Connect provider of ``secrets.toml``;
  the role comes from a claim named in ``[trialogue] role_claim`` or from the account table
  (an account named by the e-mail address or subject).

Any mode but ``none`` refuses to start without its configuration (:func:`configuration_problem`,
checked by ``dashboard/server.py`` before it serves, and by :func:`gate` on every run).

Pages call :func:`require` with the roles of :data:`PAGE_ROLES` at the top of their page
function — the check is on the server, whatever the menu shows — and :func:`audience` for the
:class:`~analysis.present.disclosure.Audience` every figure is computed for. Downloads ask
:func:`may_download`. The Deliberation pages (``deliberation``, ``voting``, ``moderation``) and
the later Comments/Coding pages do the same: ``viewer = require(*PAGE_ROLES["voting"])``,
``audience()``.

Who is reading (the :class:`~dashboard.viewer.Viewer`, the mode, the client's address) is
:mod:`dashboard.viewer`, below both this guard and the sign-in form, which this module shows.
"""
from __future__ import annotations

import time
from typing import Any, Mapping

import streamlit as st

from analysis.exports.access import DOWNLOAD_ROLES
from analysis.present.disclosure import Audience
from analysis.present.markdown import md_escape

from .i18n import _

# Who is reading, re-exported: pages, the server and the tests reach these as ``access.…``.
from .viewer import (
    ALL_ROLES as ALL_ROLES,
    CHECKED_KEY as CHECKED_KEY,
    MODE_VARIABLE as MODE_VARIABLE,
    MODES as MODES,
    SECRETS_FILES as SECRETS_FILES,
    SESSION_COOKIE as SESSION_COOKIE,
    VIEWER_KEY as VIEWER_KEY,
    ConfigurationError as ConfigurationError,
    Viewer as Viewer,
    client_address as client_address,
    current as current,
    is_loopback as is_loopback,
    mode as mode,
    role_name as role_name,
    secrets as secrets,
)

#: Who may open each page (the file or url name). Pages not listed are for the secretariat.
PAGE_ROLES: Mapping[str, tuple[str, ...]] = {
    "overview": ALL_ROLES, "compare": ALL_ROLES, "common_ground": ALL_ROLES, "question": ALL_ROLES,
    "export": ALL_ROLES,
    "upload": ("secretariat",), "template": ("secretariat",), "audit": ("secretariat",),
    "people": ("secretariat",),
    "deliberation": ALL_ROLES, "voting": ("secretariat", "member"), "moderation": ("secretariat",),
    # Pages still to come call require(*PAGE_ROLES[...]) with these:
    "comments": ("secretariat", "member"), "coding": ("secretariat",),
}
#: Seconds a signed-in viewer is trusted before the store is asked again (role changes, expiry).
RECHECK_SECONDS = 30


OIDC_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


def configuration_problem(chosen: str, store, found: Mapping[str, Any] | None = None,
                          xsrf: bool | None = None) -> str | None:
    """Why mode ``chosen`` cannot serve with this store and ``secrets.toml`` — or None."""
    if chosen == "none":
        return None
    if xsrf is False:
        return (f"{MODE_VARIABLE}={chosen} needs XSRF protection: remove server.enableXsrfProtection = false "
                "from the Streamlit configuration")
    from surveys.access import accounts as acc

    if chosen == "accounts":
        if not any(a.role == "secretariat" and a.has_password for a in acc.accounts(store)):
            return (f"{MODE_VARIABLE}=accounts needs at least one secretariat account with a password: "
                    "python -m surveys users add NAME --role secretariat --password-stdin")
        return None
    found = secrets() if found is None else found
    auth = dict(found.get("auth") or {})
    missing = [key for key in OIDC_KEYS if not auth.get(key)]
    if missing:
        return (f"{MODE_VARIABLE}=oidc needs an [auth] section in .streamlit/secrets.toml with "
                f"{', '.join(OIDC_KEYS)}; missing: {', '.join(missing)}")
    if len(str(auth["cookie_secret"])) < 32:
        return "[auth] cookie_secret in secrets.toml must be a random string of at least 32 characters"
    claim = (found.get("trialogue") or {}).get("role_claim")
    if not claim and not acc.accounts(store):
        return (f"{MODE_VARIABLE}=oidc needs a source of roles: [trialogue] role_claim = \"CLAIM\" in "
                "secrets.toml, or accounts named by e-mail (python -m surveys users add EMAIL --role ROLE)")
    return None


def _store():
    from . import cache

    return cache.store()


def gate() -> Viewer:
    """The reader of this run, or a stop: the refusal of a client that may not connect, the
    sign-in form, or a configuration problem. Called first on every run (``streamlit_app.py``)."""
    chosen = mode()
    if chosen == "none":
        if not is_loopback(client_address()):
            st.error(_("This dashboard runs without sign-in and answers only the computer it runs on."),
                     icon=":material/block:")
            st.stop()
        viewer = Viewer(_("this computer"), "secretariat", None, "none")
        st.session_state[VIEWER_KEY] = viewer
        st.markdown(":material/lock_open: " + _("No sign-in: this dashboard runs for this computer only, and you act "
                                                "as the Secretariat (all answers, uploads and settings)."))
        return viewer
    problem = _configuration_now(chosen)
    if problem:
        st.error(md_escape(problem), icon=":material/settings:")
        st.stop()
    viewer = _checked(current())
    if viewer is None:
        from .signin import sign_in_page

        viewer = sign_in_page(chosen)  # stops the run until someone signs in
    st.session_state[VIEWER_KEY] = viewer
    return viewer


_CONFIGURATION: dict[tuple[str, str], tuple[float, str | None]] = {}


def _configuration_now(chosen: str) -> str | None:
    """:func:`configuration_problem`, asked of the store at most every :data:`RECHECK_SECONDS`
    per process (it reads the account table; the server checked it before serving)."""
    from . import cache

    key = (chosen, cache.database_url())
    found = _CONFIGURATION.get(key)
    if found is None or found[1] is not None or time.monotonic() - found[0] > RECHECK_SECONDS:
        problem = configuration_problem(chosen, _store(), xsrf=st.get_option("server.enableXsrfProtection"))
        found = _CONFIGURATION[key] = (time.monotonic(), problem)
    return found[1]


def _checked(viewer: Viewer | None) -> Viewer | None:
    """``viewer`` still valid in the store (asked at most every :data:`RECHECK_SECONDS`)."""
    from .signin import restore, still_valid

    if viewer is None:
        return restore()
    if time.monotonic() - st.session_state.get(CHECKED_KEY, 0.0) < RECHECK_SECONDS:
        return viewer
    valid = still_valid(viewer)
    st.session_state[CHECKED_KEY] = time.monotonic()
    if valid is None:
        st.session_state.pop(VIEWER_KEY, None)
    return valid


def require(*roles: str) -> Viewer:
    """The signed-in reader if their role is one of ``roles``; otherwise a refusal (audited) and
    a stop. The first call of every page function — the menu only hides what this refuses."""
    viewer = current() or gate()
    if viewer.role in roles:
        return viewer
    from surveys.storage.audit import log

    try:
        path = st.context.url or ""
    except Exception:
        path = ""
    log(_store(), viewer.actor, "access_refused", path.rsplit("/", 1)[-1] or None, roles=list(roles))
    st.error(_("This page is not open to your account ({role}). Ask the Secretariat if you need it.").format(
        role=role_name(viewer.role)), icon=":material/block:")
    st.stop()
    raise AssertionError("unreachable")  # st.stop() raises


def audience(viewer: Viewer | None = None) -> Audience:
    """The audience the reader's figures are computed for (minimum cell size from the store)."""
    viewer = viewer or current() or gate()
    if viewer.role == "secretariat":
        return Audience()
    from . import cache

    return Audience(viewer.role, viewer.delegation, cache.min_cell(cache.database_url()))


def may_open(page: str, viewer: Viewer | None = None) -> bool:
    viewer = viewer or current()
    return viewer is not None and viewer.role in PAGE_ROLES.get(page, ("secretariat",))


def may_download(kind: str, viewer: Viewer | None = None) -> bool:
    """Whether the reader may download ``kind`` (:data:`analysis.exports.access.DOWNLOAD_ROLES`)."""
    viewer = viewer or current()
    return viewer is not None and viewer.role in DOWNLOAD_ROLES.get(kind, ("secretariat",))
