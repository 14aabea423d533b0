"""A round's statements from a workbook, and the checks every statement passes.

The secretariat writes the statements in a sheet ``statements``, laid out like an XLSForm
sheet: a header row with ``id``, ``question`` (``q1`` … ``q6``) and one text column per
language, ``text::English (en)``, ``text::Chinese (zh)``, also spelt ``text::english``,
``text:English`` or plain ``text`` (English), as the XLSForm reader accepts label columns.
Optional columns: ``origin`` (``secretariat``, the default; ``comment`` with ``respondent``
and ``item`` naming the delegation and the text item the statement was drawn from, the
link kept; ``delegation`` with ``respondent``, submitted by a delegation and so waiting for
moderation). Every problem is reported with its cell and nothing is stored.
"""
from __future__ import annotations

import os
import re
from typing import Iterable, Sequence

from surveys.instrument.xlsform import language_code
from surveys.reading.headers import header_key, text_key
from surveys.reading.workbook import Sheet, cell_ref, cell_text, cleaning_issues, read_workbook
from surveys.respondents.registry import classify

from ..errors import InvalidResponses, UnreadableFile
from ..limits import MAX_CELL_CHARACTERS, MAX_STATEMENT_ID
from ..model import UN_LANGUAGES, Instrument, ValidationIssue
from ..plaintext import plain
from ..wavedata import WaveData
from .model import ORIGINS, Statement, StatementSource

SHEET = "statements"
#: How far down a header row is looked for.
HEADER_ROWS = 20
_TEXT = re.compile(r"^\s*text\s*(?:::?\s*(.+?))?\s*$", re.IGNORECASE)
_KNOWN = ("id", "question", "origin", "respondent", "item")


def check_statements(statements: Sequence[Statement], instrument: Instrument, *,
                     taken: Iterable[str] = ()) -> list[str]:
    """What is wrong with ``statements`` for a round on ``instrument`` (empty when nothing).

    Ids are unique (also against ``taken``, the ids already in the round) and are not item
    names (a consolidated vote sheet must not be mistaken for answers); the question is one
    of the instrument's; there is a text in at least one of the six UN languages.
    """
    problems: list[str] = []
    seen = set(taken)
    questions = {q.name for q in instrument.questions}
    items = {i.name for i in instrument.items}
    for statement in statements:
        code = statement.id
        if not code or code != code.strip():
            problems.append(f"statement id {code!r}: an id must be non-blank text without surrounding spaces")
        elif code != plain(code, line=True):
            problems.append(f"statement id {code!r} holds an invisible or control character: type it again")
        elif len(code) > MAX_STATEMENT_ID:
            problems.append(f"statement id of {len(code):,} characters: at most {MAX_STATEMENT_ID}")
        elif code in seen:
            problems.append(f"statement id {code!r} is used twice: each statement needs its own id")
        elif code in items:
            problems.append(f"statement id {code!r} is the name of an item of the questionnaire: choose another id")
        seen.add(code)
        if statement.question not in questions:
            problems.append(f"statement {code}: question {statement.question!r} is not one of "
                            f"{', '.join(sorted(questions))}")
        if not any(text and text.strip() for text in statement.texts.values()):
            problems.append(f"statement {code}: no text in any language")
        if any(len(text or "") > MAX_CELL_CHARACTERS for text in statement.texts.values()):
            problems.append(f"statement {code}: a text is longer than {MAX_CELL_CHARACTERS:,} characters")
        unknown = sorted(set(statement.texts) - set(UN_LANGUAGES))
        if unknown:
            problems.append(f"statement {code}: language(s) {', '.join(unknown)} are not UN languages "
                            f"({', '.join(UN_LANGUAGES)})")
        if statement.origin not in ORIGINS:
            problems.append(f"statement {code}: origin {statement.origin!r} is not one of {', '.join(ORIGINS)}")
    return problems


def comment_of(data: WaveData, respondent: str, item: str) -> str | None:
    """The comment ``respondent`` wrote for text item ``item`` in the wave, else None."""
    try:
        if data.instrument.item(item).type != "text":
            return None
    except KeyError:
        return None
    answers = data.answers
    found = answers[(answers["respondent"] == respondent) & (answers["item"] == item)]["value"]
    return str(found.iloc[0]) if len(found) else None


def read_statements(path: str | os.PathLike, instrument: Instrument, *, data: WaveData | None = None,
                    display_name: str | None = None) -> tuple[Statement, ...]:
    """The statements of the workbook at ``path`` for a round on ``instrument``.

    ``data`` (the wave's answers) lets a statement drawn from a comment be checked against
    the comment it names. Raises :class:`InvalidResponses` with every problem, each naming
    file, sheet and cell; :class:`UnreadableFile` when it is not a workbook.
    """
    return read_statements_reported(path, instrument, data=data, display_name=display_name)[0]


def read_statements_reported(path: str | os.PathLike, instrument: Instrument, *, data: WaveData | None = None,
                             display_name: str | None = None
                             ) -> tuple[tuple[Statement, ...], tuple[ValidationIssue, ...]]:
    """As :func:`read_statements`, with the sheet's warnings for a report to say: cells the
    text policy cleaned (:mod:`surveys.plaintext`), a second text column in one language."""
    name = display_name or os.path.basename(os.fspath(path))
    sheets = [sheet for sheet in read_workbook(path, display_name=name) if not sheet.hidden]
    found = _statement_sheet(sheets)
    if found is None:
        raise UnreadableFile(name, f"no sheet '{SHEET}' with a header row naming 'id', 'question' and "
                             "'text::English (en)' (or another language)")
    sheet, header_row = found
    issues: list[ValidationIssue] = []

    def issue(cell: str | None, message: str, severity: str = "error") -> None:
        issues.append(ValidationIssue(name, sheet.name, cell, message, severity))

    issues.extend(cleaning_issues(sheet, name))
    columns, languages = _columns(sheet.rows[header_row], header_row, issue)
    for role in ("id", "question"):
        if role not in columns:
            issue(cell_ref(header_row, 0), f"no '{role}' column in the header row")
    if not languages:
        issue(cell_ref(header_row, 0), "no text column: add 'text::English (en)' (or another UN language)")
    if any(i.severity == "error" for i in issues):
        raise InvalidResponses(issues)
    statements = []
    seen: dict[str, str] = {}
    questions = {q.name.casefold(): q.name for q in instrument.questions}
    items = {i.name for i in instrument.items}
    for r in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]

        def get(role: str) -> str:
            col = columns.get(role)
            return cell_text(row[col]) if col is not None and col < len(row) else ""

        def ref(role: str) -> str:
            return cell_ref(r, columns.get(role, 0))

        texts = {lang: cell_text(row[col]) for lang, col in languages.items() if col < len(row)}
        texts = {lang: " ".join(text.split()) for lang, text in texts.items() if text}
        code = get("id")
        if not code and not texts and not get("question"):
            continue
        if not code:
            issue(ref("id"), "blank statement id: give every statement an id such as s01")
        elif code in seen:
            issue(ref("id"), f"statement id {code} is used twice (also in {sheet.name}!{seen[code]})")
        elif code in items:
            issue(ref("id"), f"statement id {code} is the name of an item of the questionnaire: choose another id")
        seen.setdefault(code, ref("id"))
        question = questions.get(get("question").casefold())
        if question is None:
            issue(ref("question"), f"'{get('question')}' is not a question of the wave: expected one of "
                  f"{', '.join(q.name for q in instrument.questions)}")
        if not texts:
            issue(cell_ref(r, min(languages.values())), f"statement {code or '(no id)'} has no text")
        origin, source = _origin(get, ref, issue, instrument, data, items)
        if code and question and texts and origin:
            statements.append(Statement(code, question, texts, origin,
                                        "pending" if origin == "delegation" else "accepted", source=source))
    if not statements and not issues:
        issue(cell_ref(header_row, 0), "no statements below the header row")
    if any(i.severity == "error" for i in issues):
        raise InvalidResponses(issues)
    return tuple(statements), tuple(issues)


def _statement_sheet(sheets: Sequence[Sheet]) -> tuple[Sheet, int] | None:
    ordered = sorted(sheets, key=lambda s: s.name.strip().casefold() != SHEET)
    for sheet in ordered:
        for r, row in enumerate(sheet.rows[:HEADER_ROWS]):
            keys = {header_key(value) for value in row}
            if "id" in keys and any(_TEXT.match(cell_text(v)) for v in row if isinstance(v, str)):
                return sheet, r
    return None


def _columns(header, header_row: int, issue) -> tuple[dict[str, int], dict[str, int]]:
    columns: dict[str, int] = {}
    languages: dict[str, int] = {}
    for c, value in enumerate(header):
        text = cell_text(value)
        if not text:
            continue
        key = header_key(text)
        match = _TEXT.match(text)
        if key in _KNOWN:
            columns.setdefault(key, c)
        elif match:
            lang = language_code(match.group(1)) if match.group(1) else "en"
            if lang not in UN_LANGUAGES:
                issue(cell_ref(header_row, c), f"'{text}' is not one of the six UN languages "
                      f"({', '.join(UN_LANGUAGES)}): write e.g. text::French (fr)")
            elif lang in languages:
                issue(cell_ref(header_row, c), f"a second text column in {lang}; the first is used", "warning")
            else:
                languages[lang] = c
        else:
            issue(cell_ref(header_row, c), f"column '{text}' is not read (expected id, question, text::Language, "
                  "origin, respondent, item)", "warning")
    return columns, languages


def _origin(get, ref, issue, instrument: Instrument, data: WaveData | None, items: set[str]):
    origin = text_key(get("origin")) or "secretariat"
    if origin not in ORIGINS:
        issue(ref("origin"), f"origin '{get('origin')}' is not one of {', '.join(ORIGINS)}")
        return None, None
    if origin == "secretariat":
        return origin, None
    who_text = get("respondent")
    if not who_text:
        issue(ref("respondent"), f"a statement of origin {origin} names the delegation in column 'respondent'")
        return None, None
    date = data.wave.reference_date if data is not None else instrument.reference_date
    found = classify(who_text, date)
    if found.error:
        issue(ref("respondent"), found.error)
        return None, None
    who = found.respondent.name
    if origin == "delegation":
        return origin, StatementSource(who)
    item = get("item")
    if item not in items or instrument.item(item).type != "text":
        texts = ", ".join(i.name for i in instrument.items if i.type == "text")
        issue(ref("item"), f"'{item}' is not a comment item of the questionnaire: expected one of {texts}")
        return None, None
    if data is not None and comment_of(data, who, item) is None:
        issue(ref("item"), f"{who} wrote no comment for {item} in wave {data.wave.name}: the statement must "
              "be drawn from a stored comment")
        return None, None
    return origin, StatementSource(who, item)
