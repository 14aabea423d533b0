"""Annotated copies of uploaded workbooks: real .xlsx files written with openpyxl."""
from __future__ import annotations

import hashlib

from openpyxl import Workbook, load_workbook

from surveys.model import ValidationIssue
from surveys.reading.annotate import FILLS, ISSUES_SHEET, annotate_workbook


def _workbook(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "responses"
    sheet.append(["respondent", "group", "q1_overall"])
    sheet.append(["Chad", "council", "7"])
    sheet.append(["Atlantis", "tcc_pcc", "3"])
    book.save(path)
    return path


def test_problem_cells_get_a_fill_and_a_comment(tmp_path):
    source = _workbook(tmp_path / "chad.xlsx")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    issues = [ValidationIssue("chad.xlsx", "responses", "C2", "7 is not a choice of quality5 (expected 1-5)"),
              ValidationIssue("chad.xlsx", "responses", "A3", "unknown delegation 'Atlantis'"),
              ValidationIssue("chad.xlsx", "responses", "A3", "check the spelling", "warning"),
              ValidationIssue("chad.xlsx", "responses", "B2", "group given twice", "warning"),
              ValidationIssue("chad.xlsx", None, None, "no instrument version stated", "warning")]
    out = annotate_workbook(source, issues, tmp_path / "chad-checked.xlsx")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    book = load_workbook(out)
    sheet = book["responses"]
    assert sheet["C2"].fill.fgColor.rgb.endswith(FILLS["error"].fgColor.rgb[-6:])
    assert "7 is not a choice" in sheet["C2"].comment.text
    assert sheet["A3"].comment.text.count("\n") == 1  # both messages on one cell
    assert sheet["A3"].fill.fgColor.rgb.endswith("FFC7CE")  # an error outranks the warning
    assert sheet["B2"].fill.fgColor.rgb.endswith("FFEB9C")
    assert sheet["A2"].comment is None and sheet["A2"].value == "Chad"
    listing = book[ISSUES_SHEET]
    rows = list(listing.iter_rows(values_only=True))
    assert rows[0] == ("File", "Sheet", "Cell", "Severity", "Message")
    assert len(rows) == 6 and rows[-1][4] == "no instrument version stated"
    assert book.active.title == ISSUES_SHEET


def test_unknown_sheet_or_cell_is_listed_only(tmp_path):
    source = _workbook(tmp_path / "x.xlsx")
    issues = [ValidationIssue("x.xlsx", "missing", "A1", "no such sheet"),
              ValidationIssue("x.xlsx", "responses", "row 4", "not a cell reference")]
    book = load_workbook(annotate_workbook(source, issues, tmp_path / "out.xlsx"))
    assert all(cell.comment is None for row in book["responses"].iter_rows() for cell in row)
    assert book[ISSUES_SHEET].max_row == 3


def test_a_file_that_is_not_a_workbook_gets_the_list_alone(tmp_path):
    source = tmp_path / "notes.xlsx"
    source.write_text("respondent,group\nChad,council\n")
    issues = [ValidationIssue("notes.xlsx", None, None, "not a spreadsheet: expected .xlsx, .xlsm, .xls or .ods")]
    book = load_workbook(annotate_workbook(source, issues, tmp_path / "out.xlsx"))
    assert book.sheetnames == [ISSUES_SHEET]
    assert book[ISSUES_SHEET]["E2"].value.startswith("not a spreadsheet")
