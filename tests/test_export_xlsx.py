"""The Excel workbook, read back with openpyxl: real numbers, formats, filters, neutralised text."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from analysis.exports import export_report
from test_export_common import INJECTIONS, exported_wave

SHEETS = ["README", "items", "shares", "tests", "pairwise", "options", "groups", "coverage", "common_ground",
          "dividing_lines", "comments"]


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    return exported_wave(tmp_path_factory.mktemp("xlsx"))


@pytest.fixture(scope="module")
def book(wave):
    return load_workbook(io.BytesIO(export_report(wave.summary, wave.data, "xlsx", "en")))


def rows(sheet):
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]


def test_one_sheet_per_table_with_frozen_header_and_filter(book):
    assert book.sheetnames == SHEETS
    for name in SHEETS[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), name
        assert all(cell.font.b for cell in sheet[1]), name
        assert all(sheet.column_dimensions[c.column_letter].width >= 4 for c in sheet[1]), name


def test_readme_carries_the_freeze(wave, book):
    readme = {row[0].value: row[1].value for row in book["README"].iter_rows()}
    assert readme["data_version"] == wave.data.data_version
    assert readme["wave"] == "export-test" and readme["compared_by"] == "group"
    assert readme["reproduce"].startswith("python -m analysis export --format xlsx --wave export-test")
    assert f"--data-version {wave.data.data_version}" in readme["reproduce"]


def test_item_numbers_equal_the_summary_with_number_formats(wave, book):
    summary = {i["item"]: i for i in wave.summary.to_dict()["items"]}
    sheet = book["items"]
    header = [c.value for c in sheet[1]]
    share_col = header.index("agree_share")
    checked = 0
    for row in sheet.iter_rows(min_row=2):
        record = dict(zip(header, (c.value for c in row)))
        g = summary[record["item"]]["groups"][record["group"]]
        assert record["n"] == g["n"] and record["missing"] == g["missing"]
        for field in ("median", "mean", "agree_share", "consensus"):
            assert record[field] == pytest.approx(g[field]) if g.get(field) is not None else record[field] is None
        if g.get("agree_share") is not None:
            assert isinstance(row[share_col].value, (int, float)) and row[share_col].number_format == "0.0%"
            checked += 1
    assert checked > 40


def test_tests_sheet_equals_the_summary(wave, book):
    summary = {i["item"]: i for i in wave.summary.to_dict()["items"]}
    header = [c.value for c in book["tests"][1]]
    q_col = header.index("qvalue")
    for row in book["tests"].iter_rows(min_row=2):
        record = dict(zip(header, (c.value for c in row)))
        item = summary[record["item"]]
        test = item["test"] if record["option"] is None else next(
            o for o in item["options"] if o["option"] == record["option"])["test"]
        if test is None:
            assert record["qvalue"] is None and record["reason"]
            continue
        assert record["pvalue"] == pytest.approx(test["pvalue"])
        assert record["qvalue"] == pytest.approx(test["qvalue"])
        assert row[q_col].number_format == "0.000"
        assert record["differs"] == ("yes" if test["qvalue"] < 0.05 else "no")


def test_options_and_pairwise_equal_the_summary(wave, book):
    summary = {i["item"]: i for i in wave.summary.to_dict()["items"]}
    for record in rows(book["options"]):
        option = next(o for o in summary[record["item"]]["options"] if o["option"] == record["option"])
        og = option["groups"][record["group"]]
        assert (record["n"], record["selected"]) == (og["n"], og["selected"])
    pairs = rows(book["pairwise"])
    assert pairs and all(
        r["pvalue_adjusted"] == pytest.approx(next(p for p in summary[r["item"]]["pairwise"]
                                                   if (p["a"], p["b"]) == (r["a"], r["b"]))["pvalue_adjusted"])
        for r in pairs)


def test_injected_comments_are_neutralised(book):
    comments = [c.value for c in book["comments"]["E"][1:]]
    for text in INJECTIONS.values():
        assert "'" + text in comments, text
        assert text not in comments
    sheet = book["comments"]
    assert all(cell.data_type == "s" for cell in sheet["E"][1:]), "a comment became a formula"
    # No text cell anywhere in the workbook starts a formula.
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in ("=", "+", "-", "@", "\t", "\r"), f"{ws.title}!{cell.coordinate}"
