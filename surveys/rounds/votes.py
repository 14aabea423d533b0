"""Votes: cast on the dashboard, stored from workbooks, replaced with history, withdrawn.

One current vote per delegation and statement; a replaced vote is kept, marked
``superseded_by`` the vote that replaced it (:mod:`surveys.storage.round_tables`). Every write
refreshes the round's data version. :func:`vote_history` is attributed: secretariat only;
:func:`own_votes` is what a signed-in delegation may see of its own.
"""
from __future__ import annotations

from typing import Sequence

import sqlalchemy as sa

from surveys.storage import schema as t
from surveys.storage.audit import Actor, record
from surveys.storage.round_tables import round_participants as P, round_statements as S, round_votes as V

from ..errors import AlreadySubmitted, TrialogueError
from ..model import Respondent
from .ledger import classified, known_participant, open_round_row, refresh_version, round_row, statement_row
from .model import CHANNELS, VOTES, VoteRecord, expected_votes, parse_vote

ALREADY_VOTED = ("{respondent} already voted on statement {statement} in round {round} ({earlier}); "
                 "to replace that vote, submit again with replace (--replace on the command line)")


def own_votes(store, name: str, respondent: str) -> dict[str, str]:
    """A delegation's own current votes in round ``name`` ({statement: vote}): what the voting
    page shows the signed-in delegation, and nobody else's."""
    with store.engine.connect() as conn:
        row = round_row(conn, name)
        who = known_participant(conn, row, respondent)
        if who is None:
            return {}
        found = conn.execute(sa.select(S.c.code, V.c.vote).join_from(V, S, V.c.statement_id == S.c.id)
                             .where(V.c.participant_id == who, V.c.superseded_by.is_(None))).all()
    return {code: vote for code, vote in found}


def vote_history(store, name: str) -> tuple[VoteRecord, ...]:
    """Every vote of round ``name`` with its history, attributed: for the secretariat only."""
    with store.engine.connect() as conn:
        row = round_row(conn, name)
        found = conn.execute(
            sa.select(S.c.code, P.c.name, P.c.group, V.c.vote, V.c.channel, V.c.cast_at, V.c.superseded_by,
                      V.c.import_id)
            .join_from(V, S, V.c.statement_id == S.c.id).join(P, V.c.participant_id == P.c.id)
            .where(V.c.round_id == row.id).order_by(V.c.id)).all()
    return tuple(VoteRecord(r.code, r.name, r.group, r.vote, r.channel, r.cast_at, r.superseded_by is None,
                            r.import_id) for r in found)


def cast_vote(store, round_name: str, respondent: str, statement: str, vote: str, *, replace: bool = False,
              channel: str = "dashboard", entered_by: Actor | None = None) -> VoteRecord:
    """Record one delegation's vote on one statement (the dashboard's voting page).

    ``vote`` is ``agree``, ``disagree`` or ``pass`` (or a label in any UN language). A second
    vote on the same statement is refused (:class:`AlreadySubmitted`) unless ``replace``;
    the replaced vote stays in history. ``entered_by``: the secretariat's account entering the
    vote on the delegation's behalf, audited with it.
    """
    choice = parse_vote(vote)
    if choice is None:
        raise TrialogueError(f"{vote!r} is not a vote: expected {expected_votes()}")
    who = classified(store, round_name, respondent)
    with store.engine.begin() as conn:
        row = open_round_row(conn, round_name)
        found = statement_row(conn, row, statement)
        if found.state != "accepted":
            raise TrialogueError(f"statement {found.code} is {found.state}, not accepted: only accepted "
                                 "statements are voted on")
        participant = participant_id(conn, row.id, who)
        earlier = current_votes(conn, [participant], [found.id])
        if earlier and not replace:
            raise AlreadySubmitted(ALREADY_VOTED.format(respondent=who.name, statement=found.code,
                                                        round=row.name, earlier=earlier[(participant, found.id)][1]))
        insert_votes(conn, row.id, [(found.id, participant, choice)], channel=channel)
        refresh_version(conn, row.id)
        if entered_by is not None:
            record(conn, entered_by, "vote_entered", f"{row.name} {found.code}", delegation=who.name, vote=choice)
    return VoteRecord(found.code, who.name, who.group, choice, channel, t.now(), True)


def participant_id(conn: sa.Connection, round_id: int, who: Respondent) -> int:
    """The participant row of ``who`` in the round, created on first vote."""
    found = conn.execute(sa.select(P.c.id).where(P.c.round_id == round_id, P.c.name == who.name)).scalar()
    if found is not None:
        return found
    return conn.execute(P.insert().values(round_id=round_id, name=who.name, iso3=who.iso3, group=who.group,
                                          region=who.region, council_seat=who.council_seat,
                                          tcc_pcc=bool(who.tcc_pcc))).inserted_primary_key[0]


def current_votes(conn: sa.Connection, participants: Sequence[int], statements: Sequence[int]
                  ) -> dict[tuple[int, int], tuple[int, str]]:
    """{(participant, statement): (vote id, where it came from)} of the current votes among these."""
    if not participants or not statements:
        return {}
    found = conn.execute(
        sa.select(V.c.id, V.c.participant_id, V.c.statement_id, V.c.channel, t.imports.c.file_name)
        .outerjoin(t.imports, V.c.import_id == t.imports.c.id)
        .where(V.c.participant_id.in_(list(set(participants))), V.c.statement_id.in_(list(set(statements))),
               V.c.superseded_by.is_(None))).all()
    return {(r.participant_id, r.statement_id): (r.id, r.file_name or f"on the {r.channel}") for r in found}


def insert_votes(conn: sa.Connection, round_id: int, votes: Sequence[tuple[int, int, str]], *, channel: str,
                 import_id: int | None = None) -> None:
    """Store (statement id, participant id, vote) triples, superseding current votes they replace."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if any(vote not in VOTES for _, _, vote in votes):
        raise ValueError("a vote must be agree, disagree or pass")
    earlier = current_votes(conn, [p for _, p, _ in votes], [s for s, _, _ in votes])
    keys = [(p, s) for s, p, _ in votes if (p, s) in earlier]
    replaced = [earlier[key][0] for key in keys]
    # Out of the unique index of current votes before the new votes enter it: a replaced vote
    # points at itself until the vote that replaces it has an id.
    if replaced:
        conn.execute(V.update().where(V.c.id == sa.bindparam("old")).values(superseded_by=sa.bindparam("old")),
                     [{"old": old} for old in replaced])
    now = t.now()
    if votes:
        conn.execute(V.insert(), [{"round_id": round_id, "statement_id": s, "participant_id": p, "vote": vote,
                                   "channel": channel, "import_id": import_id, "cast_at": now,
                                   "superseded_by": None} for s, p, vote in votes])
    if replaced:
        new = current_votes(conn, [p for _, p, _ in votes], [s for s, _, _ in votes])
        conn.execute(V.update().where(V.c.id == sa.bindparam("old")).values(superseded_by=sa.bindparam("new")),
                     [{"old": earlier[key][0], "new": new[key][0]} for key in keys])
