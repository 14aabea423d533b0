"""Signing in and out: the built-in accounts' form, OpenID Connect through ``st.login``, and the
session cookie that keeps a reader signed in across page loads.

The form has the accessible labels "User name" and "Password" and a "Sign in" button; the
checking, slowing down and auditing is :func:`surveys.access.accounts.sign_in`. A built-in account's
session token reaches the browser once, in the page's own script, which hands it to
``/_trialogue/session`` (``dashboard/server.py``): the server sets it as an HttpOnly,
SameSite=Strict cookie, so page scripts cannot read it afterwards. A new page load finds the
session through that cookie; the store decides whether it is still valid.
"""
from __future__ import annotations

import json
import time

import streamlit as st

from analysis.present.markdown import md_escape
from surveys.access import accounts as acc
from surveys.storage.audit import Actor, log

from .i18n import _
from .viewer import CHECKED_KEY, SESSION_COOKIE, VIEWER_KEY, Viewer, client_address, mode, role_name, secrets

COOKIE_PATH = "_trialogue/session"
PENDING_KEY = "_session_cookie"
CLEAR_KEY = "_session_cookie_clear"
OIDC_SEEN_KEY = "_oidc_signed_in"
#: Hands the token to the server, which sets the HttpOnly cookie (a relative URL, so a proxy's
#: path prefix is kept); the custom header cannot be sent by another site without CORS.
COOKIE_SCRIPT = """<script>(() => {
  fetch(new URL(%s, document.baseURI), {method: %s, body: %s, credentials: "same-origin",
        headers: {"Content-Type": "text/plain", "X-Trialogue-Session": "1"}});
})();</script>"""


def _store():
    from . import cache

    return cache.store()


def _settings() -> tuple[int, int]:
    from . import cache

    return cache.sign_in_limits(cache.database_url())


def _viewer(account: acc.Account, mode: str, token: str | None = None) -> Viewer:
    return Viewer(account.name, account.role, account.delegation, mode, token)


def restore() -> Viewer | None:
    """The reader of a new page load: a built-in account's live session (its cookie), or the
    OpenID Connect identity Streamlit holds."""
    chosen = mode()
    if chosen == "oidc":
        return _oidc_viewer()
    try:
        token = st.context.cookies.get(SESSION_COOKIE)
    except Exception:  # no cookies outside a browser session
        token = None
    token = token if isinstance(token, str) else None
    _hours, idle = _settings()
    account = acc.session_account(_store(), token, idle_minutes=idle)
    return _viewer(account, chosen, token) if account is not None else None


def still_valid(viewer: Viewer) -> Viewer | None:
    """``viewer`` as the store sees it now (role changed, session ended or expired: None)."""
    if viewer.mode == "oidc":
        return _oidc_viewer()
    _hours, idle = _settings()
    account = acc.session_account(_store(), viewer.token, idle_minutes=idle)
    return _viewer(account, viewer.mode, viewer.token) if account is not None else None


def sign_in_page(mode: str) -> Viewer:
    """The sign-in form (or the OpenID Connect button); stops the run until someone signs in."""
    _cookie_script_once(CLEAR_KEY, "DELETE")
    st.title(_("Sign in"))
    st.caption(_("The Working Group's dashboard is open to the Secretariat and to the member delegations' "
                 "accounts."))
    if mode == "oidc":
        reason = st.session_state.pop("_oidc_refused", None)
        if reason:
            st.error(md_escape(reason), icon=":material/block:")
        if st.user.is_logged_in:  # known to the provider, but with no role here
            if st.button(_("Sign out"), key="signin_oidc_out", icon=":material/logout:"):
                st.logout()
        elif st.button(_("Sign in with your organisation's account"), type="primary", key="signin_oidc",
                       icon=":material/login:"):
            st.login()
        st.stop()
    with st.form("sign_in", clear_on_submit=True):
        name = st.text_input(_("User name"), key="signin_name", autocomplete="username", max_chars=200)
        password = st.text_input(_("Password"), type="password", key="signin_password",
                                 autocomplete="current-password", max_chars=1000)
        submitted = st.form_submit_button(_("Sign in"), type="primary")
    if submitted:
        attempt = acc.sign_in(_store(), name, password, client=client_address() or "127.0.0.1")
        if attempt.ok:
            hours, _idle = _settings()
            token = acc.open_session(_store(), attempt.account, hours=hours)
            st.session_state[VIEWER_KEY] = _viewer(attempt.account, mode, token)
            st.session_state[CHECKED_KEY] = time.monotonic()
            st.session_state[PENDING_KEY] = token
            st.rerun()
        if attempt.reason == "slowed":
            st.error(_("Too many failed sign-ins for this account or from this address. Wait {seconds} seconds, "
                       "then try again.").format(seconds=attempt.wait), icon=":material/timer:")
        else:
            st.error(_("The user name or the password is not right."), icon=":material/error:")
    st.stop()
    raise AssertionError("unreachable")


def _cookie_script_once(key: str, method: str) -> None:
    """Run the cookie script once for a token set aside under ``key`` (POST) or to clear it (DELETE)."""
    pending = st.session_state.pop(key, None)
    if pending:
        st.html(COOKIE_SCRIPT % (json.dumps(COOKIE_PATH), json.dumps(method),
                                 json.dumps(pending if method == "POST" else "")),
                unsafe_allow_javascript=True)


def identity(viewer: Viewer) -> None:
    """Who is signed in, and a way out (the sidebar's first lines in a signed-in mode)."""
    _cookie_script_once(PENDING_KEY, "POST")
    if viewer.mode == "none":
        return
    who = viewer.name + " · " + role_name(viewer.role)
    if viewer.delegation:
        from analysis.present.labels import country_name

        who += " · " + country_name(viewer.delegation, viewer.delegation, st.session_state.get("lang", "en"))
    st.caption(":material/account_circle: " + _("Signed in as {who}").format(who=md_escape(who)))
    if st.button(_("Sign out"), key="sign_out", icon=":material/logout:"):
        sign_out(viewer)


def sign_out(viewer: Viewer) -> None:
    log(_store(), Actor(viewer.name, viewer.role), "sign_out", viewer.name, method=viewer.mode)
    st.session_state.pop(VIEWER_KEY, None)
    st.session_state.pop(OIDC_SEEN_KEY, None)
    if viewer.mode == "oidc":
        st.logout()
        return
    acc.close_session(_store(), viewer.token)
    st.session_state[CLEAR_KEY] = True
    st.rerun()


def _oidc_viewer() -> Viewer | None:
    """The OpenID Connect identity with its role (the account table first, then the role claim);
    None — and a reason for the sign-in page — when there is none or the sign-in is too old."""
    user = st.user
    if not user.is_logged_in:
        return None
    claims = user.to_dict()
    email, subject = claims.get("email"), claims.get("sub")
    name = str(email or subject or "?")
    hours, _idle = _settings()
    issued = claims.get("iat")
    if isinstance(issued, (int, float)) and time.time() - issued > hours * 3600:
        st.session_state["_oidc_refused"] = _("Your sign-in has expired; sign in again.")
        st.logout()
        return None
    account = acc.oidc_account(_store(), [str(email) if email else "", str(subject) if subject else ""])
    role = delegation = None
    if account is not None:
        role, delegation = account.role, account.delegation
    else:
        conf = secrets().get("trialogue") or {}
        claim = claims.get(conf.get("role_claim") or "")
        found = [claim] if isinstance(claim, str) else list(claim or [])
        role = next((r for r in acc.ROLES if r in found), None)
        if role == "member":
            try:
                delegation = acc.delegation_code(claims.get(conf.get("delegation_claim") or "delegation"))
            except Exception:  # an unknown delegation gives no member role
                delegation = None
            role = role if delegation else None
    if role is None:
        if not st.session_state.get("_oidc_no_role"):
            log(_store(), Actor(name, None), "sign_in_failed", name, method="oidc", reason="no role")
            st.session_state["_oidc_no_role"] = True
        st.session_state["_oidc_refused"] = _("Your account ({name}) has no role in Trialogue yet. Ask the "
                                              "Secretariat to add it.").format(name=name)
        return None
    if not st.session_state.get(OIDC_SEEN_KEY):
        log(_store(), Actor(name, role), "sign_in", name, method="oidc",
            client=client_address() or "127.0.0.1")
        st.session_state[OIDC_SEEN_KEY] = True
    return Viewer(name, role, delegation, "oidc")
