"""The audit log: who did what, and when — append-only, in the store.

Every sign-in (and failed or slowed one), import, withdrawal, replacement, group
reassignment, export (with its data version and audience), account, role, setting and
attribution change, and every deliberation round created, closed, reopened or reset,
statement moderated, translation changed and vote entered for a delegation is one entry. The
database itself refuses to change or delete an entry (triggers on SQLite and PostgreSQL,
:data:`surveys.storage.schema.AUDIT_APPEND_ONLY`); this module only ever inserts. Entries are
read back with :func:`entries` (the secretariat's Audit page) and written out with
:func:`to_json` (``python -m surveys audit --json FILE``).

Nothing secret goes in: a failed sign-in records the name that was typed and the client's
address, never the password.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
from dataclasses import dataclass
from typing import Any, Mapping

import sqlalchemy as sa

from . import schema as t

#: Every action the log knows, for filters and documentation.
ACTIONS: tuple[str, ...] = (
    "sign_in", "sign_in_failed", "sign_in_slowed", "sign_out", "access_refused",
    "import", "import_refused", "withdrawal", "replacement", "group_reassigned",
    "export", "account_added", "account_removed", "role_changed", "password_changed",
    "setting_changed", "attribution_changed",
    "round_created", "round_closed", "round_reopened", "round_setting_changed", "statement_moderated",
    "translation_changed", "vote_entered",
)


@dataclass(frozen=True)
class Actor:
    """Who acts: an account name (or what was typed at a failed sign-in) and its role."""

    name: str
    role: str | None = None


def command_line() -> Actor:
    """The person at the command line: whoever can reach the database acts as the secretariat."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment
        user = "unknown"
    return Actor(f"{user} (command line)", "secretariat")


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    role: str | None
    action: str
    subject: str | None
    details: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(timespec="seconds") + "Z", "actor": self.actor,
                "role": self.role, "action": self.action, "subject": self.subject, "details": dict(self.details)}


def record(conn: sa.Connection, actor: Actor, action: str, subject: str | None = None, **details: Any) -> None:
    """Append one entry inside the caller's transaction (so it stands or falls with the change)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute(t.audit_log.insert().values(
        at=t.now(), actor=str(actor.name)[:300], role=actor.role, action=action,
        subject=None if subject is None else str(subject)[:500],
        details=json.loads(json.dumps(details, default=str))))


def log(store, actor: Actor, action: str, subject: str | None = None, **details: Any) -> None:
    """Append one entry in a transaction of its own."""
    with store.engine.begin() as conn:
        record(conn, actor, action, subject, **details)


def entries(store, *, action: str | None = None, actor: str | None = None, since: dt.datetime | None = None,
            until: dt.datetime | None = None, limit: int | None = None) -> tuple[AuditEntry, ...]:
    """Entries, newest first, filtered by action, actor (substring, any case) and time (UTC)."""
    a = t.audit_log.c
    query = sa.select(t.audit_log).order_by(a.id.desc())
    if action:
        query = query.where(a.action == action)
    if actor:
        query = query.where(sa.func.lower(a.actor).contains(actor.lower(), autoescape=True))
    if since is not None:
        query = query.where(a.at >= since)
    if until is not None:
        query = query.where(a.at <= until)
    if limit:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        return tuple(AuditEntry(r.id, r.at, r.actor, r.role, r.action, r.subject, r.details or {})
                     for r in conn.execute(query))


def to_json(found: tuple[AuditEntry, ...]) -> str:
    """The entries as a JSON array, oldest first."""
    return json.dumps([e.to_dict() for e in sorted(found, key=lambda e: e.id)], ensure_ascii=False, indent=1)


def imported(store, report, actor: Actor) -> None:
    """The audit entries of one import call (``surveys.storage.importer.ImportReport``) in a
    transaction of their own. ``import_files(..., actor=)`` writes them inside the import's own
    transaction instead, so that an import is never stored without its entries."""
    with store.engine.begin() as conn:
        record_import(conn, report, actor)


def record_import(conn: sa.Connection, report, actor: Actor) -> None:
    """Each stored file, the delegations it replaced and any whose group changed with it; a
    refusal once."""
    r = t.respondents.c
    stored = [f for f in report.files if f.outcome == "ok"]
    if not stored:
        if any(f.outcome == "refused" for f in report.files):
            record(conn, actor, "import_refused", report.wave, files=[f.name for f in report.files],
                   errors=sum(len(f.errors) for f in report.files))
        return
    for file in stored:
        record(conn, actor, "import", report.wave, file=file.name, import_id=file.import_id,
               respondents=file.respondents, answers=file.answers, data_version=report.data_version)
        old = conn.execute(sa.select(r.name, r.group).where(r.superseded_by == file.import_id)).all()
        if not old:
            continue
        new = dict(conn.execute(sa.select(r.name, r.group).where(r.import_id == file.import_id)).all())
        record(conn, actor, "replacement", report.wave, file=file.name, import_id=file.import_id,
               replaced=sorted(row.name for row in old))
        for row in old:
            if row.name in new and new[row.name] != row.group:
                record(conn, actor, "group_reassigned", row.name, wave=report.wave, before=row.group,
                       after=new[row.name], import_id=file.import_id)
