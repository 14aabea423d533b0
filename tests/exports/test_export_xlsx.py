"""The Excel workbook, read back with openpyxl: headers and sheet names in the report's
language, a README whose column dictionary maps them back to stable codes, real numbers,
formats, filters, neutralised text."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from analysis.exports import LANGUAGES, export_report
from analysis.exports.xlsx_report import SHEET_CODES, display_width, sheet_title
from analysis.present.language import translations
from support.exports import INJECTIONS, exported_wave

#: Characters Excel refuses in a sheet name (and the 31-character limit), per the file format.
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    return exported_wave(tmp_path_factory.mktemp("xlsx"))


@pytest.fixture(scope="module")
def books(wave):
    return {lang: load_workbook(io.BytesIO(export_report(wave.summary, wave.data, "xlsx", lang)))
            for lang in LANGUAGES}


@pytest.fixture(scope="module")
def book(books):
    return books["zh"]


def readme_values(book) -> dict:
    """README freeze rows: code (column A) -> value (column C)."""
    return {row[0]: row[2] for row in book.worksheets[0].iter_rows(min_row=4, max_col=3, values_only=True)
            if row[0] and row[1]}


def dictionary(book, lang: str) -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """The README's column dictionary: sheet code -> (sheet name, [(letter, code, header)])."""
    out: dict = {}
    rows = book.worksheets[0].iter_rows(values_only=True)
    for row in rows:
        if row[0] == translations(lang).pgettext("readme", "Sheet code"):
            break
    for sheet_code, name, letter, code, header in (r[:5] for r in rows if r[0]):
        out.setdefault(sheet_code, (name, []))[1].append((letter, code, header))
    return out


def coded_rows(book, lang: str, sheet_code: str) -> list[dict]:
    """A sheet's rows keyed by the stable column codes, found through the README dictionary."""
    name, columns = dictionary(book, lang)[sheet_code]
    codes = {header: code for _, code, header in columns}
    sheet = book[name]
    keys = [codes[c.value] for c in sheet[1]]
    return [dict(zip(keys, (c.value for c in row)), _cells=dict(zip(keys, row)))
            for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sheet_names_are_valid_and_in_the_language(books, lang):
    book = books[lang]
    assert book.sheetnames == [sheet_title(lang, code) for code in SHEET_CODES]
    assert len(set(book.sheetnames)) == len(SHEET_CODES)
    for name in book.sheetnames:
        assert 0 < len(name) <= 31 and not FORBIDDEN.search(name), name
        assert name[0] != "'" and name[-1] != "'", name
    if lang == "zh":
        assert all(CJK.search(name) for name in book.sheetnames), book.sheetnames


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headers_are_labels_and_the_readme_maps_them_to_codes(books, lang):
    book = books[lang]
    entries = dictionary(book, lang)
    assert list(entries) == list(SHEET_CODES[1:])
    for sheet_code, (name, columns) in entries.items():
        sheet = book[name]
        headers = [c.value for c in sheet[1]]
        assert [(c.column_letter, c.value) for c in sheet[1]] == [(letter, h) for letter, _, h in columns], name
        assert len(set(headers)) == len(headers), f"{name}: two columns share a header"
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for _, code, _ in columns), name
        if lang == "zh":
            assert all(CJK.search(h) for h in headers), f"{name}: {headers}"


def test_every_sheet_has_frozen_bold_header_filter_and_widths(book):
    for name in book.sheetnames[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        # One Excel table over the whole sheet, its first row marked as the header row (what a
        # screen reader announces with each cell), with its filter buttons.
        (table,) = sheet.tables.values()
        last = sheet.max_column
        assert table.ref == f"A1:{sheet.cell(1, last).column_letter}{max(2, sheet.max_row)}", name
        assert table.headerRowCount == 1 and table.autoFilter is not None, name
        assert [c.name for c in table.tableColumns] == [c.value for c in sheet[1]], name
        assert all(cell.font.b for cell in sheet[1]), name
        for cell in sheet[1]:
            # Chinese headers take two cells a character, so the column fits the header.
            assert sheet.column_dimensions[cell.column_letter].width >= min(60, display_width(cell.value)), \
                f"{name}!{cell.coordinate}"


def test_readme_carries_the_freeze(wave, book):
    readme = readme_values(book)
    assert readme["data_version"] == wave.data.data_version
    assert readme["wave"] == "export-test" and readme["compared_by"] == "group"
    assert readme["reproduce"].startswith("python -m analysis export --format xlsx --wave export-test")
    assert "--lang zh" in readme["reproduce"]
    assert f"--data-version {wave.data.data_version}" in readme["reproduce"]
    labels = {row[0]: row[1] for row in book.worksheets[0].iter_rows(min_row=4, max_col=2, values_only=True)}
    assert labels["data_version"] == "数据版本" and labels["wave"] == "轮次"


def test_item_numbers_equal_the_summary_with_number_formats(wave, book):
    summary = {i["item"]: i for i in wave.summary.to_dict()["items"]}
    checked = 0
    for record in coded_rows(book, "zh", "items"):
        g = summary[record["item"]]["groups"][record["group"]]
        assert record["n"] == g["n"] and record["missing"] == g["missing"]
        for field in ("median", "mean", "consensus"):
            assert record[field] == pytest.approx(g[field]) if g.get(field) is not None else record[field] is None
        # Shares only where they may be given as percentages (five answers or more), as in every export.
        if g.get("agree_share") is not None and g["n"] >= 5:
            assert record["agree_share"] == pytest.approx(g["agree_share"])
        else:
            assert record["agree_share"] is None and record["agree_ci95_low"] is None
        if g.get("agree_share") is not None and g["n"] >= 5:
            cell = record["_cells"]["agree_share"]
            assert isinstance(cell.value, (int, float)) and cell.number_format == "0.0%"
            checked += 1
    assert checked > 30  # the opinion scales' groups of five or more


@pytest.mark.parametrize("lang, yes, no", [("en", "yes", "no"), ("zh", "是", "否")])
def test_tests_sheet_equals_the_summary(wave, books, lang, yes, no):
    summary = {i["item"]: i for i in wave.summary.to_dict()["items"]}
    for record in coded_rows(books[lang], lang, "tests"):
        item = summary[record["item"]]
        test = item["test"] if record["option"] is None else next(
            o for o in item["options"] if o["option"] == record["option"])["test"]
        if test is None:
            assert record["qvalue"] is None and record["reason"]
            continue
        assert record["pvalue"] == pytest.approx(test["pvalue"])
        assert record["qvalue"] == pytest.approx(test["qvalue"])
        assert record["_cells"]["qvalue"].number_format == "0.000"
        assert record["differs"] == (yes if test["qvalue"] < 0.05 else no)
        if lang == "zh":  # words in Chinese; only the authors' names of a test stay in Latin letters
            prose = " ".join(str(record[k] or "") for k in ("test", "magnitude", "reason"))
            assert not re.search(r"[a-z]{4,}", re.sub(r"Kruskal|Wallis|Mann|Whitney|Fisher|Freeman|Halton|"
                                                      r"Pearson|Yates", "", prose)), prose


def test_options_and_pairwise_equal_the_summary(wave, book):
    summary = {i["item"]: i for i in wave.summary.to_dict()["items"]}
    for record in coded_rows(book, "zh", "options"):
        option = next(o for o in summary[record["item"]]["options"] if o["option"] == record["option"])
        og = option["groups"][record["group"]]
        assert (record["n"], record["selected"]) == (og["n"], og["selected"])
        assert record["share"] == (pytest.approx(og["share"]) if og["n"] >= 5 else None)
    pairs = coded_rows(book, "zh", "pairwise")
    assert pairs and all(
        r["pvalue_adjusted"] == pytest.approx(next(p for p in summary[r["item"]]["pairwise"]
                                                   if (p["a"], p["b"]) == (r["a"], r["b"]))["pvalue_adjusted"])
        for r in pairs)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_injected_comments_are_neutralised(books, lang):
    book = books[lang]
    records = coded_rows(book, lang, "comments")
    comments = [r["comment"] for r in records]
    for injected in INJECTIONS.values():
        assert "'" + injected in comments, injected
        assert injected not in comments
    assert all(r["_cells"]["comment"].data_type == "s" for r in records), "a comment became a formula"
    # No text cell anywhere in the workbook starts a formula.
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in ("=", "+", "-", "@", "\t", "\r"), f"{ws.title}!{cell.coordinate}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_workbook_declares_its_language_and_title(books, lang):
    from analysis.present.language import document_language

    properties = books[lang].properties
    assert properties.language == document_language(lang)
    assert properties.title and properties.title == books[lang].worksheets[0]["A1"].value
    assert all(sheet.sheet_view.rightToLeft == (lang == "ar") for sheet in books[lang].worksheets)
