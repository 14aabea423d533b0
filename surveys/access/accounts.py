"""Who may sign in, as what: built-in accounts, their sign-ins, and how long a session lasts.

An account has a name, a role (:data:`ROLES`) and, for a member, the delegation it speaks
for (an ISO 3166 alpha-3 code from the registry). Passwords are hashed with Argon2id
(argon2-cffi's RFC 9106 profile) and never stored, logged or returned in clear; an account
created for OpenID Connect has no password at all.

Repeated failed sign-ins are slowed down per account and per client (the address the
server sees): after :data:`FREE_FAILURES` failures within :data:`FAILURE_WINDOW`, each
further attempt must wait twice as long as the one before (1, 2, 4 … seconds, at most
:data:`MAX_WAIT`), and during the wait the password is not even checked. Failures are rows
in the store, so every app process behind a proxy counts the same ones.

A successful sign-in opens a session: a random token the browser keeps (in an HttpOnly
cookie, see ``dashboard/server.py``), stored here only as its SHA-256, that expires
:data:`SESSION_HOURS` after sign-in or :data:`IDLE_MINUTES` after it was last used.
Every change is written to the audit log (:mod:`surveys.storage.audit`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Iterable

import sqlalchemy as sa

from surveys.errors import NotFound, TrialogueError
from surveys.storage import schema as t
from surveys.storage.audit import Actor, record

ROLES: tuple[str, ...] = ("secretariat", "member", "viewer")
#: Failures (per account, and per client) that cost nothing; each one after doubles the wait.
FREE_FAILURES = 3
CLIENT_FREE_FAILURES = 10
FAILURE_WINDOW = dt.timedelta(minutes=15)
MAX_WAIT = 300
SESSION_HOURS = 8
IDLE_MINUTES = 60
MIN_PASSWORD = 12
#: How often a session's "last seen" is written (reads in between cost no write).
TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Account:
    """A person who may sign in. ``delegation`` is a member's state (ISO alpha-3)."""

    name: str
    role: str
    delegation: str | None = None
    has_password: bool = False

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.role)


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt: the account, or why not (``wait`` seconds when slowed down)."""

    account: Account | None
    reason: str | None = None
    wait: int = 0

    @property
    def ok(self) -> bool:
        return self.account is not None


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()  # Argon2id, RFC 9106 low-memory profile (argon2-cffi's default)


# A hash to verify against when the account does not exist, so both cost the same time.
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(_hasher().hash(secrets.token_hex(16)))
    return _DUMMY[0]


def check_role(role: str) -> str:
    if role not in ROLES:
        raise TrialogueError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
    return role


def delegation_code(text: str | None) -> str | None:
    """The registry's ISO alpha-3 code of a member state or observer state named ``text``."""
    if text is None or not str(text).strip():
        return None
    from surveys.respondents.registry import classify

    found = classify(str(text), None)
    respondent = found.respondent
    if respondent is None or not respondent.iso3 or respondent.group == "secretariat":
        raise TrialogueError(f"delegation {text!r}: not a member state or observer state of the registry "
                             "(give its name or ISO code, e.g. GHA or Ghana)")
    return respondent.iso3


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise TrialogueError(f"the password is too short: at least {MIN_PASSWORD} characters")
    if password != password.strip() or "\n" in password:
        raise TrialogueError("the password must not start or end with spaces or hold line breaks")
    return password


def _account(row) -> Account:
    return Account(row.name, row.role, row.delegation, row.password_hash is not None)


def _checked_delegation(role: str, delegation: str | None) -> str | None:
    code = delegation_code(delegation)
    if role == "member" and code is None:
        raise TrialogueError("a member account belongs to one delegation: give --delegation STATE")
    if role != "member" and code is not None:
        raise TrialogueError(f"only member accounts belong to a delegation, not {role} accounts")
    return code


def add_account(store, name: str, role: str, *, actor: Actor, delegation: str | None = None,
                password: str | None = None) -> Account:
    """Create an account; ``password`` None makes an OpenID Connect account (no password sign-in)."""
    name = (name or "").strip()
    if not name or len(name) > 200 or any(ch.isspace() and ch != " " for ch in name):
        raise TrialogueError("an account name is 1 to 200 characters on one line")
    check_role(role)
    code = _checked_delegation(role, delegation)
    hashed = _hasher().hash(check_password(password)) if password is not None else None
    with store.engine.begin() as conn:
        if conn.execute(sa.select(t.accounts.c.id).where(t.accounts.c.name == name)).first() is not None:
            raise TrialogueError(f"an account named {name!r} already exists (change it with users set-role)")
        conn.execute(t.accounts.insert().values(name=name, role=role, delegation=code, password_hash=hashed,
                                                created_at=t.now(), changed_at=t.now()))
        record(conn, actor, "account_added", name, role=role, delegation=code, password=hashed is not None)
    return Account(name, role, code, hashed is not None)


def remove_account(store, name: str, *, actor: Actor) -> Account:
    """Delete an account and end its sessions."""
    with store.engine.begin() as conn:
        row = _row(conn, name)
        conn.execute(t.account_sessions.delete().where(t.account_sessions.c.account_id == row.id))
        conn.execute(t.accounts.delete().where(t.accounts.c.id == row.id))
        record(conn, actor, "account_removed", name, role=row.role)
    return _account(row)


def set_role(store, name: str, role: str, *, actor: Actor, delegation: str | None = None) -> Account:
    """Change an account's role (and delegation); its open sessions end, so it signs in again."""
    check_role(role)
    with store.engine.begin() as conn:
        row = _row(conn, name)
        code = _checked_delegation(role, delegation if delegation is not None else
                                   (row.delegation if role == "member" else None))
        conn.execute(t.accounts.update().where(t.accounts.c.id == row.id)
                     .values(role=role, delegation=code, changed_at=t.now()))
        conn.execute(t.account_sessions.delete().where(t.account_sessions.c.account_id == row.id))
        record(conn, actor, "role_changed", name, before=row.role, role=role, delegation=code)
    return Account(name, role, code, row.password_hash is not None)


def set_password(store, name: str, password: str, *, actor: Actor) -> None:
    hashed = _hasher().hash(check_password(password))
    with store.engine.begin() as conn:
        row = _row(conn, name)
        conn.execute(t.accounts.update().where(t.accounts.c.id == row.id)
                     .values(password_hash=hashed, changed_at=t.now()))
        conn.execute(t.account_sessions.delete().where(t.account_sessions.c.account_id == row.id))
        record(conn, actor, "password_changed", name)


def accounts(store) -> tuple[Account, ...]:
    with store.engine.connect() as conn:
        return tuple(_account(r) for r in conn.execute(sa.select(t.accounts).order_by(t.accounts.c.name)))


def account(store, name: str) -> Account | None:
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t.accounts).where(t.accounts.c.name == name)).first()
    return _account(row) if row is not None else None


def _row(conn, name: str):
    row = conn.execute(sa.select(t.accounts).where(t.accounts.c.name == name)).first()
    if row is None:
        raise NotFound(f"no account named {name!r} (see `python -m surveys users list`)")
    return row


# --- signing in ------------------------------------------------------------------------------

def wait_after(failures: int, free: int) -> int:
    """Seconds to wait after ``failures`` recent failures: 0 for the first ``free``, then 1, 2, 4 …"""
    return 0 if failures < free else min(2 ** (failures - free), MAX_WAIT)


def _waiting(conn, column, value: str, free: int, now: dt.datetime) -> int:
    f = t.sign_in_failures.c
    count, latest = conn.execute(sa.select(sa.func.count(), sa.func.max(f.failed_at))
                                 .where(column == value, f.failed_at > now - FAILURE_WINDOW)).one()
    if not count:
        return 0
    remaining = latest + dt.timedelta(seconds=wait_after(count, free)) - now
    return max(0, int(remaining.total_seconds() + 0.999))


def sign_in(store, name: str, password: str, *, client: str) -> SignIn:
    """Check a built-in account's password, slowed down after repeated failures. Every attempt
    (and every refusal) is written to the audit log; the password never is."""
    name, client = (name or "").strip()[:200], (client or "unknown")[:100]
    now = t.now()
    f = t.sign_in_failures.c
    with store.engine.connect() as conn:
        wait = max(_waiting(conn, f.account, name, FREE_FAILURES, now),
                   _waiting(conn, f.client, client, CLIENT_FREE_FAILURES, now))
        row = conn.execute(sa.select(t.accounts).where(t.accounts.c.name == name)).first()
    if wait:
        with store.engine.begin() as conn:
            record(conn, Actor(name or "?", None), "sign_in_slowed", name, client=client, wait=wait)
        return SignIn(None, "slowed", wait)
    hashed = row.password_hash if row is not None and row.password_hash else None
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        _hasher().verify(hashed or _dummy_hash(), password or "")
        good = hashed is not None
    except (VerificationError, InvalidHashError):
        good = False
    with store.engine.begin() as conn:
        if not good:
            conn.execute(t.sign_in_failures.insert().values(account=name, client=client, failed_at=now))
            record(conn, Actor(name or "?", None), "sign_in_failed", name, client=client)
            return SignIn(None, "wrong")
        conn.execute(t.sign_in_failures.delete().where(f.account == name))
        if _hasher().check_needs_rehash(hashed):
            conn.execute(t.accounts.update().where(t.accounts.c.id == row.id)
                         .values(password_hash=_hasher().hash(password)))
        record(conn, Actor(row.name, row.role), "sign_in", name, client=client, method="password")
    return SignIn(_account(row))


# --- sessions --------------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(store, account: Account, hours: float = SESSION_HOURS) -> str:
    """A new session for ``account``; returns the token the browser keeps (never stored)."""
    token = secrets.token_urlsafe(32)
    now = t.now()
    with store.engine.begin() as conn:
        row = _row(conn, account.name)
        conn.execute(t.account_sessions.insert().values(
            token_sha256=_digest(token), account_id=row.id, created_at=now,
            expires_at=now + dt.timedelta(hours=hours), last_seen_at=now))
        # Expired sessions of anyone are cleared on the way.
        conn.execute(t.account_sessions.delete().where(t.account_sessions.c.expires_at < now))
    return token


def session_account(store, token: str | None, *, idle_minutes: float = IDLE_MINUTES) -> Account | None:
    """The account of a live session, else None (unknown, ended, expired or idle too long)."""
    if not token or not isinstance(token, str):
        return None
    s, a = t.account_sessions.c, t.accounts.c
    now = t.now()
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(s.id, s.expires_at, s.last_seen_at, a.name, a.role, a.delegation,
                                     a.password_hash).join_from(t.account_sessions, t.accounts)
                           .where(s.token_sha256 == _digest(token))).first()
    if row is None:
        return None
    if row.expires_at <= now or row.last_seen_at + dt.timedelta(minutes=idle_minutes) <= now:
        close_session(store, token)
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        with store.engine.begin() as conn:
            conn.execute(t.account_sessions.update().where(s.id == row.id).values(last_seen_at=now))
    return Account(row.name, row.role, row.delegation, row.password_hash is not None)


def close_session(store, token: str | None) -> None:
    if token:
        with store.engine.begin() as conn:
            conn.execute(t.account_sessions.delete().where(t.account_sessions.c.token_sha256 == _digest(token)))


def oidc_account(store, identity: Iterable[str]) -> Account | None:
    """The account table's entry for an OpenID Connect identity: the first of ``identity``
    (e-mail address, subject) that names an account."""
    names = [n for n in identity if n]
    if not names:
        return None
    with store.engine.connect() as conn:
        rows = {r.name: r for r in conn.execute(sa.select(t.accounts).where(t.accounts.c.name.in_(names)))}
    return next((_account(rows[n]) for n in names if n in rows), None)
