"""Cells a spreadsheet program computes, and the workbook settings that change what a cell means.

calamine, like every reader, returns a formula's cached value, and an empty cell when
there is none; it also returns an empty cell for an error value such as ``#N/A``. Both
would silently read as "unanswered". Files written by scripts (openpyxl, many
exporters) keep formulas without ever calculating them, and look-ups gone wrong leave
``#N/A`` behind, so :func:`book_extras` finds these cells in the sheet XML of an
Office Open XML workbook (ECMA-376 Part 1, 18.3.1.4 ``c``, 18.3.1.40 ``f``,
18.18.11 ``ST_CellType`` ``e``) for :mod:`surveys.reading.workbook` to put back as
:class:`FormulaCell` and :class:`ErrorCell` values. It also notes

- the formula of every cell that does have a cached value, so that a message about
  the value can say it came from a formula;
- XlsxWriter's placeholder: it saves every formula with the value 0 unless told
  otherwise, and asks the reader to recalculate on load (``calcPr fullCalcOnLoad``,
  18.2.2). In such a workbook a cached 0 is not a result, and is treated as no value;
- the 1904 date system (``workbookPr date1904``, 18.2.28), in which a serial day
  number counts from 1904-01-01.

Element names are matched by their local name, so any namespace prefix (``x:`` as
.NET writes it) and the Strict Open XML namespaces read alike.
The parts have already passed :func:`surveys.reading.filesafety.check_file` (no DTDs, no bombs).
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Collection
from xml.etree.ElementTree import iterparse

_REF = re.compile(r"^([A-Z]+)(\d+)$")
#: Bytes that show a part may hold a formula (``<f>``, also namespace-prefixed) or an error
#: value (``t="e"``); a false alarm only costs a parse.
COMPUTED_MARKS = re.compile(rb"<(?:\w+:)?f[\s>/]|\st\s*=\s*[\"']e[\"']")
#: Plain byte searches that every match of COMPUTED_MARKS contains one of; they are far
#: cheaper than the pattern, which then runs only on the rare chunk that has one.
_COMPUTED_HINTS = (b"<f", b":f", b'"e"', b"'e'")


def may_compute(xml: bytes) -> bool:
    """Whether ``xml`` may hold a formula or an error value (see :data:`COMPUTED_MARKS`)."""
    return any(hint in xml for hint in _COMPUTED_HINTS) and COMPUTED_MARKS.search(xml) is not None
_TRUE = ("1", "true", "on")


@dataclass(frozen=True)
class FormulaCell:
    """A formula saved without its calculated value (``formula`` without the ``=``).

    ``placeholder`` is the value a writer that does not calculate saved in its place
    (XlsxWriter's ``0``), or ``None`` when nothing was saved.
    """

    formula: str
    placeholder: str | None = None

    def __str__(self) -> str:
        return "=" + self.formula if self.formula else "a formula"


@dataclass(frozen=True)
class ErrorCell:
    """A cell holding a spreadsheet error value such as ``#N/A`` or ``#DIV/0!``."""

    code: str

    def __str__(self) -> str:
        return self.code or "#VALUE!"


Computed = FormulaCell | ErrorCell


@dataclass(frozen=True)
class BookExtras:
    """What the sheet XML says beyond the values calamine reads, by sheet name.

    ``computed[sheet][(row, col)]`` (0-based) is a formula without a value or an error;
    ``formulas[sheet][(row, col)]`` the formula of a cell that has a value.
    """

    date1904: bool = False
    recalculate: bool = False
    computed: dict[str, dict[tuple[int, int], Computed]] = field(default_factory=dict)
    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


def computed_cells(data: bytes, parts: Collection[str] | None = None) -> dict[str, dict[tuple[int, int], Computed]]:
    """``{sheet name: {(row, col): cell}}`` (0-based) for formulas without values and errors."""
    return book_extras(data, parts).computed


def book_extras(data: bytes, parts: Collection[str] | None = None) -> BookExtras:
    """Read the workbook settings, and scan the sheet parts for computed cells.

    ``parts``, when given, are the only zip parts that can hold any (as found by
    :func:`surveys.reading.filesafety.inspect_file`); the others are not inflated again.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book, sheets = _workbook(archive)
        extras = BookExtras(_flag(book, "workbookPr", "date1904"), _flag(book, "calcPr", "fullCalcOnLoad"))
        if parts is not None and not parts:
            return extras
        for name, part in sheets.items():
            if parts is not None and part not in parts:
                continue
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            if not may_compute(xml):
                continue  # most sheets: nothing computed, no need to parse
            cells, formulas = _scan(xml, extras.recalculate)
            if cells:
                extras.computed[name] = cells
            if formulas:
                extras.formulas[name] = formulas
    return extras


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _workbook(archive: zipfile.ZipFile) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """({element: attributes} of the workbook part's settings, {sheet name: zip path})."""
    names = set(archive.namelist())
    book = _office_document(archive, names)
    if book is None:
        return {}, {}
    folder = posixpath.dirname(book)
    rels_path = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
    targets = {}
    if rels_path in names:
        for _, elem in iterparse(io.BytesIO(archive.read(rels_path))):
            if _local(elem.tag) == "Relationship":
                targets[elem.get("Id")] = _resolve(folder, elem.get("Target", ""))
    settings: dict[str, dict[str, str]] = {}
    parts = {}
    for _, elem in iterparse(io.BytesIO(archive.read(book))):
        tag = _local(elem.tag)
        if tag in ("workbookPr", "calcPr"):
            settings[tag] = {_local(k): v for k, v in elem.attrib.items()}
        elif tag == "sheet":
            rid = next((v for k, v in elem.attrib.items() if _local(k) == "id" and k.startswith("{")), None)
            if rid in targets:
                parts[elem.get("name")] = targets[rid]
    return settings, parts


def _office_document(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The workbook part: the package's officeDocument relationship, else ``xl/workbook.xml``."""
    if "_rels/.rels" in names:
        for _, elem in iterparse(io.BytesIO(archive.read("_rels/.rels"))):
            if _local(elem.tag) == "Relationship" and elem.get("Type", "").endswith("/officeDocument"):
                path = _resolve("", elem.get("Target", ""))
                if path in names:
                    return path
    return "xl/workbook.xml" if "xl/workbook.xml" in names else None


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip path: absolute (``/xl/…``) or relative to ``folder``."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _flag(settings: dict[str, dict[str, str]], element: str, attribute: str) -> bool:
    return settings.get(element, {}).get(attribute, "").strip().lower() in _TRUE


def _scan(xml: bytes, recalculate: bool) -> tuple[dict[tuple[int, int], Computed], dict[tuple[int, int], str]]:
    cells: dict[tuple[int, int], Computed] = {}
    formulas: dict[tuple[int, int], str] = {}
    row, col = -1, -1
    for event, elem in iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = _local(elem.tag)
        if event == "start":
            if tag == "row":
                row = int(elem.get("r")) - 1 if elem.get("r") else row + 1
                col = -1
            elif tag == "c":
                row, col = _position(elem.get("r"), row, col)
            continue
        if tag == "c":
            found, formula = _computed(elem, recalculate)
            if found is not None:
                cells[(row, col)] = found
            elif formula is not None:
                formulas[(row, col)] = formula
        elif tag == "row":
            elem.clear()
    return cells, formulas


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


def _computed(cell, recalculate: bool) -> tuple[Computed | None, str | None]:
    """(computed cell, formula of a cell with a value) of one ``<c>`` element."""
    formula = value = None
    for child in cell:
        tag = _local(child.tag)
        if tag == "f":
            formula = (child.text or "").strip()
        elif tag == "v":
            value = child.text
    kind = cell.get("t")
    if kind == "e":
        return ErrorCell((value or "").strip()), None
    if formula is None:
        return None, None
    if not value:
        # A cached empty string (t="str" with <v></v>) is a value; anything else is missing.
        return (None, formula) if kind == "str" and value is not None else (FormulaCell(formula), None)
    if recalculate and kind in (None, "n") and _is_zero(value):
        return FormulaCell(formula, "0"), None
    return None, formula


def _is_zero(text: str) -> bool:
    try:
        return float(text) == 0
    except ValueError:
        return False
