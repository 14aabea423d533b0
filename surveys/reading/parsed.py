"""What a parsed answer sheet holds: rows of raw answers with their cell references.

:func:`surveys.reading.layouts.parse_responses` and :mod:`surveys.reading.longform` build these;
:func:`surveys.reading.validation.validate` reads them. Values are kept raw (as the workbook
reader returned them), each with its cell reference, so every message can name the cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Mapping, NamedTuple, Sequence

from surveys.model import ValidationIssue

from .workbook import Cell


class RawValue(NamedTuple):
    """One non-blank answer cell as found: ``option`` is set for a select_multiple tick cell."""

    item: str
    value: Cell
    cell: str
    option: str | None = None


@dataclass(frozen=True)
class RawRow:
    """One respondent's row: who (as typed), declared group, attributes and raw answers."""

    respondent: str
    respondent_cell: str | None
    group: str = ""
    group_cell: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    values: Sequence[RawValue] = ()
    #: Split tick cells of a select_multiple whose whole answer has its own column too
    #: (Kobo exports both): not answers, but checked against the whole answer.
    checks: Sequence[RawValue] = ()
    #: The consent answer as written (may the delegation's comments carry its name?).
    consent: Cell = None
    consent_cell: str | None = None


class RowValues(Sequence[RawValue]):
    """The non-blank answer cells of one wide row as :class:`RawValue`, built on first use.

    Validation reads a wide sheet column by column (:class:`AnswerGrid`) and needs them
    only for rows with a problem, so most rows never build one object per cell.
    """

    __slots__ = ("_row", "_number", "_columns", "_built")

    def __init__(self, row: Sequence[Cell], number: str, columns: Sequence[tuple]):
        self._row, self._number, self._columns, self._built = row, number, columns, None

    def _values(self) -> tuple[RawValue, ...]:
        if self._built is None:
            row, width, number = self._row, len(self._row), self._number
            self._built = tuple(RawValue(item, row[ci], letter + number, option)
                                for ci, item, option, letter in self._columns
                                if ci < width and not blank(row[ci]))
        return self._built

    def __getitem__(self, index):
        return self._values()[index]

    def __len__(self) -> int:
        return len(self._values())

    def __iter__(self) -> Iterator[RawValue]:
        return iter(self._values())

    def __eq__(self, other) -> bool:
        return self._values() == (other._values() if isinstance(other, RowValues) else other)

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return repr(self._values())


@dataclass(frozen=True)
class AnswerGrid:
    """The answer cells of a wide sheet column by column, for reading them in bulk.

    ``columns[j]`` is ``(item, option)`` of a value column (``option`` set for a tick
    column); ``cells[j][i]`` is its raw cell in ``ParsedResponses.rows[i]``, blanks
    included. Many rows share few distinct values per column, so each distinct value
    needs converting once.
    """

    columns: tuple[tuple[str, str | None], ...]
    cells: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class ParsedResponses:
    """The answer sheet of one file, read but not yet checked.

    ``issues`` are problems of the sheet itself (unknown columns of options, repeated
    columns, unknown template rows); :func:`surveys.reading.validation.validate` adds the rest.
    ``form`` is the form id a template was written for (``None`` for other layouts).
    ``grid`` holds a wide sheet's answer cells by column (``None`` for a template).
    ``formulas`` maps the reference of a cell whose value a formula computed to that
    formula, so a message about the value can say so; ``date1904`` tells that serial day
    numbers count from 1904-01-01 in this workbook. ``reading`` says how a CSV file was
    read (``CSV, GB18030 (detected), semicolon-separated``); empty for a workbook.
    """

    file: str
    sheet: str
    layout: str
    rows: tuple[RawRow, ...]
    issues: tuple[ValidationIssue, ...] = ()
    sha256: str = ""
    form: str | None = None
    grid: AnswerGrid | None = field(default=None, compare=False, repr=False)
    formulas: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    date1904: bool = False
    reading: str = ""


def blank(value: Cell) -> bool:
    return value is None or (value.__class__ is str and not value.strip())
