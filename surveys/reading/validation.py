"""Check parsed answers against the instrument and the registry; report every problem at once.

:func:`validate` turns a :class:`~surveys.reading.layouts.ParsedResponses` into a
:class:`Submission`: respondents classified by :func:`surveys.respondents.registry.classify`
(member state, Council seat, TCC/PCC status at the reference date) and answers in
their canonical stored form (the XLSForm conventions, ODK XForms specification
"Data types"):

- select_one: the choice name, given either as the name or as a label in any language
  (``1``, ``Strongly agree``, ``非常同意``, ``1 – Strongly agree``);
- select_multiple: choice names space-separated in choice-list order; a cell may list
  several labels (split on ``,`` ``;`` and new lines) or names (split on spaces); tick
  columns take 1/0, TRUE/FALSE, x or a tick mark;
- integer ``12``; decimal as the shortest ``float`` text without a trailing ``.0``;
  date ISO ``2015-12-11``; text stripped. Blank cells are unanswered.

How single cells become canonical answers is :mod:`surveys.reading.answers`. A respondent
written as its mission ("Permanent Mission of Ghana to the United Nations", "Mission
permanente du Sénégal", "加纳常驻联合国代表团") is looked up by the state's name.

Nothing stops at the first problem; each :class:`~surveys.model.ValidationIssue` names
file, sheet and cell and says what was expected. A wide sheet is read column by column:
each distinct raw value of a column is converted once, and only rows holding a cell that
needs a message are read cell by cell. Each distinct respondent is classified once.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Mapping, Sequence

from surveys.limits import MAX_RESPONDENT_NAME
from surveys.messages import N_, Group, Listing, Text, show
from surveys.model import GROUP_CODES, Answer, Instrument, Respondent, ValidationIssue
from surveys.respondents.registry import classify, named

from .answers import TICKED, UNTICKED, canonical_decimal, computed_problem, reader, tick_state
from .formulas import ErrorCell, FormulaCell
from .headers import consent_value
from .layouts import AnswerGrid, ParsedResponses
from .workbook import cell_text

LONG_NAME = N_("respondent name of {n} characters: at most {limit}; write the delegation's name (a member state, "
                "Secretariat unit or observer), not a description")
FROM_FORMULA = N_("{message} (the cell's value comes from the formula ={formula}: correct the formula, "
                  "or enter the answer itself)")
GROUP_LIST = Listing(tuple(Group(code) for code in GROUP_CODES), limit=None)


def located(file: str, sheet: str | None, cell: str | None, message: str | Text, severity: str = "error",
            kind: str | None = None, subject: str | None = None) -> ValidationIssue:
    """An issue at ``file``/``sheet``/``cell``; a :class:`~surveys.messages.Text` is kept for the reader's language."""
    if isinstance(message, Text):
        return ValidationIssue(file, sheet, cell, str(message), severity, message, kind, subject)
    return ValidationIssue(file, sheet, cell, message, severity, kind=kind, subject=subject)


@dataclass(frozen=True)
class Submission:
    """What one file contributes, checked: respondents, answers and every issue found.

    Answers are kept compactly: ``values[k][j]`` is the canonical answer of
    ``respondents[k]`` to ``items[j]`` (the instrument's items in order), ``None`` when
    unanswered; :attr:`answers` lists them as :class:`~surveys.model.Answer`.
    ``cells`` maps each respondent's name to the cell naming it, so that
    :func:`validate_batch` can point at both copies of a duplicate.
    """

    file: str
    sha256: str
    respondents: tuple[Respondent, ...]
    items: tuple[str, ...]
    values: tuple[tuple[str | None, ...], ...]
    issues: tuple[ValidationIssue, ...]
    sheet: str | None = None
    cells: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(issue.severity == "error" for issue in self.issues)

    @cached_property
    def answers(self) -> tuple[Answer, ...]:
        """Every answer, respondent by respondent, items in instrument order."""
        return tuple(Answer(person.name, item, value) for person, row in zip(self.respondents, self.values)
                     for item, value in zip(self.items, row) if value is not None)

    @cached_property
    def answer_count(self) -> int:
        return sum(len(row) - row.count(None) for row in self.values)


@lru_cache(maxsize=1024)
def _group_code(text: str) -> str | None:
    return group_code(text)  # a group column holds a handful of distinct spellings


def group_code(text: str) -> str | None:
    """The group code for a declared group in any language (``TCC``, ``安全理事会`` …), else None."""
    from surveys.respondents.registry import parse_group

    return parse_group(text)


def validate(parsed: ParsedResponses, instrument: Instrument, reference_date: dt.date | None,
             contributions=None) -> Submission:
    """Check every row of ``parsed``; classify respondents as of ``reference_date``."""
    file, sheet = parsed.file, parsed.sheet
    issues = list(parsed.issues)

    formulas = parsed.formulas

    def issue(cell: str | None, message: str | Text, severity: str = "error", kind: str | None = None,
              subject: str | None = None) -> None:
        formula = formulas.get(cell) if formulas and cell else None
        if formula is not None and not str(message).startswith("formula"):
            message = Text.of(FROM_FORMULA, message=message if isinstance(message, Text) else Text.plain(message),
                              formula=formula)
        issues.append(located(file, sheet, cell, message, severity, kind, subject))

    readers = {item.name: reader(instrument, item, date1904=parsed.date1904) for item in instrument.items}
    position = {item.name: j for j, item in enumerate(instrument.items)}
    multi = {item.name for item in instrument.items if item.type == "select_multiple"}
    items = tuple(item.name for item in instrument.items)
    by_grid, slow_rows = _read_grid(parsed.grid, len(parsed.rows), items, readers)
    classified: dict[tuple[str, str | None], object] = {}
    seen: dict[str, str | None] = {}
    respondents: list[Respondent] = []
    values: list[tuple[str | None, ...]] = []
    date = reference_date or instrument.reference_date or dt.date.today()
    # No stored figures (an empty list) means "use the built-in months", not "nobody contributes".
    contributions = contributions or None
    for number, row in enumerate(parsed.rows):
        if not row.respondent and not row.values:
            continue  # a note or attribute with nobody and no answers: nothing to store
        cell = row.respondent_cell or (row.values[0].cell if row.values else None)
        declared = None
        if row.group:
            if _group_code(row.group) is None:
                issue(row.group_cell, Text.of(N_("'{written}' is not a respondent group: expected one of {labels} "
                                                 "(or leave it blank)"), written=row.group, labels=GROUP_LIST),
                      kind="unknown_group")
            else:
                declared = row.group
        respondent = None
        if not row.respondent and row.respondent_cell is None:
            pass  # no respondent column at all: reported once, by the layout, at the header
        elif not row.respondent:
            issue(cell, Text.of(N_("blank respondent: expected the delegation's name (a member state, Secretariat "
                                   "entity or observer)")), kind="blank_respondent")
        elif _computed_text(row.respondent):
            issue(cell, _computed_text(row.respondent))
        elif len(row.respondent) > MAX_RESPONDENT_NAME:
            issue(cell, Text.of(LONG_NAME, n=f"{len(row.respondent):,}", limit=MAX_RESPONDENT_NAME), kind="long_name")
        else:
            # Keyed by the text as written: spellings that fold together are each classified once,
            # and no folding is paid for the many names written only once.
            key = (row.respondent, declared)
            result = classified.get(key)
            if result is None:
                result = classified[key] = classify(row.respondent, date, declared_group=declared,
                                                    contributions=contributions)
            respondent = result.respondent
            if result.problem is not None:
                # A declared group the registry contradicts is marked where it is written.
                where = row.group_cell if result.on_group and row.group_cell else cell
                issue(where, result.problem, "error" if respondent is None else "warning", result.kind,
                      respondent.name if respondent is not None else show(result.problem.field("name", row.respondent),
                                                                          "en"))
        if respondent is not None and respondent.name in seen:
            where = seen[respondent.name]
            issue(cell, Text.of(N_("duplicate respondent {name}: already answers in {sheet}!{cell}"),
                                name=named(respondent.name), sheet=sheet, cell=where) if where else
                  Text.of(N_("duplicate respondent {name}"), name=named(respondent.name)),
                  kind="duplicate_respondent", subject=respondent.name)
            respondent = None
        if by_grid is not None and number not in slow_rows:
            row_values = by_grid[number]
        else:
            found = dict(_read_row(row, readers, multi, instrument, issue))
            row_values = tuple(found.get(item) for item in items)
        if row.checks:
            _check_split(row, row_values, position, issue)
        if respondent is None:
            continue
        seen[respondent.name] = cell
        if row.attributes:
            respondent = replace(respondent, attributes={**respondent.attributes, **row.attributes})
        if row.consent is not None:
            try:
                respondent = replace(respondent, consent=consent_value(row.consent))
            except ValueError:
                issue(row.consent_cell or cell, Text.of(N_("'{written}' is not a consent answer: expected yes or "
                                                          "no (or leave it blank)"), written=cell_text(row.consent)),
                      kind="unknown_consent")
        respondents.append(respondent)
        values.append(row_values)
    return Submission(file, parsed.sha256, tuple(respondents), items, tuple(values), tuple(issues), sheet,
                      dict(seen))


_NUMBERS = frozenset({bool, int, float})


def _read_grid(grid: AnswerGrid | None, n_rows: int, items: tuple[str, ...], readers
               ) -> tuple[list[tuple[str | None, ...]] | None, frozenset[int] | set[int]]:
    """Canonical answers of a wide sheet, read column by column.

    Returns each row's answers aligned with ``items`` (``None`` when unanswered), and the
    rows holding a cell whose reading carries a problem or a note: those are read cell by
    cell (:func:`_read_row`), so that their messages come out exactly as for any sheet.
    ``(None, ∅)`` when the sheet is not wide, or has tick columns or an item twice, which
    are read cell by cell throughout.
    """
    if grid is None or any(option is not None for _, option in grid.columns) \
            or len({item for item, _ in grid.columns}) != len(grid.columns):
        return None, frozenset()
    unanswered = (None,) * n_rows
    by_item: dict[str, list] = {}
    slow: set[int] = set()
    for (item, _), cells in zip(grid.columns, grid.cells):
        read = readers[item]
        # 1, 1.0 and True are one dict key but read differently: key by type when they mix.
        keys = list(zip(map(type, cells), cells)) if len(_NUMBERS.intersection(map(type, cells))) > 1 \
            else cells
        table, flagged = {}, set()
        for key in set(keys):
            raw = key[1] if keys is not cells else key
            if raw is None or (raw.__class__ is str and not raw.strip()):
                table[key] = None
                continue
            value, problem, note = read(raw)
            if problem or note:
                flagged.add(key)
            table[key] = value if value and not problem else None
        by_item[item] = list(map(table.__getitem__, keys))
        if flagged:
            slow.update(i for i, key in enumerate(keys) if key in flagged)
    aligned = [by_item.get(item, unanswered) for item in items]
    return list(zip(*aligned)) if aligned else [()] * n_rows, slow


_ERROR_CODES = frozenset({"#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!"})


def _computed_text(text: str) -> str | None:
    """The problem of a respondent read as a formula without a value or an error value."""
    if text.startswith("="):
        return computed_problem(FormulaCell(text[1:]), "the delegation's name")
    if text.casefold() in _ERROR_CODES:
        return computed_problem(ErrorCell(text), "the delegation's name")
    return None


def validate_batch(submissions: Sequence[Submission]) -> tuple[Submission, ...]:
    """The submissions of one upload, with an issue for each respondent found in two files."""
    first: dict[str, tuple[Submission, str | None]] = {}
    result = []
    for submission in submissions:
        extra = []
        for respondent in submission.respondents:
            name = respondent.name
            if name in first:
                other, where = first[name]
                place = f"{other.file}, {other.sheet}!{where}" if other.sheet and where else other.file
                extra.append(located(
                    submission.file, submission.sheet, submission.cells.get(name),
                    Text.of(N_("duplicate respondent {name}: also answers in {place}; each delegation answers once"),
                            name=named(name), place=place), kind="duplicate_in_upload", subject=name))
            else:
                first[name] = (submission, submission.cells.get(name))
        result.append(replace(submission, issues=submission.issues + tuple(extra)) if extra else submission)
    return tuple(result)


def _read_row(row, readers, multi, instrument, issue) -> list[tuple[str, str]]:
    """(item, canonical value) for one row, in instrument order; problems go to ``issue``."""
    values: dict[str, str] = {}
    ticks: dict[str, set[str]] = {}
    cells: dict[str, str] = {}
    for raw in row.values:
        if raw.option is not None:
            problem = computed_problem(raw.value, f"the tick for {raw.item} option {raw.option}")
            state = None if problem else tick_state(raw.value)
            if problem:
                issue(raw.cell, problem)
            elif state is None:
                issue(raw.cell, f"'{cell_text(raw.value)}' is not a tick for {raw.item} option "
                      f"{raw.option}: expected 1 or 0, TRUE or FALSE, x, or blank")
            elif state:
                ticks.setdefault(raw.item, set()).add(raw.option)
            else:
                ticks.setdefault(raw.item, set())
            continue
        if raw.item in cells:
            issue(raw.cell, f"{raw.item} is answered twice (also in {cells[raw.item]}): keep one answer")
            continue
        cells[raw.item] = raw.cell
        value, problem, note = readers[raw.item](raw.value)
        if note:
            issue(raw.cell, note, "warning")
        if problem:
            issue(raw.cell, problem)
        elif value:
            values[raw.item] = value
    for item, chosen in ticks.items():
        if chosen and item not in values:
            order = [choice.name for choice in instrument.choices(item).choices]
            values[item] = " ".join(name for name in order if name in chosen)
    order = {item.name: i for i, item in enumerate(instrument.items)}
    return sorted(values.items(), key=lambda pair: order[pair[0]])


def _check_split(row, row_values, position: Mapping[str, int], issue) -> None:
    """Kobo's split tick columns must say what the select_multiple's own column says.

    One message per item and row, at the first tick cell that disagrees; nothing is
    checked when the whole answer has a problem of its own (already reported)."""
    by_item: dict[str, list] = {}
    for raw in row.checks:
        by_item.setdefault(raw.item, []).append(raw)
    wholes = {raw.item: raw for raw in row.values if raw.option is None and raw.item in by_item}
    for item, cells in by_item.items():
        whole, value = wholes.get(item), row_values[position[item]]
        if whole is not None and value is None:
            continue
        listed = set(value.split()) if value else set()
        for raw in cells:
            problem = computed_problem(raw.value, f"the tick for {item} option {raw.option}")
            state = None if problem else tick_state(raw.value)
            if state is None:
                issue(raw.cell, problem or f"'{cell_text(raw.value)}' is not a tick for {item} option "
                      f"{raw.option}: expected 1 or 0, TRUE or FALSE, x, or blank")
                break
            if state != (raw.option in listed):
                said = f"{whole.cell} lists '{cell_text(whole.value)}'" if whole else f"the {item} column is blank"
                issue(raw.cell, f"{item} option {raw.option} is {'ticked' if state else 'not ticked'} here "
                      f"('{cell_text(raw.value)}'), but {said}: a select_multiple's split columns must agree "
                      "with its own column; correct one of them, or delete the split columns")
                break


#: Kept under their former names for callers that read one cell at a time.
_reader = reader
__all__ = ["Submission", "located", "validate", "validate_batch", "group_code", "canonical_decimal", "TICKED", "UNTICKED"]
