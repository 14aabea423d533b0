"""Votes as the store keeps them: a round's data version, and withdrawing an import's votes.

Both work on the round tables alone, inside the caller's transaction, so the store's
withdrawal of an import (:meth:`surveys.storage.store.Store.withdraw_import`) and every write
of :mod:`surveys.rounds` share them without the store reaching up into the rounds package.
"""
from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa

from .round_tables import round_participants as P, round_statements as S, round_votes as V, rounds as R
from .submissions import EMPTY_VERSION


def refresh_version(conn: sa.Connection, round_id: int) -> str:
    """Recompute the round's data version: SHA-256 over its accepted statements (with their
    question and texts, so a new translation reaches every cached page and report) and the
    current votes on them, each line sorted."""
    statements = conn.execute(sa.select(S.c.code, S.c.question, S.c.texts).where(S.c.round_id == round_id,
                                                                                  S.c.state == "accepted")).all()
    votes = conn.execute(sa.select(S.c.code, P.c.name, V.c.vote).join_from(V, S, V.c.statement_id == S.c.id)
                         .join(P, V.c.participant_id == P.c.id)
                         .where(V.c.round_id == round_id, V.c.superseded_by.is_(None),
                                S.c.state == "accepted")).all()
    lines = sorted(f"S\x00{code}\x00{question}\x00{json.dumps(texts or {}, sort_keys=True, ensure_ascii=False)}"
                   for code, question, texts in statements)
    lines += sorted(f"V\x00{code}\x00{name}\x00{vote}" for code, name, vote in votes)
    version = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest() if lines else EMPTY_VERSION
    conn.execute(R.update().where(R.c.id == round_id).values(data_version=version))
    return version


def withdraw_votes(conn: sa.Connection, import_id: int) -> int:
    """Remove the votes an import stored, restoring the votes they had replaced; returns the count."""
    own = conn.execute(sa.select(V.c.id, V.c.round_id, V.c.superseded_by).where(V.c.import_id == import_id)).all()
    if not own:
        return 0
    successor = {row.id: row.superseded_by for row in own}
    ids = list(successor)
    restored = []
    for start in range(0, len(ids), 500):
        replaced = conn.execute(sa.select(V.c.id, V.c.superseded_by)
                                .where(V.c.superseded_by.in_(ids[start:start + 500]))).all()
        for row in replaced:
            after = successor[row.superseded_by]
            if after is None:
                restored.append(row.id)
            # What replaced this import's vote now replaces what that vote had replaced; a vote
            # to be current again points at itself until the import's own votes are gone.
            conn.execute(V.update().where(V.c.id == row.id).values(superseded_by=after or row.id))
    for start in range(0, len(ids), 500):
        conn.execute(V.delete().where(V.c.id.in_(ids[start:start + 500])))
    for start in range(0, len(restored), 500):
        conn.execute(V.update().where(V.c.id.in_(restored[start:start + 500])).values(superseded_by=None))
    for round_id in {row.round_id for row in own}:
        refresh_version(conn, round_id)
    return len(ids)
