"""Vote workbooks: recognise them among uploads, read and check their votes, store them.

Two layouts reach the same store (:mod:`surveys.rounds.ledger`):

``template``
    A delegation's filled vote template (:mod:`surveys.rounds.votetemplate`): the hidden
    first cell ``trialogue-votes <lang> <round>`` names the round, the hidden first column
    holds ``respondent`` and each statement id, the vote column one vote per statement.
``sheet``
    A consolidated vote sheet: a header row with ``respondent`` (optionally ``group``),
    then one column per statement id of a stored round, one row per delegation, each cell
    agree / disagree / pass or their labels in any of the six UN languages (blank: no vote).
    The round is the one whose statement ids the header names (``round`` chooses when
    several rounds fit).

:func:`surveys.storage.importer.import_files` asks :func:`recognise` about every workbook it reads
and imports vote workbooks beside answer workbooks in its one transaction: all or
nothing, every problem named by file, sheet and cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import sqlalchemy as sa

from surveys.reading.headers import GROUP_HEADERS, RESPONDENT_HEADERS, header_key, text_key
from surveys.reading.validation import LONG_NAME
from surveys.reading.workbook import Sheet, cell_ref, cell_text
from surveys.respondents.registry import classify
from surveys.storage import schema as t
from surveys.storage.round_tables import round_participants as P, round_statements as S, round_votes as V, rounds as R

from ..limits import MAX_RESPONDENT_NAME
from ..messages import Text
from ..model import Respondent, ValidationIssue
from .ledger import refresh_version
from .model import expected_votes, parse_vote
from .votes import ALREADY_VOTED, current_votes, insert_votes, participant_id

#: First cell of a vote template's hidden key column: ``trialogue-votes <lang> <round name>``.
VOTE_MARKER = "trialogue-votes"
HEADER_ROWS = 40


@dataclass(frozen=True)
class RawVote:
    statement: str
    value: object
    cell: str


@dataclass(frozen=True)
class RawDelegation:
    respondent: str
    cell: str
    group: str = ""
    group_cell: str | None = None
    votes: tuple[RawVote, ...] = ()


@dataclass(frozen=True)
class VoteSheet:
    """What was found in a vote workbook, before checking."""

    kind: str  # template or sheet
    sheet: str
    round: str | None
    round_cell: str
    lang: str
    delegations: tuple[RawDelegation, ...]
    #: statement id -> the cell naming it (a header cell, or the template's key cell).
    statements: Mapping[str, str]
    issues: tuple[tuple[str | None, str], ...] = ()


@dataclass(frozen=True)
class VoteSubmission:
    """One vote workbook, checked: the votes of each delegation and every issue found.

    ``respondents`` and :attr:`answer_count` let the importer log it like an answer file."""

    file: str
    sha256: str
    sheet: str
    round: str
    kind: str
    wave: str | None
    respondents: tuple[Respondent, ...]
    cells: Mapping[str, str]
    #: per delegation (same order as ``respondents``): ((statement id, vote, cell), ...)
    votes: tuple[tuple[tuple[str, str, str], ...], ...]
    issues: tuple[ValidationIssue, ...] = ()

    @property
    def answer_count(self) -> int:
        return sum(len(v) for v in self.votes)

    @property
    def ok(self) -> bool:
        return not any(issue.severity == "error" for issue in self.issues)


@dataclass
class RoundCatalogue:
    """The stored rounds an import may vote in, read once per import: statement states by id."""

    rounds: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def read(cls, store) -> "RoundCatalogue":
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(R.c.name, R.c.closed_at, t.waves.c.name.label("wave"),
                                          t.waves.c.reference_date).join_from(R, t.waves, R.c.wave_id == t.waves.c.id)
                                ).all()
            states = conn.execute(sa.select(R.c.name, S.c.code, S.c.state).join_from(
                S, R, S.c.round_id == R.c.id)).all()
        found = {row.name: {"closed": row.closed_at, "wave": row.wave, "date": row.reference_date, "statements": {}}
                 for row in rows}
        for name, code, state in states:
            found[name]["statements"][code] = state
        return cls(found)


def recognise(sheets: Sequence[Sheet], catalogue: RoundCatalogue, *, round_name: str | None = None
              ) -> VoteSheet | None:
    """The votes of a workbook that is a vote template or a consolidated vote sheet, else None."""
    visible = [sheet for sheet in sheets if not sheet.hidden]
    for sheet in visible:
        if sheet.rows and sheet.rows[0] and cell_text(sheet.rows[0][0]).startswith(VOTE_MARKER):
            return _read_template(sheet)
    for sheet in visible:
        found = _consolidated(sheet, catalogue, round_name)
        if found is not None:
            return found
    return None


def _read_template(sheet: Sheet) -> VoteSheet:
    parts = cell_text(sheet.rows[0][0]).split(maxsplit=2)
    lang = parts[1] if len(parts) > 1 else "en"
    round_name = parts[2] if len(parts) > 2 else None
    header_row, vote_col = None, None
    for r, row in enumerate(sheet.rows[:HEADER_ROWS]):
        if row and text_key(row[0]) == "statement":
            header_row = r
            vote_col = next((c for c, v in enumerate(row) if c and "vote" in header_key(v).split("/")[-1]), None)
            break
    issues: list[tuple[str | None, str]] = []
    if header_row is None or vote_col is None:
        return VoteSheet("template", sheet.name, round_name, "A1", lang, (), {},
                         (("A1", "the vote template's layout was changed (no statement and vote columns): "
                                 "download a new template and copy the votes into it"),))
    who, who_cell = "", None
    statements: dict[str, str] = {}
    votes = []
    for r, row in enumerate(sheet.rows):
        key = cell_text(row[0]) if row else ""
        value = row[vote_col] if vote_col < len(row) else None
        if r < header_row and text_key(key) in RESPONDENT_HEADERS:
            who, who_cell = cell_text(value), cell_ref(r, vote_col)
        elif r > header_row and key:
            statements.setdefault(key, cell_ref(r, 0))
            if cell_text(value):
                votes.append(RawVote(key, value, cell_ref(r, vote_col)))
    if who_cell is None:
        issues.append(("A1", "the template's delegation row is missing: download a new template"))
        who_cell = "A1"
    return VoteSheet("template", sheet.name, round_name, "A1", lang,
                     (RawDelegation(who, who_cell, votes=tuple(votes)),), statements, tuple(issues))


def _consolidated(sheet: Sheet, catalogue: RoundCatalogue, wanted: str | None) -> VoteSheet | None:
    candidates = {wanted: catalogue.rounds.get(wanted, {"statements": {}})} if wanted else catalogue.rounds
    for r, row in enumerate(sheet.rows[:HEADER_ROWS]):
        keys = [header_key(v) for v in row]
        who = next((c for c, k in enumerate(keys) if k in RESPONDENT_HEADERS), None)
        if who is None:
            continue
        group = next((c for c, k in enumerate(keys) if k in GROUP_HEADERS), None)
        others = {c: cell_text(row[c]) for c, k in enumerate(keys) if k and c not in (who, group)}
        if not others:
            continue
        fits = {name: sum(text in info["statements"] for text in others.values()) for name, info in candidates.items()}
        best = max(fits.values(), default=0)
        if best == 0 or best * 2 < len(others):
            continue
        chosen = sorted(name for name, n in fits.items() if n == best)
        issues: list[tuple[str | None, str]] = []
        first = cell_ref(r, min(others))
        if len(chosen) > 1:
            open_ones = [name for name in chosen if catalogue.rounds[name]["closed"] is None]
            if len(open_ones) == 1:
                chosen = open_ones
            else:
                issues.append((first, f"these statement ids fit rounds {', '.join(chosen)}: import with "
                                      "--round NAME to say which"))
        statements = {text: cell_ref(r, c) for c, text in others.items()}
        delegations = []
        for rr in range(r + 1, len(sheet.rows)):
            line = sheet.rows[rr]
            if all(not cell_text(v) for v in line):
                continue
            name = cell_text(line[who]) if who < len(line) else ""
            votes = tuple(RawVote(others[c], line[c], cell_ref(rr, c)) for c in others
                          if c < len(line) and cell_text(line[c]))
            declared = cell_text(line[group]) if group is not None and group < len(line) else ""
            delegations.append(RawDelegation(name, cell_ref(rr, who), declared,
                                             cell_ref(rr, group) if group is not None else None, votes))
        return VoteSheet("sheet", sheet.name, chosen[0], first, "en", tuple(delegations), statements,
                         tuple(issues))
    return None


def check_votes(found: VoteSheet, catalogue: RoundCatalogue, *, file: str, sha256: str, contributions=None
                ) -> VoteSubmission:
    """Check every vote of ``found``: known round and statements, accepted statements, votes
    that are agree / disagree / pass, delegations the registry knows, each delegation once."""
    issues: list[ValidationIssue] = []

    def issue(cell: str | None, message: str) -> None:
        issues.append(ValidationIssue(file, found.sheet, cell, message))

    for cell, message in found.issues:
        issue(cell, message)
    info = catalogue.rounds.get(found.round or "")
    if info is None:
        known = ", ".join(catalogue.rounds) or "none"
        issue(found.round_cell, f"no round named {found.round!r} is stored (stored rounds: {known}): the "
                                "template may come from another database")
        return VoteSubmission(file, sha256, found.sheet, found.round or "", found.kind, None, (), {}, (),
                              tuple(issues))
    if info["closed"] is not None:
        issue(found.round_cell, f"round {found.round} is closed (since {info['closed']:%Y-%m-%d %H:%M}): it takes "
                                "no more votes")
    states = info["statements"]
    for code, cell in found.statements.items():
        if code not in states and found.kind == "sheet":
            issue(cell, f"'{code}' is not a statement of round {found.round} (its statements: "
                        f"{', '.join(states)}); remove the column or correct the id")
    people, cells, votes = [], {}, []
    for delegation in found.delegations:
        respondent = _delegation(delegation, info, contributions, issue)
        ballot = []
        for raw in delegation.votes:
            state = states.get(raw.statement)
            if state is None:
                if found.kind == "template":
                    issue(found.statements.get(raw.statement), f"'{raw.statement}' is not a statement of round "
                          f"{found.round}: keep the template's hidden first column as it was")
                continue
            vote = parse_vote(raw.value)
            if vote is None:
                issue(raw.cell, f"'{cell_text(raw.value)}' is not a vote: expected {expected_votes(found.lang)}")
            elif state != "accepted":
                issue(raw.cell, f"statement {raw.statement} is {state}, not accepted: only accepted statements "
                                "are voted on; leave this cell blank")
            else:
                ballot.append((raw.statement, vote, raw.cell))
        if respondent is None:
            continue
        if respondent.name in cells:
            issue(delegation.cell, f"duplicate delegation {respondent.name}: already votes in "
                                   f"{found.sheet}!{cells[respondent.name]}")
            continue
        if not delegation.votes:
            if found.kind == "template":
                issue(delegation.cell, f"{respondent.name} gives no vote: choose a vote for at least one statement")
            continue  # a row of a consolidated sheet left blank: that delegation did not vote
        cells[respondent.name] = delegation.cell
        people.append(respondent)
        votes.append(tuple(ballot))
    if not any(delegation.votes for delegation in found.delegations) and not issues:
        issue(found.round_cell, "no votes found: every vote cell is blank")
    return VoteSubmission(file, sha256, found.sheet, found.round, found.kind, info["wave"], tuple(people), cells,
                          tuple(votes), tuple(issues))


def _delegation(delegation: RawDelegation, info, contributions, issue) -> Respondent | None:
    if not delegation.respondent:
        issue(delegation.cell, "blank delegation: expected the delegation's name (a member state, Secretariat "
                               "entity or observer)")
        return None
    found = classify(delegation.respondent, info["date"], declared_group=delegation.group or None,
                     contributions=contributions)
    if found.error:
        issue(delegation.group_cell if delegation.group and "group" in found.error else delegation.cell,
              found.error)
        return None
    if len(found.respondent.name) > MAX_RESPONDENT_NAME:  # as an answer sheet's (surveys.reading.validation)
        issue(delegation.cell, str(Text.of(LONG_NAME, n=f"{len(found.respondent.name):,}", limit=MAX_RESPONDENT_NAME)))
        return None
    return found.respondent


def check_stored(conn: sa.Connection, items: Sequence, replace: bool) -> None:
    """Inside the import's transaction: a delegation voting on a statement it already voted
    on (in the store or in another file of this import) is refused unless ``replace``; a
    file already imported into the round whose votes are all still current is unchanged.

    ``items`` are the importer's checked files holding a :class:`VoteSubmission`; issues are
    appended to them, and ``unchanged`` set."""
    seen: dict[tuple[str, str, str], str] = {}
    for item in items:
        sub = item.submission
        if item.failed:
            continue
        row = conn.execute(sa.select(R.c.id, R.c.closed_at).where(R.c.name == sub.round)).first()
        if row is None or row.closed_at is not None:
            item.issues.append(ValidationIssue(sub.file, sub.sheet, None, f"round {sub.round} was closed or removed "
                                               "while the file was checked; nothing was stored"))
            continue
        if _already_imported(conn, row.id, item.sha256):
            item.unchanged = True
            continue
        codes = dict(conn.execute(sa.select(S.c.code, S.c.id).where(S.c.round_id == row.id)).all())
        people = dict(conn.execute(sa.select(P.c.name, P.c.id).where(P.c.round_id == row.id)).all())
        stored = current_votes(conn, [people[p.name] for p in sub.respondents if p.name in people],
                               [codes[c] for ballot in sub.votes for c, _, _ in ballot])
        for person, ballot in zip(sub.respondents, sub.votes):
            for code, _vote, cell in ballot:
                key = (sub.round, person.name, code)
                if key in seen:
                    item.issues.append(ValidationIssue(sub.file, sub.sheet, cell, f"duplicate vote: {person.name} "
                                                       f"also votes on statement {code} in {seen[key]}"))
                seen[key] = f"{sub.file}, {sub.sheet}!{cell}"
                earlier = stored.get((people.get(person.name), codes[code]))
                if earlier is not None and not replace:
                    item.issues.append(ValidationIssue(sub.file, sub.sheet, cell, ALREADY_VOTED.format(
                        respondent=person.name, statement=code, round=sub.round, earlier=earlier[1]),
                        kind="already_voted", subject=person.name))


def _already_imported(conn: sa.Connection, round_id: int, sha256: str | None) -> bool:
    if not sha256:
        return False
    found = conn.execute(sa.select(V.c.id).join(t.imports, V.c.import_id == t.imports.c.id)
                         .where(t.imports.c.sha256 == sha256, t.imports.c.outcome == "ok", V.c.round_id == round_id,
                                V.c.superseded_by.is_(None)).limit(1)).scalar()
    return found is not None


def store_votes(conn: sa.Connection, sub: VoteSubmission, import_id: int) -> None:
    """Store a checked vote workbook's votes under ``import_id`` (replacing current ones)."""
    round_id = conn.execute(sa.select(R.c.id).where(R.c.name == sub.round)).scalar_one()
    codes = dict(conn.execute(sa.select(S.c.code, S.c.id).where(S.c.round_id == round_id)).all())
    triples = []
    for person, ballot in zip(sub.respondents, sub.votes):
        who = participant_id(conn, round_id, person)
        triples.extend((codes[code], who, vote) for code, vote, _ in ballot)
    insert_votes(conn, round_id, triples, channel="template" if sub.kind == "template" else "sheet",
                 import_id=import_id)
    refresh_version(conn, round_id)

