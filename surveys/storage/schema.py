"""The database tables Trialogue keeps, and how an instrument is serialised into them.

SQLAlchemy Core tables in one ``MetaData``; Alembic migrations in
``surveys/storage/migrations`` are compared against it in the tests, so the two never drift.
Only portable types are used (no SQLite- or PostgreSQL-only features): PostgreSQL is
the multi-user target, a SQLite file the single-user default.

Respondent rows are kept per submission: a replacement marks the earlier row
``superseded_by`` the new import instead of deleting it, so history survives and a
withdrawn replacement can restore what it replaced. Current data is the respondent
rows with ``superseded_by IS NULL``.

Each submission keeps its answers as one JSON document, ``{item: value}`` in the
instrument's order (unanswered items left out), the way KoboToolbox and ODK Central keep
a submission: one row per respondent is ten times fewer rows to write, load and withdraw
than one per answer, and a submission is always read and replaced whole. On PostgreSQL
the document is JSONB, so ``answers ->> 'q1_overall'`` can be queried and indexed.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from surveys.model import Choice, ChoiceList, Instrument, Item, NotAnalysed, Question

from .metadata import metadata

#: JSON text on SQLite, JSONB on PostgreSQL (key order is then not kept; readers order by the instrument).
ANSWERS_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

instruments = sa.Table(
    "instruments", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("form_id", sa.String(200), nullable=False),
    sa.Column("version", sa.String(100), nullable=False),
    # The same form_id and version can come with different text; the digest tells them apart.
    sa.Column("definition_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("definition", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

waves = sa.Table(
    "waves", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("instrument_id", sa.Integer, sa.ForeignKey("instruments.id"), nullable=False),
    sa.Column("reference_date", sa.Date, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    # Maintained on every write so that reading it costs one row.
    sa.Column("data_version", sa.String(64), nullable=False),
    # Who may see respondents' names: attributed, non-attributed or anonymous (migration 0005).
    sa.Column("attribution", sa.String(20), nullable=False, server_default="attributed"),
)

imports = sa.Table(
    "imports", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # The wave by name: a refused import may name a wave that was never created.
    sa.Column("wave", sa.String(200), nullable=False, index=True),
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("imported_at", sa.DateTime, nullable=False),
    sa.Column("respondents", sa.Integer, nullable=False),
    sa.Column("answers", sa.Integer, nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),  # ok, refused, unchanged, withdrawn
    sa.Column("messages", sa.JSON, nullable=False),
    sa.Column("withdrawn_at", sa.DateTime, nullable=True),
)

respondents = sa.Table(
    "respondents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("wave_id", sa.Integer, sa.ForeignKey("waves.id"), nullable=False, index=True),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False, index=True),
    sa.Column("superseded_by", sa.Integer, sa.ForeignKey("imports.id"), nullable=True, index=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("iso3", sa.String(3), nullable=True),
    sa.Column("group", sa.String(20), nullable=False),
    sa.Column("region", sa.String(40), nullable=True),
    sa.Column("council_seat", sa.String(3), nullable=True),
    sa.Column("tcc_pcc", sa.Boolean, nullable=False),
    sa.Column("attributes", sa.JSON, nullable=False),
    # SHA-256 of this respondent's fields and sorted answers; the wave's data version
    # is a hash over these, so it never needs to read the answers again.
    sa.Column("digest", sa.String(64), nullable=False),
    # {item: value} of this submission, in the instrument's item order.
    sa.Column("answers", ANSWERS_TYPE, nullable=False),
    # Whether the delegation agreed that its comments be shown with its name (NULL: not said).
    sa.Column("consent", sa.Boolean, nullable=True),
)

contribution_months = sa.Table(
    "contribution_months", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("month", sa.Date, nullable=False, unique=True),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
)

contribution_figures = sa.Table(
    "contribution_figures", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("month_id", sa.Integer, sa.ForeignKey("contribution_months.id"), nullable=False, index=True),
    sa.Column("iso3", sa.String(3), nullable=False),
    sa.Column("troops", sa.Integer, nullable=False),
    sa.Column("police", sa.Integer, nullable=False),
    sa.Column("experts", sa.Integer, nullable=False),
)

exports = sa.Table(
    "exports", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("wave", sa.String(200), nullable=False, index=True),
    sa.Column("data_version", sa.String(64), nullable=False),
    sa.Column("settings", sa.JSON, nullable=False),
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("exported_at", sa.DateTime, nullable=False),
)


# --- open-ended answers: codebook, codings, quote bank (migration 0003) ---------------------
# Comments are identified by wave, respondent name and item, as the answers are: codings and
# quotes survive a replaced submission, and each coding keeps a digest of the text it coded.

themes = sa.Table(
    "themes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("wave_id", sa.Integer, sa.ForeignKey("waves.id"), nullable=False, index=True),
    sa.Column("item", sa.String(200), nullable=False),
    sa.Column("code", sa.String(100), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("labels", sa.JSON, nullable=False),
    sa.Column("level", sa.String(10), nullable=False),  # nominal, ordinal, interval
    sa.Column("scale", sa.JSON, nullable=False),  # the values of a scaled theme, in order
    sa.Column("description", sa.JSON, nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("wave_id", "item", "code"),
)

codings = sa.Table(
    "codings", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("wave_id", sa.Integer, sa.ForeignKey("waves.id"), nullable=False, index=True),
    sa.Column("respondent", sa.String(300), nullable=False),
    sa.Column("item", sa.String(200), nullable=False),
    sa.Column("coder", sa.String(200), nullable=False),
    # NULL: the coder read the comment and found no theme of the codebook in it.
    sa.Column("theme_id", sa.Integer, sa.ForeignKey("themes.id"), nullable=True, index=True),
    sa.Column("value", sa.String(200), nullable=True),
    sa.Column("text_sha256", sa.String(64), nullable=False),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
)

quotes = sa.Table(
    "quotes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("wave_id", sa.Integer, sa.ForeignKey("waves.id"), nullable=False, index=True),
    sa.Column("respondent", sa.String(300), nullable=False),
    sa.Column("item", sa.String(200), nullable=False),
    sa.Column("group", sa.String(40), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("language", sa.String(10), nullable=True),
    sa.Column("translation", sa.Text, nullable=True),
    sa.Column("translation_language", sa.String(10), nullable=True),
    sa.Column("consent", sa.Boolean, nullable=True),  # NULL: not known
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("saved_at", sa.DateTime, nullable=False),
)


# --- who may see what: accounts, sign-ins, settings and the audit log (migration 0005) ----------

accounts = sa.Table(
    "accounts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # A built-in account's user name, or the e-mail address / subject an OpenID provider gives.
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("role", sa.String(20), nullable=False),  # secretariat, member, viewer
    # A member's delegation: the ISO 3166 alpha-3 code of a state in the registry.
    sa.Column("delegation", sa.String(3), nullable=True),
    # Argon2id (PHC string format); NULL for an account that signs in only through OpenID Connect.
    sa.Column("password_hash", sa.String(300), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)

account_sessions = sa.Table(
    "account_sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # SHA-256 of the random token the browser holds: a stolen table opens no session.
    sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("last_seen_at", sa.DateTime, nullable=False),
)

sign_in_failures = sa.Table(
    "sign_in_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account", sa.String(200), nullable=False, index=True),
    sa.Column("client", sa.String(100), nullable=False, index=True),
    sa.Column("failed_at", sa.DateTime, nullable=False, index=True),
)

settings = sa.Table(
    "settings", metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("changed_by", sa.String(300), nullable=False),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("actor", sa.String(300), nullable=False),
    sa.Column("role", sa.String(20), nullable=True),
    sa.Column("action", sa.String(40), nullable=False, index=True),
    sa.Column("subject", sa.String(500), nullable=True),
    sa.Column("details", sa.JSON, nullable=False),
)

#: The database itself refuses to change or remove an audit entry (also when the tables are
#: made from the models rather than by the migrations, see ``surveys.storage.store``).
AUDIT_APPEND_ONLY: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
    "postgresql": (
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
    ),
}
for _dialect, _statements in AUDIT_APPEND_ONLY.items():
    for _statement in _statements:
        sa.event.listen(audit_log, "after_create", sa.DDL(_statement).execute_if(dialect=_dialect))


def now() -> dt.datetime:
    """Naive UTC time, the same on every backend."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


# --- instrument definition <-> JSON ---------------------------------------------------------

def instrument_to_json(instrument: Instrument) -> dict[str, Any]:
    """Everything needed to rebuild the ``Instrument`` without its XLSForm file."""
    return {
        "form_id": instrument.form_id,
        "version": instrument.version,
        "title": dict(instrument.title),
        "default_language": instrument.default_language,
        "reference_date": instrument.reference_date.isoformat() if instrument.reference_date else None,
        "languages": list(instrument.languages),
        "questions": [{"name": q.name, "labels": dict(q.labels)} for q in instrument.questions],
        "items": [{
            "name": i.name, "type": i.type, "labels": dict(i.labels), "list_name": i.list_name,
            "measure": i.measure, "question": i.question, "hints": dict(i.hints),
            "required": i.required, "relevant": i.relevant, "row": i.row, "path": i.path, "scale": i.scale,
        } for i in instrument.items],
        "choice_lists": {
            name: [{"name": c.name, "labels": dict(c.labels), "missing": c.missing} for c in cl.choices]
            for name, cl in instrument.choice_lists.items()
        },
        "not_analysed": [{"name": n.name, "type": n.type, "row": n.row, "path": n.path}
                         for n in instrument.not_analysed],
    }


def instrument_from_json(data: Mapping[str, Any]) -> Instrument:
    """The inverse of :func:`instrument_to_json`. Definitions stored before paths were kept
    have none: an item's path is then ``question/name``, as :class:`Item` builds it."""
    ref = data.get("reference_date")
    return Instrument(
        form_id=data["form_id"],
        version=data["version"],
        title=dict(data["title"]),
        default_language=data["default_language"],
        reference_date=dt.date.fromisoformat(ref) if ref else None,
        languages=tuple(data["languages"]),
        questions=tuple(Question(q["name"], dict(q["labels"])) for q in data["questions"]),
        items=tuple(Item(
            name=i["name"], type=i["type"], labels=dict(i["labels"]), list_name=i["list_name"],
            measure=i["measure"], question=i["question"], hints=dict(i["hints"]),
            required=i["required"], relevant=i["relevant"], row=i["row"], path=i.get("path") or "",
            scale=i.get("scale"),  # definitions stored before scales were recorded have none
        ) for i in data["items"]),
        choice_lists={
            name: ChoiceList(name, tuple(Choice(c["name"], dict(c["labels"]), c["missing"]) for c in choices))
            for name, choices in data["choice_lists"].items()
        },
        not_analysed=tuple(NotAnalysed(n["name"], n["type"], n["row"], n.get("path") or "")
                           for n in data["not_analysed"]),
    )


# The deliberation tables have their own module; importing it registers them in ``metadata``, so
# this module's ``metadata`` holds every table of the store.
from . import round_tables as _round_tables  # noqa: E402,F401
