"""An annotated copy of an uploaded workbook: every problem marked where it is.

Cells named by a :class:`~surveys.model.ValidationIssue` get a fill (red for errors,
amber for warnings) and a cell comment with the message, so the sender sees in their own
file what to fix. Every issue, including those that name no cell, is also listed on an
added sheet. The original file is only read; the copy is written elsewhere.

Only Office Open XML workbooks (``.xlsx``/``.xlsm``) can be copied cell for cell; for
``.xls``/``.ods`` files, or files refused as unsafe, the copy holds the list alone.
"""
from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.cell import coordinate_from_string

from surveys.errors import UnreadableFile
from surveys.messages import translate
from surveys.model import ValidationIssue

from .filesafety import file_kind
from .problems import SEVERITY

ISSUES_SHEET = "Trialogue check"
AUTHOR = "Trialogue"
FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),    # Excel's own "bad" style colours
    "warning": PatternFill("solid", fgColor="FFEB9C"),  # and its "neutral" amber
}
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_HEADER = ("File", "Sheet", "Cell", "Severity", "Message")


def _cell(ref: str | None) -> str | None:
    """A single-cell reference like ``D7`` (``$D$7`` accepted), else None."""
    if not ref:
        return None
    match = _CELL.match(ref.strip())
    if not match:
        return None
    try:
        coordinate_from_string(match.group(1).upper() + match.group(2))
    except ValueError:
        return None
    return match.group(1).upper() + match.group(2)


def _by_cell(issues: Iterable[ValidationIssue]) -> dict[tuple[str, str], list[ValidationIssue]]:
    grouped: dict[tuple[str, str], list[ValidationIssue]] = defaultdict(list)
    for issue in issues:
        ref = _cell(issue.cell)
        if issue.sheet and ref:
            grouped[(issue.sheet, ref)].append(issue)
    return grouped


def annotate_workbook(source: str | os.PathLike, issues: Sequence[ValidationIssue],
                      destination: str | os.PathLike, *, lang: str = "en") -> Path:
    """Write to ``destination`` a copy of ``source`` with ``issues`` marked on their cells.

    Returns the destination path. ``source`` is never modified. Issues naming a sheet or
    cell the workbook does not have are listed on the added sheet only. Every issue is
    marked on its own, even where a report says a repeated problem once; messages are
    in ``lang`` where the library has them in that language.
    """
    destination = Path(destination)
    book = _open_copy(source)
    marked = set()
    if book is None:
        book = Workbook()
        book.active.title = ISSUES_SHEET
        listing = book.active
    else:
        for (sheet_name, ref), found in _by_cell(issues).items():
            if sheet_name not in book.sheetnames:
                continue
            cell = book[sheet_name][ref]
            severity = "error" if any(i.severity == "error" for i in found) else "warning"
            cell.fill = FILLS[severity]
            text = "\n".join(f"{_severity(i, lang)}: {_message(i, lang)}" for i in found)
            cell.comment = Comment(text, AUTHOR, width=320, height=max(80, 40 * len(found)))
            marked.add((sheet_name, ref))
        name = ISSUES_SHEET
        while name in book.sheetnames:
            name = f"{name} +"[:31]
        listing = book.create_sheet(name, 0)
    _write_listing(listing, issues, lang)
    book.active = book.index(listing)
    book.save(destination)
    return destination


def _open_copy(source: str | os.PathLike) -> Workbook | None:
    """The workbook, when it is a safe Office Open XML file; None otherwise."""
    try:
        if file_kind(source) != "xlsx":
            return None
        keep_vba = Path(source).suffix.lower() == ".xlsm"
        return load_workbook(source, keep_vba=keep_vba, rich_text=True)
    except (UnreadableFile, OSError, ValueError, KeyError):
        return None


def _message(issue: ValidationIssue, lang: str) -> str:
    return issue.text.render(lang) if issue.text is not None else issue.message


def _severity(issue: ValidationIssue, lang: str) -> str:
    return translate(SEVERITY.get(issue.severity, issue.severity), lang)


def _write_listing(sheet, issues: Sequence[ValidationIssue], lang: str) -> None:
    sheet.append(_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for issue in issues:
        sheet.append((issue.file, issue.sheet or "", issue.cell or "", _severity(issue, lang), _message(issue, lang)))
        row = sheet.max_row
        sheet.cell(row, 4).fill = FILLS.get(issue.severity, FILLS["warning"])
    for column, width in zip("ABCDE", (28, 18, 8, 10, 90)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
