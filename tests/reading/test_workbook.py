"""read_workbook reads every stored cell of xlsx, xlsm, ods and xls; cell_text renders cells."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from surveys.errors import UnreadableFile
from surveys.reading.workbook import Sheet, _read_xlrd, cell_ref, cell_text, column_letter, read_workbook


def _book(path: Path, rows: int = 40) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "responses"
    sheet.append(["respondent", "q1_overall", "date", "share"])
    for r in range(1, rows + 1):
        sheet.append([f"State {r}", r % 5 + 1, dt.date(2015, 12, 11), r / 8])
    book.save(path)
    return path


def test_lying_dimension_does_not_lose_rows(tmp_path):
    """The sheet claims A1:A1; every row and column still comes back."""
    honest = _book(tmp_path / "honest.xlsx")
    liar = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(honest) as zin, zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', data)
                assert count == 1
            zout.writestr(info, data)
    # openpyxl's read-only mode trusts the element and drops rows: the reason we use calamine.
    assert len(list(openpyxl.load_workbook(liar, read_only=True)["responses"].iter_rows())) == 1
    (sheet,) = read_workbook(liar)
    assert len(sheet.rows) == 41
    assert sheet.rows[-1][:2] == ("State 40", 1.0)
    assert len(sheet.rows[0]) == 4


def test_cells_keep_raw_values_and_empty_cells_are_none(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["a", None, 3, 2.5, True, dt.datetime(2015, 12, 11, 9, 30), dt.date(2015, 12, 11)])
    sheet.append([None, None, None])
    sheet["B4"] = "  spaced  "
    book.save(tmp_path / "cells.xlsx")
    (read,) = read_workbook(tmp_path / "cells.xlsx")
    first = read.rows[0]
    assert first[0] == "a" and first[1] is None and first[2] == 3 and first[3] == 2.5 and first[4] is True
    assert first[5] == dt.datetime(2015, 12, 11, 9, 30)
    assert first[6] in (dt.date(2015, 12, 11), dt.datetime(2015, 12, 11))
    assert read.rows[1] == (None,) * 7
    assert read.rows[3][1] == "  spaced  "


def test_hidden_and_very_hidden_sheets_are_flagged_and_chart_sheets_left_out(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "responses"
    book.active["A1"] = "visible"
    book.create_sheet("lists").sheet_state = "hidden"
    book.create_sheet("secret").sheet_state = "veryHidden"
    book.create_chartsheet("chart")
    book.save(tmp_path / "hidden.xlsx")
    sheets = {s.name: s for s in read_workbook(tmp_path / "hidden.xlsx")}
    assert set(sheets) == {"responses", "lists", "secret"}
    assert not sheets["responses"].hidden and sheets["lists"].hidden and sheets["secret"].hidden


def test_trailing_empty_rows_are_dropped(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.active["A50"] = ""
    book.active["C60"].number_format = "0.00"
    book.save(tmp_path / "trailing.xlsx")
    (sheet,) = read_workbook(tmp_path / "trailing.xlsx")
    assert sheet.rows[0][0] == "x"
    assert len(sheet.rows) == 1


def test_xlsm_and_ods_are_read(tmp_path):
    _book(tmp_path / "book.xlsm", rows=3)
    assert read_workbook(tmp_path / "book.xlsm")[0].rows[1][0] == "State 1"
    frame = pd.DataFrame({"respondent": ["Chad", "Chile"], "q1_overall": [4, 5]})
    frame.to_excel(tmp_path / "book.ods", engine="odf", index=False, sheet_name="responses")
    (sheet,) = read_workbook(tmp_path / "book.ods")
    assert sheet.name == "responses"
    assert [cell_text(v) for v in sheet.rows[2]] == ["Chile", "5"]


def test_wrong_extension_is_read_by_content(tmp_path):
    """A workbook saved with a misleading name is judged by its bytes."""
    path = _book(tmp_path / "book.xlsx", rows=2)
    renamed = path.rename(tmp_path / "book.dat")
    assert read_workbook(renamed)[0].rows[2][0] == "State 2"


def test_legacy_xls_is_read(shared):
    path = shared / "data" / "survey_files" / "xlsform_examples" / "tutorial.xls"
    sheets = {s.name: s for s in read_workbook(path)}
    assert {"survey", "choices"} <= set(sheets)
    header = [cell_text(v) for v in sheets["survey"].rows[0]]
    assert header[:3] == ["tutorial notes", "type", "name"]


def test_xlrd_fallback_reads_the_same_cells(shared):
    """The xlrd path, used when calamine rejects an .xls, gives the same text."""
    path = shared / "data" / "survey_files" / "xlsform_examples" / "widgets.xls"
    data = path.read_bytes()
    by_calamine = {s.name: s for s in read_workbook(path)}
    for sheet in _read_xlrd(data):
        assert isinstance(sheet, Sheet)
        expected = [[cell_text(v) for v in row] for row in by_calamine[sheet.name].rows]
        got = [[cell_text(v) for v in row] for row in sheet.rows]
        assert got == expected, sheet.name


def test_unreadable_file_names_the_display_name(tmp_path):
    path = tmp_path / "tmp1234.bin"
    path.write_text("country,answer\n")
    with pytest.raises(UnreadableFile) as caught:
        read_workbook(path, display_name="Answers from Chad.csv")
    assert str(caught.value).startswith("Answers from Chad.csv: not a spreadsheet")


@pytest.mark.parametrize("value, text", [
    (None, ""),
    ("", ""),
    ("  Agree \u00a0", "Agree"),
    ("\ufeffChad\u200b", "Chad"),
    (1.0, "1"),
    (5, "5"),
    (-3.0, "-3"),
    (2.5, "2.5"),
    (0.1, "0.1"),
    (1e-7, "0.0000001"),
    (1e16, "10000000000000000"),
    (True, "TRUE"),
    (False, "FALSE"),
    (dt.date(2015, 12, 11), "2015-12-11"),
    (dt.datetime(2015, 12, 11), "2015-12-11"),
    (dt.datetime(2015, 12, 11, 9, 30), "2015-12-11 09:30:00"),
    (dt.time(9, 30), "09:30:00"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize("row, col, ref", [(0, 0, "A1"), (6, 3, "D7"), (0, 25, "Z1"), (9, 26, "AA10"),
                                           (0, 701, "ZZ1"), (0, 702, "AAA1")])
def test_cell_ref(row, col, ref):
    assert cell_ref(row, col) == ref
    assert column_letter(col) == ref.rstrip("0123456789")
