"""Reading the coding workbooks: a table found by its header, every cell kept with its reference.

Codebook, coding and quote sheets are long tables with a header row. The table is the
sheet named as expected (``themes``, ``codings``, ``quotes``), else the first sheet whose
header (within its first ten rows) has every required column. Headers are matched without
regard to case, spaces or underscores; ``label::English (en)`` style headers give one
column per language, as in XLSForm.

A sheet may be a workbook or a CSV file, read as response files are
(:func:`surveys.reading.csvfile.read_table`: judged by its bytes, the CSV's encoding and separator
detected). Cells pass the text policy as they are read (:mod:`surveys.plaintext`): what it
cleaned in the table's columns is said as a warning per cell (collected in ``notes`` when the
caller asks), and a text longer than a spreadsheet cell holds refuses the sheet, as for a
response workbook.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from surveys.instrument.xlsform import language_code
from surveys.reading.csvfile import read_table as read_sheets
from surveys.reading.workbook import cell_ref, cell_text, cleaning_issues

from ..errors import InvalidResponses
from ..model import ValidationIssue

HEADER_ROWS = 10


class InvalidCodingSheet(InvalidResponses):
    """A codebook, coding or quote sheet has problems; nothing was stored."""


@dataclass(frozen=True)
class Row:
    """One data row: ``values[column]`` is the cell's text; ``refs[column]`` its reference."""

    values: Mapping[str, str]
    refs: Mapping[str, str]
    number: int  # 1-based, as the spreadsheet shows it

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class Table:
    file: str
    sheet: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    #: ``label`` → {language: column}, for ``label::English (en)`` style headers.
    languages: Mapping[str, Mapping[str, str]]

    def issue(self, row: Row | None, column: str | None, message: str) -> ValidationIssue:
        cell = row.refs.get(column) if row is not None and column else None
        if row is not None and cell is None:
            cell = f"row {row.number}"
        return ValidationIssue(self.file, self.sheet, cell, message)

    def texts(self, row: Row, base: str) -> dict[str, str]:
        """The language columns of ``base`` (``label``) in ``row``, as ``{lang: text}``."""
        return {lang or "en": row.get(column) for lang, column in self.languages.get(base, {}).items()
                if row.get(column)}


def header_key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", text.strip().lower()).strip("_")


def _language_column(text: str) -> tuple[str, str] | None:
    """``label::English (en)`` or ``label:en`` → (``label``, ``en``); anything else → None."""
    match = re.match(r"^\s*(label|description|translation)\s*::?\s*(\S.*?)\s*$", text, re.I)
    return (match.group(1).lower(), language_code(match.group(2))) if match else None


def read_table(path: str | os.PathLike, *, sheet_names: Sequence[str], required: Sequence[str],
               display_name: str | None = None, notes: list[ValidationIssue] | None = None) -> Table:
    """The table of ``path`` with the ``required`` columns (see the module docstring); the
    warnings about cells the text policy cleaned are added to ``notes``.

    Raises :class:`InvalidCodingSheet` naming the file when no sheet has them, or naming each
    cell too long for a spreadsheet.
    """
    name = display_name or Path(path).name
    found = read_sheets(path, name)  # a workbook or a CSV file, judged by its bytes
    if any(i.severity == "error" for i in found.issues):
        raise InvalidCodingSheet([i for i in found.issues if i.severity == "error"])
    if notes is not None:
        notes.extend(found.issues)  # how a CSV file was read, when that needs saying
    sheets = found.sheets
    ordered = sorted(sheets, key=lambda s: header_key(s.name) not in sheet_names)
    for sheet in ordered:
        for r, raw in enumerate(sheet.rows[:HEADER_ROWS]):
            headers = [cell_text(v) for v in raw]
            keys = [header_key(h) for h in headers]
            if all(col in keys for col in required):
                columns, languages = _columns(headers)
                _cleaned(name, sheet, r, columns, notes)
                return _table(name, sheet, r, columns, languages)
    wanted = ", ".join(required)
    expected = " or ".join(repr(s) for s in sheet_names)
    raise InvalidCodingSheet([ValidationIssue(name, None, None,
                                              f"no sheet has a header row with the columns {wanted} "
                                              f"(expected a sheet named {expected})")])


#: The kind of text each column holds, as the report of cleaned text names it (other columns: "cell").
_KINDS = {"respondent": "respondent", "group": "group", "text": "comment", "translation": "comment"}


def _cleaned(file: str, sheet, header_row: int, columns: Mapping[int, str],
             notes: list[ValidationIssue] | None) -> None:
    """The text policy's report on the table's cells: a refusal naming each cell too long,
    warnings about cleaned cells to ``notes``."""
    def kind_of(r: int, c: int) -> str | None:
        if c not in columns or r < header_row:
            return None
        return "header" if r == header_row else _KINDS.get(columns[c], "label" if "::" in columns[c] else "cell")

    found = cleaning_issues(sheet, file, kind_of)
    errors = [i for i in found if i.severity == "error"]
    if errors:
        raise InvalidCodingSheet(errors)
    if notes is not None:
        notes.extend(i for i in found if i.severity != "error")


def _columns(headers: list[str]) -> tuple[dict[int, str], dict[str, dict[str, str]]]:
    """Column index -> key, and ``label`` -> {language: key} for the language columns."""
    columns: dict[int, str] = {}
    languages: dict[str, dict[str, str]] = {}
    for c, header in enumerate(headers):
        if not header:
            continue
        lang = _language_column(header)
        if lang is not None:
            base, code = lang
            key = f"{base}::{code}"
            languages.setdefault(base, {})[code] = key
            columns[c] = key
        else:
            key = header_key(header)
            columns.setdefault(c, key)
            if key in ("label", "description", "translation"):
                languages.setdefault(key, {}).setdefault("", key)
    return columns, languages


def _table(file: str, sheet, header_row: int, columns: Mapping[int, str],
           languages: Mapping[str, Mapping[str, str]]) -> Table:
    rows = []
    for r in range(header_row + 1, len(sheet.rows)):
        raw = sheet.rows[r]
        values = {key: cell_text(raw[c]) if c < len(raw) else "" for c, key in columns.items()}
        if not any(values.values()):
            continue
        rows.append(Row(values, {key: cell_ref(r, c) for c, key in columns.items()}, r + 1))
    return Table(file, sheet.name, tuple(columns.values()), tuple(rows),
                 {base: {code: col for code, col in langs.items()} for base, langs in languages.items()})
