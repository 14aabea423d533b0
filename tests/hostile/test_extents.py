"""Sheets are measured from the file's bytes before any parser allocates them (surveys.reading.extents),
against the limits of surveys.limits, and the refusal says what was too large."""
from __future__ import annotations

import zipfile

import pytest

from support.hostile import _inline, _raw_xlsx, repeated_ods
from support.workbooks import write_book, write_large
from surveys.errors import UnreadableFile
from surveys.limits import DEFAULT, Limits, sheet_size_problem
from surveys.reading.extents import exact_extent, ods_extents
from surveys.reading.filesafety import inspect_file
from surveys.reading.workbook import read_workbook


def _sheet(path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("cells, extent", [
    (['<row r="1">' + _inline("A1", "a") + "</row>", '<row r="1048576">' + _inline("XFD1048576", "b") + "</row>"],
     (1_048_576, 16_384)),
    # a cell's own reference wins over its row's
    (['<row r="1">' + _inline("A1", "a") + _inline("B50", "b") + "</row>"], (50, 2)),
    # references in lower case are read
    (['<row r="1">' + _inline("a1", "a") + _inline("zz1", "b") + "</row>"], (1, 702)),
    # cells and rows without references follow the one before
    (['<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>',
      '<row><c t="inlineStr"><is><t>c</t></is></c></row>'], (2, 2)),
    # an empty, formatted cell far away holds no value and counts for nothing
    (['<row r="1">' + _inline("A1", "a") + "</row>", '<row r="900000"><c r="ZZ900000" s="1"/></row>'], (1, 1)),
])
def test_a_sheet_measures_as_the_parser_would_lay_it_out(cells, extent, tmp_path):
    path = _raw_xlsx(tmp_path / "book.xlsx", cells)
    data = _sheet(path)
    assert exact_extent([data[i:i + 7] for i in range(0, len(data), 7)]) == extent  # across any chunking
    fits = sheet_size_problem("responses", *extent) is None
    if fits:
        assert inspect_file(path).kind == "xlsx"
        assert max(map(len, read_workbook(path)[0].rows)) == extent[1]
    else:
        with pytest.raises(UnreadableFile, match=f"has {extent[0]:,} rows"):
            inspect_file(path)


def test_limits_say_what_was_too_large_and_how_to_go_past_them():
    assert DEFAULT.sheet_rows == 21_000 and Limits.raised(10_000).sheet_rows == 201_000
    assert Limits.raised(None) == DEFAULT and Limits.raised(10) == DEFAULT  # never below the defaults
    assert "--max-respondents" in sheet_size_problem("s", 1_000_001, 2)
    assert "--max-respondents" not in sheet_size_problem("s", 1_000_001, 2, Limits.raised(5_000))
    assert "16,384 columns: at most 1,000" in sheet_size_problem("s", 3, 16_384)
    assert "cells" in sheet_size_problem("s", 10_000, 900)
    assert sheet_size_problem("s", 1_001, 30) is None


def test_a_large_consultation_passes_with_the_secretariat_s_override(tmp_path):
    path = write_large(tmp_path / "big.xlsx", ["respondent", "q1_overall"],
                       [[f"P{n}", "3"] for n in range(25_000)])
    with pytest.raises(UnreadableFile, match="25,001 rows"):
        inspect_file(path)
    assert inspect_file(path, limits=Limits.raised(30_000)).kind == "xlsx"


def test_opendocument_repeats_count_when_they_hold_a_value(tmp_path):
    repeated = repeated_ods(tmp_path)[0]
    with zipfile.ZipFile(repeated) as archive:
        assert ods_extents(archive.read("content.xml")) == {"responses": (1_000_001, 2)}
    with pytest.raises(UnreadableFile, match="1,000,001 rows"):
        inspect_file(repeated)
    # LibreOffice writes the empty rest of a sheet as a repeated row of repeated empty cells.
    book = write_book(tmp_path / "fine.ods", {"responses": [["respondent", "q1_overall"], ["Ghana", 4]]})
    with zipfile.ZipFile(book) as archive:
        content = archive.read("content.xml")
    tail = (b'<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
            b'table:number-columns-repeated="16384"/></table:table-row></table:table>')
    content = content.replace(b"</table:table>", tail, 1)
    assert ods_extents(content)["responses"] == (2, 2)


def test_a_csv_is_measured_by_its_lines_and_its_widest_record(tmp_path):
    from surveys.reading.csvfile import read_csv

    lines = tmp_path / "lines.csv"
    lines.write_text("respondent,q1_overall\n" + "P,3\n" * 30_000, encoding="utf-8")
    with pytest.raises(UnreadableFile, match="30,001 rows"):
        read_csv(lines, "lines.csv")
    wide = tmp_path / "wide.csv"
    wide.write_text("respondent,q1_overall\nGhana,4\n" + ",".join(["x"] * 2_000) + "\n", encoding="utf-8")
    table = read_csv(wide, "wide.csv")
    assert [str(i) for i in table.issues] == [
        "wide.csv!ALM3: error: this row has 2,000 values: at most 1,000 columns are read (one per item, option and "
        "attribute); nothing after it was read"]
