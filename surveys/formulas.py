"""Cells a spreadsheet program computes: formulas saved without a value, and error values.

calamine, like every reader, returns a formula's cached value, and an empty cell when
there is none; it also returns an empty cell for an error value such as ``#N/A``. Both
would silently read as "unanswered". Files written by scripts (openpyxl, many
exporters) keep formulas without ever calculating them, and look-ups gone wrong leave
``#N/A`` behind, so :func:`computed_cells` finds these cells in the sheet XML of an
Office Open XML workbook (ECMA-376 Part 1, 18.3.1.4 ``c``, 18.3.1.40 ``f``,
18.18.11 ``ST_CellType`` ``e``) for :mod:`surveys.workbook` to put back as
:class:`FormulaCell` and :class:`ErrorCell` values.

The parts have already passed :func:`surveys.filesafety.check_file` (no DTDs, no bombs).
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import Collection
from xml.etree.ElementTree import iterparse

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REF = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass(frozen=True)
class FormulaCell:
    """A formula saved without its calculated value (``formula`` without the ``=``)."""

    formula: str

    def __str__(self) -> str:
        return "=" + self.formula if self.formula else "a formula"


@dataclass(frozen=True)
class ErrorCell:
    """A cell holding a spreadsheet error value such as ``#N/A`` or ``#DIV/0!``."""

    code: str

    def __str__(self) -> str:
        return self.code or "#VALUE!"


Computed = FormulaCell | ErrorCell


def computed_cells(data: bytes, parts: Collection[str] | None = None) -> dict[str, dict[tuple[int, int], Computed]]:
    """``{sheet name: {(row, col): cell}}`` (0-based) for formulas without values and errors.

    ``parts``, when given, are the only zip parts that can hold any (as found by
    :func:`surveys.filesafety.inspect_file`); the others are not inflated again.
    """
    found: dict[str, dict[tuple[int, int], Computed]] = {}
    if parts is not None and not parts:
        return found
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name, part in _sheet_parts(archive).items():
            if parts is not None and part not in parts:
                continue
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            if b"<f" not in xml and b't="e"' not in xml and b"<x:f" not in xml:
                continue  # most sheets: nothing computed, no need to parse
            cells = _scan(xml)
            if cells:
                found[name] = cells
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip path of its XML part, via ``xl/workbook.xml`` and its relationships."""
    names = set(archive.namelist())
    book = next((n for n in ("xl/workbook.xml",) if n in names), None)
    rels_path = "xl/_rels/workbook.xml.rels"
    if book is None or rels_path not in names:
        return {}
    targets = {}
    for _, elem in iterparse(io.BytesIO(archive.read(rels_path))):
        if elem.tag == _PKG_REL:
            target = elem.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[elem.get("Id")] = path
    parts = {}
    for _, elem in iterparse(io.BytesIO(archive.read(book))):
        if elem.tag == _MAIN + "sheet" and elem.get(_REL) in targets:
            parts[elem.get("name")] = targets[elem.get(_REL)]
    return parts


def _scan(xml: bytes) -> dict[tuple[int, int], Computed]:
    cells: dict[tuple[int, int], Computed] = {}
    row, col = -1, -1
    for event, elem in iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = elem.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "row":
                row = int(elem.get("r")) - 1 if elem.get("r") else row + 1
                col = -1
            elif tag == "c":
                row, col = _position(elem.get("r"), row, col)
            continue
        if tag == "c":
            found = _computed(elem)
            if found is not None:
                cells[(row, col)] = found
        elif tag == "row":
            elem.clear()
    return cells


def _position(ref: str | None, row: int, col: int) -> tuple[int, int]:
    """0-based (row, col) of a cell; a missing ``r`` means the next column (18.3.1.4)."""
    match = _REF.match(ref or "")
    if not match:
        return row, col + 1
    letters, number = match.groups()
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return int(number) - 1, index - 1


def _computed(cell) -> Computed | None:
    formula = value = None
    for child in cell:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "f":
            formula = child.text or ""
        elif tag == "v":
            value = child.text
    if cell.get("t") == "e":
        return ErrorCell((value or "").strip())
    if formula is not None and not value:
        # A cached empty string (t="str" with <v></v>) is a value; anything else is missing.
        return None if cell.get("t") == "str" and value is not None else FormulaCell(formula.strip())
    return None
