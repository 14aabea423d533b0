"""Where rounds, statements and votes are kept, and every way they change.

Plain functions on a :class:`~surveys.storage.store.Store`, one per thing the secretariat does:
create, moderate, translate and close rounds (votes: :mod:`surveys.rounds.votes`). Every write is
one transaction that ends by refreshing the round's data version, so a dashboard can key
its cache on it. Votes are attributed data: :func:`load_round` hands the analysis
pseudonyms unless the caller asks for the secretariat's attributed copy, and
:func:`surveys.rounds.votes.vote_history` is for the secretariat only (the roles of issue 10 gate both).
"""
from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd
import sqlalchemy as sa

from surveys.respondents.registry import classify
from surveys.storage import schema as t
from surveys.storage.audit import Actor, command_line, record
from surveys.storage.round_tables import round_participants as P, round_statements as S, round_votes as V, rounds as R
from surveys.storage.submissions import EMPTY_VERSION
from surveys.storage.votes import refresh_version

from ..errors import NotFound, TrialogueError
from ..limits import MAX_CELL_CHARACTERS, MAX_ROUND_NAME
from ..model import GROUP_CODES, UN_LANGUAGES, Respondent
from ..plaintext import argument, plain
from .model import ORIGINS, PARTICIPANT_COLUMNS, VOTE_COLUMNS, Round, RoundVotes, Statement, StatementSource


class RoundClosed(TrialogueError):
    """A vote or a new statement for a round that is closed."""


# --- reading ---------------------------------------------------------------------------------

def rounds(store, wave: str | None = None) -> tuple[Round, ...]:
    """All rounds (of ``wave`` when given), oldest first."""
    query = _round_query().order_by(R.c.created_at, R.c.id)
    if wave is not None:
        query = query.where(t.waves.c.name == wave)
    with store.engine.connect() as conn:
        return tuple(_round(row) for row in conn.execute(query))


def get_round(store, name: str) -> Round:
    with store.engine.connect() as conn:
        return _round(round_row(conn, name))


def round_statements(store, name: str, *, states: Iterable[str] | None = None,
                     attributed: bool = False) -> tuple[Statement, ...]:
    """The statements of round ``name`` in order (only those in ``states`` when given).

    ``attributed=True`` (secretariat only) fills in :attr:`Statement.source`, who a statement
    was drawn from or submitted by."""
    with store.engine.connect() as conn:
        row = round_row(conn, name)
        return _statements(conn, row.id, states=states, attributed=attributed)


def own_statements(store, name: str, respondent: str) -> tuple[Statement, ...]:
    """The statements a delegation submitted to round ``name``, with their moderation state
    and reason: what the voting page shows the delegation of its own, and nobody else's."""
    names = stored_names(respondent)
    with store.engine.connect() as conn:
        row = round_row(conn, name)
        query = (sa.select(S).where(S.c.round_id == row.id, S.c.origin == "delegation",
                                    S.c.source_respondent.in_(sorted(names))).order_by(S.c.position, S.c.id))
        return tuple(_statement_of(found, attributed=False) for found in conn.execute(query))


def load_round(store, name: str, *, attributed: bool = False) -> RoundVotes:
    """The accepted statements and current votes of round ``name``, for the analysis.

    Participants are pseudonyms unless ``attributed`` (the secretariat's copy, where
    ``participant`` is the delegation's name). Pseudonyms are numbered in the order the
    delegations first took part, which nobody can work out from their names.
    """
    with store.engine.connect() as conn:
        row = round_row(conn, name)
        statements = _statements(conn, row.id, states=("accepted",))
        people = conn.execute(sa.select(P.c.id, P.c.name, P.c.group, P.c.iso3, P.c.region, P.c.council_seat,
                                        P.c.tcc_pcc).where(P.c.round_id == row.id).order_by(P.c.id)).all()
        votes = conn.execute(
            sa.select(V.c.participant_id, S.c.code, V.c.vote).join_from(V, S, V.c.statement_id == S.c.id)
            .where(V.c.round_id == row.id, V.c.superseded_by.is_(None), S.c.state == "accepted")
            .order_by(S.c.position, V.c.participant_id)).all()
    voted = {v.participant_id for v in votes}
    people = [p for p in people if p.id in voted]
    width = len(str(len(people)))
    key = {p.id: (p.name if attributed else f"P{n:0{width}d}") for n, p in enumerate(people, start=1)}
    participants = pd.DataFrame(
        [(key[p.id], p.group, p.iso3, p.region, p.council_seat, p.council_seat or "non_member", bool(p.tcc_pcc))
         for p in people], columns=list(PARTICIPANT_COLUMNS))
    frame = pd.DataFrame([(key[v.participant_id], v.code, v.vote) for v in votes], columns=list(VOTE_COLUMNS))
    present = set(participants["group"])
    return RoundVotes(_round(row), statements, participants, frame, row.data_version, attributed,
                      tuple(code for code in GROUP_CODES if code in present))


# --- the secretariat's writes ----------------------------------------------------------------

def create_round(store, name: str, *, wave: str, statements: Sequence[Statement],
                 running_results: bool = False, actor: Actor | None = None) -> Round:
    """Create round ``name`` on ``wave`` with ``statements`` (checked with
    :func:`surveys.rounds.statements.check_statements` by the caller, or here). The
    secretariat's writes here are audited under ``actor`` (default: the person at the command
    line), in the transaction of the change."""
    from .statements import check_statements

    name = argument(name or "", "the round name", MAX_ROUND_NAME)
    instrument = store.instrument(wave)
    problems = check_statements(statements, instrument)
    if problems:
        raise TrialogueError("\n".join(problems))
    with store.engine.begin() as conn:
        wave_id = conn.execute(sa.select(t.waves.c.id).where(t.waves.c.name == wave)).scalar_one()
        if conn.execute(sa.select(R.c.id).where(R.c.name == name)).first() is not None:
            raise TrialogueError(f"a round named {name!r} already exists; choose another name")
        round_id = conn.execute(R.insert().values(name=name, wave_id=wave_id, created_at=t.now(),
                                                  running_results=bool(running_results),
                                                  data_version=EMPTY_VERSION)).inserted_primary_key[0]
        for position, statement in enumerate(statements, start=1):
            _insert_statement(conn, round_id, statement, position)
        refresh_version(conn, round_id)
        record(conn, actor or command_line(), "round_created", name, wave=wave, statements=len(statements),
               running_results=bool(running_results))
        return _round(round_row(conn, name))


def add_statement(store, round_name: str, statement: Statement) -> Statement:
    """Add one more statement to an open round (the secretariat's own: accepted as given)."""
    from .statements import check_statements

    with store.engine.begin() as conn:
        row = open_round_row(conn, round_name)
        taken = [s.id for s in _statements(conn, row.id)]
        problems = check_statements([statement], store.instrument(row.wave), taken=taken)
        if problems:
            raise TrialogueError("\n".join(problems))
        _insert_statement(conn, row.id, statement, _next_position(conn, row.id))
        refresh_version(conn, row.id)
        return _statement(conn, row.id, statement.id, attributed=True)


def submit_statement(store, round_name: str, respondent: str, text: str, *, question: str, lang: str = "en",
                     statement_id: str | None = None) -> Statement:
    """A delegation submits a statement; it waits for moderation (:func:`moderate`)."""
    text = argument(text or "", "the statement", MAX_CELL_CHARACTERS)
    who = classified(store, round_name, respondent)
    with store.engine.connect() as conn:
        code = statement_id or _free_code(conn, round_row(conn, round_name).id, "d")
    return add_statement(store, round_name, Statement(code, question, {lang: text}, origin="delegation",
                                                      state="pending", source=StatementSource(who.name)))


def draw_statement(store, round_name: str, respondent: str, item: str, *, text: str | None = None,
                   lang: str = "en", question: str | None = None, statement_id: str | None = None) -> Statement:
    """A statement the secretariat draws from a delegation's comment (``item``), the link
    kept; ``text`` defaults to the comment itself, ``question`` to the item's question."""
    from .statements import comment_of

    with store.engine.connect() as conn:
        row = round_row(conn, round_name)
        code = statement_id or _free_code(conn, row.id, "c")
    data = store.load_wave(row.wave)
    who = classified(store, round_name, respondent)
    comment = comment_of(data, who.name, item)
    if comment is None:
        raise NotFound(f"{who.name} has no comment for {item} in wave {row.wave}: a statement drawn from a "
                       "comment must name a delegation and a text item it answered")
    if question is None:
        question = data.instrument.item(item).question or ""
    # A typed text passes the policy for arguments; a comment is as the store holds it, which a
    # store written before the text policy may not have cleaned.
    text = argument(text, "the statement", MAX_CELL_CHARACTERS) if text else plain(comment, line=True)
    return add_statement(store, round_name, Statement(code, question, {lang: text}, origin="comment",
                                                      source=StatementSource(who.name, item)))


def moderate(store, round_name: str, statement: str, decision: str, reason: str | None = None, *,
             actor: Actor | None = None) -> Statement:
    """Accept or reject a statement (``decision`` ``accept``/``reject``; a rejection needs a
    reason). Only accepted statements are voted on; votes already cast stay in history."""
    state = {"accept": "accepted", "accepted": "accepted", "reject": "rejected", "rejected": "rejected"}.get(
        (decision or "").strip().lower())
    if state is None:
        raise TrialogueError(f"unknown decision {decision!r}: expected accept or reject")
    reason = argument(reason, "the reason", MAX_CELL_CHARACTERS) if reason and reason.strip() else None
    if state == "rejected" and not reason:
        raise TrialogueError("a rejection needs a reason (--reason TEXT): the delegation is told why")
    with store.engine.begin() as conn:
        row = round_row(conn, round_name)
        found = statement_row(conn, row, statement)
        conn.execute(S.update().where(S.c.id == found.id).values(
            state=state, reason=reason if state == "rejected" else None, moderated_at=t.now()))
        refresh_version(conn, row.id)
        record(conn, actor or command_line(), "statement_moderated", f"{row.name} {found.code}", state=state,
               reason=reason if state == "rejected" else None)
        return _statement(conn, row.id, found.code, attributed=True)


def add_translation(store, round_name: str, statement: str, lang: str, text: str, *,
                    actor: Actor | None = None) -> Statement:
    """Add (or correct) the text of a statement in one of the six UN languages."""
    if lang not in UN_LANGUAGES:
        raise TrialogueError(f"unknown language {lang!r}: expected one of {', '.join(UN_LANGUAGES)}")
    if not (text or "").strip():
        raise TrialogueError("the translation is blank")
    text = argument(text, "the translation", MAX_CELL_CHARACTERS)
    with store.engine.begin() as conn:
        row = round_row(conn, round_name)
        found = statement_row(conn, row, statement)
        conn.execute(S.update().where(S.c.id == found.id).values(texts={**dict(found.texts), lang: text}))
        refresh_version(conn, row.id)
        record(conn, actor or command_line(), "translation_changed", f"{row.name} {found.code}", lang=lang)
        return _statement(conn, row.id, found.code, attributed=True)


def close_round(store, name: str, *, actor: Actor | None = None) -> Round:
    """Close a round: no more votes; members see its results."""
    return _set(store, name, "round_closed", actor, closed_at=t.now(), open_required=True)


def reopen_round(store, name: str, *, actor: Actor | None = None) -> Round:
    return _set(store, name, "round_reopened", actor, closed_at=None)


def set_running_results(store, name: str, visible: bool, *, actor: Actor | None = None) -> Round:
    """Whether members see the results while the round is open."""
    return _set(store, name, "round_setting_changed", actor, running_results=bool(visible))


def _set(store, name: str, action: str, actor: Actor | None, *, open_required: bool = False, **values) -> Round:
    with store.engine.begin() as conn:
        row = open_round_row(conn, name) if open_required else round_row(conn, name)
        conn.execute(R.update().where(R.c.id == row.id).values(**values))
        record(conn, actor or command_line(), action, row.name,
               **{k: v for k, v in values.items() if k == "running_results"})
        return _round(round_row(conn, name))


# --- helpers ---------------------------------------------------------------------------------

def _round_query() -> sa.Select:
    return sa.select(R.c.id, R.c.name, R.c.created_at, R.c.closed_at, R.c.running_results, R.c.data_version,
                     t.waves.c.name.label("wave"), t.waves.c.reference_date).join_from(
        R, t.waves, R.c.wave_id == t.waves.c.id)


def _round(row) -> Round:
    return Round(row.name, row.wave, row.created_at, row.closed_at, bool(row.running_results), row.data_version)


def round_row(conn: sa.Connection, name: str):
    row = conn.execute(_round_query().where(R.c.name == name)).first()
    if row is None:
        known = ", ".join(conn.execute(sa.select(R.c.name).order_by(R.c.id)).scalars()) or "none"
        raise NotFound(f"no round named {name!r} (stored rounds: {known})")
    return row


def open_round_row(conn: sa.Connection, name: str):
    row = round_row(conn, name)
    if row.closed_at is not None:
        raise RoundClosed(f"round {row.name} closed on {row.closed_at:%Y-%m-%d %H:%M}: it takes no more votes "
                          "or statements")
    return row


def _statements(conn: sa.Connection, round_id: int, *, states: Iterable[str] | None = None,
                attributed: bool = False) -> tuple[Statement, ...]:
    query = sa.select(S).where(S.c.round_id == round_id).order_by(S.c.position, S.c.id)
    if states is not None:
        query = query.where(S.c.state.in_(list(states)))
    return tuple(_statement_of(row, attributed) for row in conn.execute(query))


def _statement_of(row, attributed: bool) -> Statement:
    source = (StatementSource(row.source_respondent, row.source_item)
              if attributed and row.source_respondent else None)
    texts = {lang: row.texts[lang] for lang in UN_LANGUAGES if (row.texts or {}).get(lang)}
    return Statement(row.code, row.question, texts, row.origin, row.state, row.reason, row.position, source)


def _statement(conn: sa.Connection, round_id: int, code: str, *, attributed: bool = False) -> Statement:
    return _statement_of(conn.execute(sa.select(S).where(S.c.round_id == round_id, S.c.code == code)).one(),
                         attributed)


def statement_row(conn: sa.Connection, row, code: str):
    code = str(code).strip()
    found = conn.execute(sa.select(S).where(S.c.round_id == row.id, S.c.code == code)).first()
    if found is None:
        known = ", ".join(conn.execute(sa.select(S.c.code).where(S.c.round_id == row.id)
                                       .order_by(S.c.position)).scalars())
        raise NotFound(f"round {row.name} has no statement {code!r} (its statements: {known or 'none'})")
    return found


def _insert_statement(conn: sa.Connection, round_id: int, statement: Statement, position: int) -> None:
    if statement.origin not in ORIGINS:
        raise ValueError(f"unknown origin {statement.origin!r}")
    source = statement.source
    conn.execute(S.insert().values(
        round_id=round_id, code=statement.id, position=position, question=statement.question,
        texts={lang: text for lang, text in statement.texts.items() if text}, origin=statement.origin,
        source_respondent=source.respondent if source else None, source_item=source.item if source else None,
        state=statement.state, reason=statement.reason, created_at=t.now(), moderated_at=None))


def _next_position(conn: sa.Connection, round_id: int) -> int:
    return (conn.execute(sa.select(sa.func.max(S.c.position)).where(S.c.round_id == round_id)).scalar() or 0) + 1


def _free_code(conn: sa.Connection, round_id: int, prefix: str) -> str:
    taken = set(conn.execute(sa.select(S.c.code).where(S.c.round_id == round_id)).scalars())
    n = 1
    while f"{prefix}{n:02d}" in taken:
        n += 1
    return f"{prefix}{n:02d}"


def classify_delegation(store, round_name: str, respondent: str, declared_group: str | None = None):
    """:func:`surveys.respondents.registry.classify` at the reference date of the round's wave."""
    wave = get_round(store, round_name).wave
    return classify(respondent, store.wave(wave).reference_date, declared_group=declared_group,
                    contributions=store.contribution_months() or None)


def classified(store, round_name: str, respondent: str) -> Respondent:
    found = classify_delegation(store, round_name, respondent)
    if found.error:
        raise TrialogueError(found.error)
    return found.respondent


def stored_names(respondent: str) -> set[str]:
    """The names a delegation may be stored under: as written, and the registry's English name."""
    from surveys.respondents.registry import find_observer, find_secretariat, find_state

    names = {respondent.strip()}
    for found in (find_state(respondent), find_secretariat(respondent), find_observer(respondent)):
        if found is not None:
            names.add(found.name("en"))
    return names


def known_participant(conn: sa.Connection, row, respondent: str) -> int | None:
    names = stored_names(respondent)
    return conn.execute(sa.select(P.c.id).where(P.c.round_id == row.id, P.c.name.in_(names))).scalar()
