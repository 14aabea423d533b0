"""The dashboard's web server: ``streamlit run dashboard/server.py`` (what ``scripts/run.sh`` starts).

Streamlit's own ASGI application (``st.App``) serving ``streamlit_app.py``, with what a shared
deployment needs around it:

* it refuses to start when the sign-in mode lacks its configuration
  (:func:`dashboard.access.configuration_problem`): the reason is printed and the process
  exits with status 2;
* in mode ``none`` it answers only this computer: a request or WebSocket from any other
  address is refused before Streamlit sees it (the app checks again, see ``access.gate``);
* ``/_trialogue/session`` turns a built-in account's session token, handed over once by the
  signed-in page, into an HttpOnly, SameSite=Strict cookie (``Secure`` behind HTTPS), and
  clears it at sign-out; only a token the store knows is accepted, and only from the same
  origin with the page's own header;
* every response carries ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
  same-origin`` and ``X-Frame-Options: SAMEORIGIN``;
* the pages' libraries (pandas, SciPy, Altair, SQLAlchemy and the dashboard's own modules,
  about two seconds of imports) are imported in the background as the server starts, so the
  first visitor does not wait for them (docs/benchmarks-dashboard.md).
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the page script imports dashboard/, analysis/ and surveys/
    sys.path.insert(0, str(ROOT))

from dashboard.access import SESSION_COOKIE, ConfigurationError, configuration_problem, is_loopback, mode  # noqa: E402

SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"SAMEORIGIN")]


def _store():
    from surveys.storage.store import URL_VARIABLE, open_store

    global _opened
    if _opened is None:
        _opened = open_store(os.environ.get(URL_VARIABLE) or None)
    return _opened


_opened = None


def check_configuration() -> str:
    """The mode, or exit with the reason it cannot serve (status 2)."""
    try:
        chosen = mode()
        problem = configuration_problem(chosen, _store() if chosen != "none" else None,
                                        xsrf=_xsrf_setting())
    except Exception as exc:  # an unreadable store or secrets file is a reason too
        chosen, problem = os.environ.get("TRIALOGUE_AUTH", "none"), str(exc).splitlines()[0] or repr(exc)
        if isinstance(exc, ConfigurationError):
            problem = str(exc)
    if problem:
        print(f"trialogue: not starting ({problem})", file=sys.stderr)
        raise SystemExit(2)
    return chosen


def _xsrf_setting() -> bool | None:
    from streamlit import config

    try:
        return bool(config.get_option("server.enableXsrfProtection"))
    except Exception:  # options not loaded yet: the app checks again on every run
        return None


class Guard:
    """ASGI middleware: in mode ``none`` only this computer may connect; security headers on every response."""

    def __init__(self, app, local_only: bool):
        self.app, self.local_only = app, local_only

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or (None, None))[0]
        if self.local_only and client is not None and not is_loopback(client):
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            response = PlainTextResponse("This dashboard runs without sign-in and answers only the computer it "
                                         "runs on.", status_code=403)
            return await response(scope, receive, send)
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in SECURITY_HEADERS if name not in present]
            await send(message)

        return await self.app(scope, receive, with_headers)


async def session_cookie(request):
    """POST: the body is a live session token -> HttpOnly cookie. DELETE: clear the cookie."""
    if request.headers.get("x-trialogue-session") != "1":
        return PlainTextResponse("missing header", status_code=403)
    origin = request.headers.get("origin")
    if origin and origin.split("://", 1)[-1] != request.headers.get("host"):
        return PlainTextResponse("cross-origin request", status_code=403)
    secure = request.url.scheme == "https"
    response = PlainTextResponse("ok")
    if request.method == "DELETE":
        response.delete_cookie(SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="strict")
        return response
    token = (await request.body()).decode("utf-8", "replace")[:200]
    from surveys.access.accounts import session_account
    from surveys.access.settings import setting

    account = await run_in_threadpool(session_account, _store(), token)
    if account is None:
        return PlainTextResponse("no such session", status_code=403)
    hours = await run_in_threadpool(setting, _store(), "session_hours")
    response.set_cookie(SESSION_COOKIE, token, max_age=int(hours * 3600), path="/", secure=secure, httponly=True,
                        samesite="strict")
    return response


def _import_the_pages() -> None:
    """Import what every page run needs, once, before anyone asks (Python's import lock lets a
    page that starts meanwhile wait for a module half imported here rather than import it twice)."""
    import dashboard.cache
    import dashboard.navigation  # noqa: F401 - every page: the charts, the findings, SciPy


CHOSEN = check_configuration()
threading.Thread(target=_import_the_pages, name="trialogue-imports", daemon=True).start()
app = st.App(ROOT / "streamlit_app.py",
             routes=[Route("/_trialogue/session", session_cookie, methods=["POST", "DELETE"])],
             middleware=[Middleware(Guard, local_only=CHOSEN == "none")])
