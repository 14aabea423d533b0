"""The tables of deliberation rounds: rounds, their statements, participants and votes.

Registered in the store's one :data:`~surveys.storage.metadata.metadata` (and so in
:mod:`surveys.storage.schema`'s), so Alembic compares them with the migrations like every
other table. Portable types only.

History is kept the way answers keep it: a replaced vote is not deleted but marked
``superseded_by`` the vote that replaced it, so the current votes are the rows with
``superseded_by IS NULL``; a partial unique index makes two current votes of one
delegation on one statement impossible, even for two writers racing each other.
A vote imported from a workbook carries the ``imports`` row of its file, so
withdrawing that import removes its votes and restores what they replaced.
"""
from __future__ import annotations

import sqlalchemy as sa

from .metadata import metadata

rounds = sa.Table(
    "rounds", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("wave_id", sa.Integer, sa.ForeignKey("waves.id"), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("closed_at", sa.DateTime, nullable=True),
    # Whether members see results while the round is open (default: only once it closes).
    sa.Column("running_results", sa.Boolean, nullable=False),
    # SHA-256 over the accepted statements and current votes, maintained on every write.
    sa.Column("data_version", sa.String(64), nullable=False),
)

round_statements = sa.Table(
    "round_statements", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), nullable=False, index=True),
    sa.Column("code", sa.String(100), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("question", sa.String(200), nullable=False),
    # {language: text}; translations are added later by the secretariat.
    sa.Column("texts", sa.JSON, nullable=False),
    sa.Column("origin", sa.String(20), nullable=False),  # secretariat, comment, delegation
    # Who the statement came from (a comment's author or the submitting delegation) and the
    # comment's item: attributed data, shown to the secretariat only.
    sa.Column("source_respondent", sa.String(300), nullable=True),
    sa.Column("source_item", sa.String(200), nullable=True),
    sa.Column("state", sa.String(20), nullable=False),  # pending, accepted, rejected
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("moderated_at", sa.DateTime, nullable=True),
    sa.UniqueConstraint("round_id", "code", name="uq_round_statements_round_id_code"),
)

round_participants = sa.Table(
    "round_participants", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), nullable=False, index=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("iso3", sa.String(3), nullable=True),
    sa.Column("group", sa.String(20), nullable=False),
    sa.Column("region", sa.String(40), nullable=True),
    sa.Column("council_seat", sa.String(3), nullable=True),
    sa.Column("tcc_pcc", sa.Boolean, nullable=False),
    sa.UniqueConstraint("round_id", "name", name="uq_round_participants_round_id_name"),
)

round_votes = sa.Table(
    "round_votes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("round_id", sa.Integer, sa.ForeignKey("rounds.id"), nullable=False, index=True),
    sa.Column("statement_id", sa.Integer, sa.ForeignKey("round_statements.id"), nullable=False, index=True),
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("round_participants.id"), nullable=False, index=True),
    sa.Column("vote", sa.String(10), nullable=False),  # agree, disagree, pass
    sa.Column("channel", sa.String(20), nullable=False),  # dashboard, template, sheet, demo
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=True, index=True),
    sa.Column("cast_at", sa.DateTime, nullable=False),
    sa.Column("superseded_by", sa.Integer, sa.ForeignKey("round_votes.id"), nullable=True, index=True),
    sa.Index("uq_round_votes_current", "participant_id", "statement_id", unique=True,
             sqlite_where=sa.text("superseded_by IS NULL"), postgresql_where=sa.text("superseded_by IS NULL")),
)
