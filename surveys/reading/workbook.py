"""Read any spreadsheet (xlsx, xlsm, xls, ods) into plain rows of cells.

One reader for instruments and responses alike. Cells come back as Python values
(str, float, bool, datetime/date/time/timedelta, or None for an empty cell); sheets
keep their name and whether they are hidden, and rows keep their position so that
every problem can be reported by cell reference.

The file is first checked by :func:`surveys.reading.filesafety.check_file` (hostile or broken
files never reach a parser). Cells are read with calamine with
``skip_empty_area=False``, so the grid starts at A1 and every stored cell is read
whatever the sheet's ``<dimension>`` claims (openpyxl's read-only mode trusts that
element and silently drops rows when it lies). Legacy ``.xls`` falls back to xlrd if
calamine cannot read it.
"""
from __future__ import annotations

import datetime as dt
import decimal
import io
import math
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable, Mapping

from surveys.errors import UnreadableFile
from surveys.limits import DEFAULT, Limits, sheet_size_problem
from surveys.plaintext import TOO_LONG, cell_issues, clean_cells, plain

from .filesafety import ENCRYPTED, Inspection, inspect_file
from .formulas import BookExtras, ErrorCell, FormulaCell, book_extras  # noqa: F401 - cell values readers may meet

if TYPE_CHECKING:
    from surveys.model import ValidationIssue

Cell = Any

#: Characters stripped from the ends of text cells besides ordinary whitespace:
#: zero-width space and joiners, and the byte-order mark that CSV round trips leave.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: ``rows[r][c]`` is the cell at 0-based row ``r``, column ``c``.

    ``merged`` lists merged ranges as 0-based inclusive ``(first_row, first_col,
    last_row, last_col)``; only the first cell of a range holds its value.
    ``formulas`` maps ``(row, col)`` of a cell whose value a formula computed to that
    formula (without ``=``); ``date1904`` is set when the workbook counts serial day
    numbers from 1904-01-01 (Excel for Mac's old default) rather than 1899-12-30.
    """

    name: str
    rows: tuple[tuple[Cell, ...], ...]
    hidden: bool = False
    merged: tuple[tuple[int, int, int, int], ...] = ()
    formulas: Mapping[tuple[int, int], str] = field(default_factory=dict, compare=False, repr=False)
    date1904: bool = False
    #: What the text policy (:mod:`surveys.plaintext`) changed, by 0-based (row, col); the
    #: reader of the sheet says so for the cells it uses.
    cleaned: Mapping[tuple[int, int], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)


def column_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based row and column → an A1 reference (row 0, col 3 → D1)."""
    return f"{column_letter(col)}{row + 1}"


def cell_text(value: Cell) -> str:
    """A cell rendered as the user would have typed it.

    ``None`` → ``""``; text is stripped of surrounding (and zero-width) spaces; whole
    floats lose their ``.0`` (spreadsheets store every number as a float, so a typed
    ``1`` reads back as ``1.0``); other floats use the shortest exact form without an
    exponent; dates are ISO ``2015-12-11``, a datetime at midnight is its date, other
    datetimes are ``2015-12-11 09:30:00``; booleans are ``TRUE``/``FALSE`` as Excel
    shows them; a formula saved without a value is its formula (``=A2``), an error
    value its code (``#N/A``).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip().strip(_INVISIBLE).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(decimal.Decimal(text), "f")
        return text
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def read_workbook(path: str | os.PathLike, display_name: str | None = None, *,
                  inspection: Inspection | None = None, limits: Limits = DEFAULT) -> tuple[Sheet, ...]:
    """Every worksheet of the workbook at ``path``, as rows of values.

    Raises :class:`surveys.errors.UnreadableFile` with a one-line reason for files
    that are not workbooks or cannot be read safely. Chart sheets and macro sheets
    hold no cells and are left out. ``inspection`` is what :func:`inspect_file` found,
    when the caller has already checked the file. Every sheet must fit ``limits``: checked
    from the file's bytes before parsing (:mod:`surveys.reading.extents`) and on the cells read.
    """
    name = display_name or os.path.basename(os.fspath(path))
    inspection = inspection or inspect_file(path, name, limits=limits)
    kind = inspection.kind
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        sheets = _read_calamine(data)
    except Exception as exc:  # calamine raises many types; the user needs one sentence
        reason = _calamine_reason(exc)
        sheets = None
        if kind == "xls" and reason is None:
            try:
                sheets = _read_xlrd(data)
            except Exception:
                pass
        if sheets is None:
            raise UnreadableFile(name, reason or f"damaged or unsupported {kind} workbook: "
                                 "open it in Excel or LibreOffice and save it again") from None
    if not sheets:
        raise UnreadableFile(name, "the workbook has no worksheets")
    for sheet in sheets:
        problem = sheet_size_problem(sheet.name, len(sheet.rows), max(map(len, sheet.rows), default=0), limits)
        if problem:
            raise UnreadableFile(name, problem)
    return _with_computed(sheets, _extras(data, inspection.computed_parts)) if kind == "xlsx" else sheets


def _extras(data: bytes, parts) -> BookExtras:
    """Formulas, error cells and the date system; a part this scan cannot follow (an unusual
    writer's relationships) leaves the cells as calamine read them rather than refusing the file."""
    try:
        return book_extras(data, parts)
    except Exception:  # the workbook itself was read; this is a refinement
        return BookExtras()


def _calamine_reason(exc: Exception) -> str | None:
    text = f"{exc.__class__.__name__} {exc}".lower()
    if "password" in text or "encrypt" in text:
        return ENCRYPTED
    return None


def _read_calamine(data: bytes) -> tuple[Sheet, ...]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for meta in book.sheets_metadata:
        if meta.typ != SheetTypeEnum.WorkSheet:
            continue
        sheet = book.get_sheet_by_name(meta.name)
        rows, cleaned = _tidy(sheet.to_python(skip_empty_area=False))
        sheets.append(Sheet(plain(meta.name, line=True), rows, meta.visible != SheetVisibleEnum.Visible,
                            _merged(sheet), cleaned=cleaned))
    return tuple(sheets)


def _merged(sheet) -> tuple[tuple[int, int, int, int], ...]:
    ranges = getattr(sheet, "merged_cell_ranges", None) or ()
    return tuple((top, left, bottom, right) for (top, left), (bottom, right) in ranges)


def _with_computed(sheets: tuple[Sheet, ...], extras: BookExtras) -> tuple[Sheet, ...]:
    """Put formulas without values and error values where calamine saw empty cells (or
    a writer's placeholder 0), and note the formulas of computed values."""
    result = []
    for sheet in sheets:
        cells = extras.computed.get(sheet.name)
        sheet = replace(sheet, formulas=extras.formulas.get(sheet.name, {}), date1904=extras.date1904)
        if not cells:
            result.append(sheet)
            continue
        rows = [list(row) for row in sheet.rows]
        for (r, c), value in cells.items():
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            if len(row) <= c:
                row.extend([None] * (c + 1 - len(row)))
            if row[c] is None or (isinstance(value, FormulaCell) and value.placeholder is not None):
                row[c] = value
        result.append(replace(sheet, rows=tuple(tuple(row) for row in rows)))
    return tuple(result)


def _read_xlrd(data: bytes) -> tuple[Sheet, ...]:
    """Legacy BIFF reader for the rare .xls that calamine rejects."""
    import xlrd

    book = xlrd.open_workbook(file_contents=data, on_demand=True)
    sheets = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        rows = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                    row.append(value.date() if value.time() == dt.time(0) else value)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    row.append(bool(cell.value))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    row.append(None)
                else:
                    row.append(cell.value)
            rows.append(row)
        rows, cleaned = _tidy(rows)
        sheets.append(Sheet(plain(sheet.name, line=True), rows, sheet.visibility != 0, cleaned=cleaned))
    return tuple(sheets)


def _tidy(rows) -> tuple[tuple[tuple[Cell, ...], ...], dict[tuple[int, int], frozenset[str]]]:
    """Empty cells become None (calamine gives ''), trailing empty rows are dropped, and text
    passes the text policy (:func:`surveys.plaintext.clean_cells`): (rows, what it changed)."""
    tidy = [tuple([None if v == "" else v for v in row]) if "" in row else tuple(row) for row in rows]
    while tidy and all(v is None for v in tidy[-1]):
        tidy.pop()
    tidy, cleaned = clean_cells(tidy)
    return tuple(tidy), cleaned


def cleaning_issues(sheet: Sheet, file: str, kind_of: Callable[[int, int], str | None] = lambda r, c: "cell"
                    ) -> list["ValidationIssue"]:
    """What the text policy did to the cells of ``sheet``, as report lines: a warning for a
    cell stored cleaned, an error for one too long for a cell. ``kind_of(row, column)`` names
    the kind of cell the report calls it (:data:`surveys.plaintext.KINDS`), None to pass over it."""
    issues = []
    for (r, c), changes in sorted(sheet.cleaned.items()):
        kind = kind_of(r, c)
        if kind is not None:
            length = len(sheet.rows[r][c]) if TOO_LONG in changes else 0
            issues.extend(cell_issues(file, sheet.name, cell_ref(r, c), kind, changes, length))
    return issues



def cleaning_report(sheet: Sheet, file: str, kinds: dict[int, str], header_rows, first_data_row: int
                    ) -> list[ValidationIssue]:
    """One issue per cell of ``sheet`` that the text policy cleaned (a warning) or that is too
    long for a cell (an error), in the columns ``kinds`` names: the header rows as headers,
    the rows from ``first_data_row`` on as the kind of their column."""
    def kind_of(r: int, c: int) -> str | None:
        if c not in kinds or (r < first_data_row and r not in header_rows):
            return None
        return "header" if r in header_rows else kinds[c]
    return cleaning_issues(sheet, file, kind_of)
