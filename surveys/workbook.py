"""Read any spreadsheet (xlsx, xlsm, xls, ods) into plain rows of cells.

One reader for instruments and responses alike. Cells come back as Python values
(str, int, float, bool, datetime/date, or None); sheets keep their name and
whether they are hidden, and rows keep their position so that every problem can
be reported by cell reference.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

Cell = Any


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[tuple[Cell, ...], ...]
    hidden: bool = False


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


def read_workbook(path: str | os.PathLike, *, display_name: str | None = None) -> tuple[Sheet, ...]:
    """Every sheet of the workbook at ``path``, as rows of values.

    Raises :class:`surveys.errors.UnreadableFile` with a one-line reason for files
    that are not workbooks or cannot be read safely.
    """
    from python_calamine import CalamineWorkbook

    from .errors import UnreadableFile

    name = display_name or os.path.basename(os.fspath(path))
    try:
        book = CalamineWorkbook.from_path(os.fspath(path))
    except Exception as exc:  # calamine raises many types; the user needs one sentence
        raise UnreadableFile(name, f"not a readable workbook ({exc.__class__.__name__})") from None
    sheets = []
    for meta in book.sheets_metadata:
        rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        hidden = str(meta.visible).lower().endswith(("hidden", "veryhidden"))
        sheets.append(Sheet(meta.name, tuple(tuple(r) for r in rows), hidden))
    return tuple(sheets)
