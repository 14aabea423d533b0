"""Workbooks written by other software, through ``python -m surveys import`` end to end.

XlsxWriter (pandas' other engine, and directly), LibreOffice (real .xls, .ods and its own
.xlsx, converted from our openpyxl files), hand-built Office Open XML packages that vary
one thing other writers do differently, and KoboToolbox exports. Each either imports
with the right stored values, or is refused with a message naming file, sheet and cell,
with nothing stored (``data_version`` unchanged).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from support.cli_imports import WAVE, refused, run, version
from support.foreign_books import DATE_STYLES, STRICT, convert, number, row, soffice, text, xlsx_package
from support.workbooks import fill_template, small_instrument, write_book
from surveys.instrument.default import default_instrument
from surveys.instrument.xlsform import write_instrument
from surveys.reading.template import TICK, write_template
from surveys.storage.store import open_store

xlsxwriter = pytest.importorskip("xlsxwriter", reason="XlsxWriter is in requirements.txt; install it")

INSTRUMENT = default_instrument()


def stored(db: str, wave: str = WAVE) -> dict[tuple[str, str], str]:
    with open_store(db) as store:
        data = store.load_wave(wave)
    return {(a.respondent, a.item): a.value for a in data.answers.itertuples(index=False)}


@pytest.fixture
def small_form(tmp_path) -> tuple[str, ...]:
    write_instrument(small_instrument(), tmp_path / "form.xlsx")
    return ("--instrument", str(tmp_path / "form.xlsx"), "--wave", "small")


# --- XlsxWriter ---------------------------------------------------------------------------

def test_pandas_with_the_xlsxwriter_engine(db, tmp_path):
    frame = pd.DataFrame({"respondent": ["Ghana", "France", "Nepal"], "group": ["tcc_pcc", np.nan, None],
                          "q1_overall": [4.0, np.nan, 3.0], "q1_comment": [np.nan, "Earlier, please", "fine"]})
    frame.to_excel(tmp_path / "xw.xlsx", engine="xlsxwriter")  # index column, bold header, NaN as blank
    done = run(tmp_path / "xw.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db) == {("Ghana", "q1_overall"): "4", ("France", "q1_comment"): "Earlier, please",
                          ("Nepal", "q1_overall"): "3", ("Nepal", "q1_comment"): "fine"}


def test_xlsxwriter_formula_saved_with_its_placeholder_zero_is_refused_naming_the_formula(seeded, tmp_path):
    """XlsxWriter saves every formula with the value 0 unless given one, and asks the reader to
    recalculate on load; that 0 is not an answer (and not "0 is not in the list")."""
    book = xlsxwriter.Workbook(tmp_path / "formula.xlsx")
    sheet = book.add_worksheet("data")
    sheet.write_row(0, 0, ["respondent", "q1_overall", "q1_timely", "q1_channels/field_visits"])
    sheet.write_row(1, 0, ["Ghana", 4])
    sheet.write_formula(1, 2, "=2+2")
    sheet.write_formula(1, 3, '=IF(B2>3,1,0)')
    book.close()
    before = version(seeded)
    done = run(tmp_path / "formula.xlsx", db=seeded)
    refused(done, "formula.xlsx, data!C2: error: formula =2+2 was saved with 0 in place of its value",
            "enter the answer for q1_timely itself",
            "formula.xlsx, data!D2: error: formula =IF(B2>3,1,0) was saved with 0 in place of its value")
    assert "is not in the list" not in done.stderr
    assert version(seeded) == before


def test_xlsxwriter_formula_with_a_given_value_is_read_and_a_bad_one_names_the_formula(seeded, tmp_path):
    book = xlsxwriter.Workbook(tmp_path / "given.xlsx")
    sheet = book.add_worksheet("data")
    sheet.write_row(0, 0, ["respondent", "q1_overall", "q1_timely"])
    sheet.write_row(1, 0, ["Ghana", 4])
    sheet.write_formula(1, 2, "=1+2", None, 3)
    book.close()
    assert run(tmp_path / "given.xlsx", db=seeded).returncode == 0
    assert stored(seeded)[("Ghana", "q1_timely")] == "3"

    book = xlsxwriter.Workbook(tmp_path / "lookup.xlsx")
    sheet = book.add_worksheet("data")
    sheet.write_row(0, 0, ["respondent", "q1_overall"])
    sheet.write(1, 0, "Nepal")
    sheet.write_formula(1, 1, '=VLOOKUP("x",Z1:Z2,1)', None, "Agreee")
    book.close()
    before = version(seeded)
    refused(run(tmp_path / "lookup.xlsx", db=seeded),
            "lookup.xlsx, data!B2: error: 'Agreee' is not in the list for q1_overall",
            "(the cell's value comes from the formula =VLOOKUP(\"x\",Z1:Z2,1): correct the formula")
    assert version(seeded) == before


@pytest.mark.parametrize("options", [{"constant_memory": True}, {"strings_to_numbers": True}],
                         ids=["constant_memory", "strings_to_numbers"])
def test_xlsxwriter_streaming_inline_strings_and_strings_to_numbers(db, tmp_path, options):
    book = xlsxwriter.Workbook(tmp_path / "stream.xlsx", options)  # constant_memory writes t="inlineStr"
    sheet = book.add_worksheet("Answers")
    for r, values in enumerate([["respondent", "group", "q1_overall", "q1_timely", "q1_comment"],
                                ["Ghana", "tcc_pcc", "4", 5, "Earlier, please"],
                                ["Nepal", None, "5.0", "dk", "fine"]]):
        sheet.write_row(r, 0, values)
    book.close()
    done = run(tmp_path / "stream.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db) == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_timely"): "5",
                          ("Ghana", "q1_comment"): "Earlier, please", ("Nepal", "q1_overall"): "5",
                          ("Nepal", "q1_timely"): "dk", ("Nepal", "q1_comment"): "fine"}


def test_xlsxwriter_dates_validation_merged_title_hidden_rows_rich_text_and_urls(db, tmp_path, small_form):
    book = xlsxwriter.Workbook(tmp_path / "dressed.xlsx")
    sheet = book.add_worksheet("Answers")
    bold, red = book.add_format({"bold": True}), book.add_format({"font_color": "red"})
    sheet.merge_range("A1:F1", "Consultation: answers received", bold)
    sheet.merge_range("A2:F2", "", bold)
    sheet.write_row(2, 0, ["respondent", "q1_overall", "q2_first", "q2_comment", "q1_channels", "q2_meetings"], bold)
    sheet.write_row(3, 0, ["Ghana", "Agree"])
    sheet.write_datetime(3, 2, dt.datetime(2015, 12, 11), book.add_format({"num_format": "dd/mm/yyyy"}))
    sheet.write_rich_string(3, 3, "We ", bold, "strongly", " support ", red, "this")
    sheet.write_row(3, 4, ["Formal meetings, Council field visits", 12])
    sheet.write_url(4, 0, "https://www.un.org/en/about-us/member-states/nepal", string="Nepal")
    sheet.write(4, 1, 5)
    sheet.write_datetime(4, 2, dt.date(2016, 2, 29), book.add_format({"num_format": "yyyy-mm-dd"}))
    sheet.write_url(4, 3, "https://example.org/note")
    sheet.write_row(5, 0, ["Chad", 3])
    sheet.write_datetime(5, 2, dt.datetime(2015, 1, 1, 14, 30), book.add_format({"num_format": "d mmm yyyy hh:mm"}))
    sheet.data_validation(3, 1, 100, 1, {"validate": "list", "source": ["1", "2", "3", "4", "5", "dk"]})
    sheet.set_row(5, None, None, {"hidden": True})  # a hidden (filtered) row is still an answer
    sheet.set_column("F:F", None, None, {"hidden": True})
    book.close()
    done = run(tmp_path / "dressed.xlsx", *(), db=db, extra=small_form)
    assert done.returncode == 0, done.stderr
    assert stored(db, "small") == {
        ("Ghana", "q1_overall"): "4", ("Ghana", "q1_channels"): "formal_meetings field_visits",
        ("Ghana", "q2_meetings"): "12", ("Ghana", "q2_first"): "2015-12-11",
        ("Ghana", "q2_comment"): "We strongly support this", ("Nepal", "q1_overall"): "5",
        ("Nepal", "q2_first"): "2016-02-29", ("Nepal", "q2_comment"): "https://example.org/note",
        ("Chad", "q1_overall"): "3", ("Chad", "q2_first"): "2015-01-01"}


# --- LibreOffice: real .xls (BIFF8), .ods and LibreOffice's own .xlsx ------------------------

def _originals(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    wide = write_book(folder / "wide.xlsx", {"Answers": [
        ["respondent", "group", "q1_overall", "q1_channels", "q2_meetings", "q2_share", "q2_first", "q2_comment"],
        ["Ghana", "tcc_pcc", 4, "formal_meetings field_visits", 12, 0.25, dt.date(2015, 12, 11), "Earlier, please"],
        ["中国", None, "Strongly agree", None, 3, 0.5, dt.datetime(2016, 2, 29), "多一些磋商"],
        ["Côte d’Ivoire", None, "dk", "field_visits", None, 1.5, None, "Line one\nline two"]]})
    unsaved = write_book(folder / "unsaved.xlsx", {"data": [["respondent", "q1_overall"], ["Peru", "=2+2"]]})
    write_template(INSTRUMENT, folder / "template_en.xlsx", respondent="Chad", group="council")
    chad = fill_template(folder / "template_en.xlsx", folder / "chad.xlsx", {
        "q1_overall": "Good", "q1_timely": 2, "q1_channels/field_visits": TICK,
        "q1_channels/formal_meetings": "x", "q1_comment": "Earlier, please.",
        "q5_preferred_format": "A combination of both"})
    write_template(INSTRUMENT, folder / "template_zh.xlsx", lang="zh", respondent="中国", group="council")
    china = fill_template(folder / "template_zh.xlsx", folder / "china.xlsx",
                          {"q1_overall": "较好", "q1_timely": 5, "q1_comment": "很好"})
    return {"wide": wide, "unsaved": unsaved, "chad": chad, "china": china}


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Our workbooks and their LibreOffice conversions: {format: {name: path}}, one run per format."""
    if soffice() is None:
        pytest.skip("LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui)")
    root = tmp_path_factory.mktemp("libreoffice")
    originals = _originals(root / "openpyxl")
    books = {"openpyxl": originals}
    for fmt in ("xls", "ods", "xlsx"):
        converted = convert(list(originals.values()), fmt, root / fmt)
        books[fmt] = dict(zip(originals, converted))
    return books


@pytest.fixture(scope="module")
def original_answers(libreoffice, tmp_path_factory) -> tuple[dict, dict]:
    """What the openpyxl originals store: (small-instrument wave, default wave)."""
    folder = tmp_path_factory.mktemp("original")
    write_instrument(small_instrument(), folder / "form.xlsx")
    db = f"sqlite:///{folder / 'store.sqlite'}"
    books = libreoffice["openpyxl"]
    assert run(books["wide"], db=db, extra=("--instrument", str(folder / "form.xlsx"), "--wave", "small")).returncode == 0
    assert run(books["chad"], books["china"], db=db).returncode == 0
    return stored(db, "small"), stored(db)


@pytest.mark.parametrize("fmt", ["xls", "ods", "xlsx"])
def test_libreoffice_conversions_store_what_the_original_stores(libreoffice, original_answers, fmt, db,
                                                                small_form):
    books = libreoffice[fmt]
    wide, templates = original_answers
    assert wide[("Ghana", "q2_first")] == "2015-12-11" and templates[("China", "q1_overall")] == "4"
    done = run(books["wide"], db=db, extra=small_form)
    assert done.returncode == 0, done.stderr
    assert stored(db, "small") == wide
    done = run(books["chad"], books["china"], db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db) == templates


def test_a_formula_without_value_imports_once_libreoffice_has_saved_it(libreoffice, seeded, tmp_path):
    """The refusal's advice ("open the file in LibreOffice and save it again") works."""
    before = version(seeded)
    refused(run(libreoffice["openpyxl"]["unsaved"], db=seeded), "unsaved.xlsx, data!B2: error: formula =2+2")
    assert version(seeded) == before
    for fmt in ("xls", "ods", "xlsx"):
        db = f"sqlite:///{tmp_path / f'{fmt}.sqlite'}"
        done = run(libreoffice[fmt]["unsaved"], db=db)
        assert done.returncode == 0, (fmt, done.stderr)
        assert stored(db) == {("Peru", "q1_overall"): "4"}, fmt


# --- Office Open XML as other writers lay it out ---------------------------------------------

HEADER = row(text("respondent"), text("q1_overall"), text("q1_comment"))
PLAIN = HEADER + row(text("Ghana"), number(4), text("fine")) + row(text("Nepal"), number(5))
PLAIN_ANSWERS = {("Ghana", "q1_overall"): "4", ("Ghana", "q1_comment"): "fine", ("Nepal", "q1_overall"): "5"}
X = "x"

PACKAGES = {
    # inline strings, no r on cells or rows (both optional, 18.3.1.4 and 18.3.1.73)
    "inline_no_refs": lambda p: xlsx_package(p, PLAIN),
    # shared strings with rich-text runs and a phonetic guide; row 2 skipped, cell B skipped
    "rich_shared_strings": lambda p: xlsx_package(
        p, row(text("respondent", ref="A1"), text("q1_overall", ref="C1"), text("q1_comment", ref="D1"), ref=1)
        + row('<c r="A3" t="s"><v>0</v></c>', number(4, ref="C3"), '<c r="D3" t="s"><v>1</v></c>', ref=3)
        + row('<c t="s"><v>2</v></c>', "<c/>", number(5)),
        shared='<si><r><rPr><b/></rPr><t>Gha</t></r><r><t xml:space="preserve">na </t></r></si>'
               '<si><r><t>fi</t></r><r><rPr><i/></rPr><t>ne</t></r></si>'
               '<si><t>Nepal</t><rPh sb="0" eb="5"><t>ネパール</t></rPh></si>'),
    # every element behind a prefix, as .NET's System.IO.Packaging users write it
    "x_prefix": lambda p: xlsx_package(
        p, row(text("respondent", X), text("q1_overall", X), text("q1_comment", X), prefix=X)
        + row(text("Ghana", X), number(4, X), text("fine", X), prefix=X) + row(text("Nepal", X), number(5, X), prefix=X),
        prefix=X),
    "strict": lambda p: xlsx_package(p, PLAIN, namespaces=STRICT),
    "absolute_targets": lambda p: xlsx_package(p, PLAIN, target="/xl/worksheets/sheet1.xml"),
    "chartsheet_first": lambda p: xlsx_package(p, PLAIN, chart_first=True),
    "no_docprops": lambda p: xlsx_package(p, PLAIN, doc_props=False),
}


@pytest.mark.parametrize("kind", sorted(PACKAGES))
def test_hand_built_packages_import(db, tmp_path, kind):
    path = PACKAGES[kind](tmp_path / f"{kind}.xlsx")
    done = run(path, db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db) == PLAIN_ANSWERS


FORMULA_ROWS = {"strict": ({"namespaces": STRICT}, ""), "x_prefix": ({"prefix": X}, X),
                "s_prefix": ({"prefix": "s"}, "s"), "absolute_targets": ({"target": "/xl/worksheets/sheet1.xml"}, "")}


@pytest.mark.parametrize("kind", sorted(FORMULA_ROWS))
def test_formulas_and_errors_are_found_however_the_package_is_written(seeded, tmp_path, kind):
    options, p = FORMULA_ROWS[kind]
    q = f"{p}:" if p else ""
    path = xlsx_package(tmp_path / f"{kind}.xlsx", row(text("respondent", p), text("q1_overall", p), prefix=p)
                        + row(text("Ghana", p), f"<{q}c><{q}f>2+2</{q}f></{q}c>", prefix=p)
                        + row(text("Nepal", p), f"<{q}c t='e'><{q}v>#N/A</{q}v></{q}c>", prefix=p), **options)
    before = version(seeded)
    refused(run(path, db=seeded), f"{kind}.xlsx, data!B2: error: formula =2+2 has no value saved with it",
            f"{kind}.xlsx, data!B3: error: #N/A is a spreadsheet error")
    assert version(seeded) == before


def test_dates_on_the_1904_date_system_come_out_right(db, tmp_path, small_form):
    """Serial 40887 is 2015-12-11 counted from 1904-01-01 (ECMA-376 Part 1, 18.17.4.1);
    in a 1900-system workbook the same day is 42349."""
    header = row(text("respondent"), text("q2_first"), text("q1_overall"))
    xlsx_package(tmp_path / "mac.xlsx", header + row(text("Ghana"), number(40887, style=1), number(4))
                 + row(text("Nepal"), number(40887), number(3)),  # an unformatted serial: read with a warning
                 workbook_pr='<workbookPr date1904="1"/>', styles=DATE_STYLES)
    done = run(tmp_path / "mac.xlsx", db=db, extra=small_form)
    assert done.returncode == 0, done.stderr
    assert "mac.xlsx, data!B3: warning: 40887 in q2_first was read as the Excel date serial number of " \
           "2015-12-11 (1904 date system" in done.stderr
    assert stored(db, "small") == {("Ghana", "q2_first"): "2015-12-11", ("Ghana", "q1_overall"): "4",
                                   ("Nepal", "q2_first"): "2015-12-11", ("Nepal", "q1_overall"): "3"}


# --- KoboToolbox exports ------------------------------------------------------------------------

STAMP = dt.datetime(2015, 12, 1, 9, 30)
KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "__version__", "_tags", "_index", "_submission__id", "_submission__uuid"]


def _meta(n: int) -> list:
    return [n, f"uuid-{n}", STAMP, None, None, "submitted_via_web", None, "vGx7Lk", None, n, n, f"uuid-{n}"]


def test_kobo_xml_values_and_headers_with_group_names_and_split_ticks(db, tmp_path):
    head = ["start", "end", "today", "group_ab3/respondent", "group_xy12/q1_overall", "group_xy12/q1_timely",
            "group_xy12/q1_channels", "group_xy12/q1_channels/formal_meetings",
            "group_xy12/q1_channels/field_visits", "group_xy12/q1_channels/informal_dialogues"]
    write_book(tmp_path / "kobo.xlsx", {"WGPKO survey": [
        head + KOBO_META,
        [STAMP, STAMP, STAMP.date(), "Ghana", "4", "5", "formal_meetings field_visits", "1", "1", "0"] + _meta(1),
        [STAMP, STAMP, STAMP.date(), "Nepal", "3", "dk", "field_visits", False, True, False] + _meta(2),
        [STAMP, STAMP, STAMP.date(), "Chad", "2", None, None, None, None, None] + _meta(3)]})
    done = run(tmp_path / "kobo.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db) == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_timely"): "5",
                          ("Ghana", "q1_channels"): "formal_meetings field_visits", ("Nepal", "q1_overall"): "3",
                          ("Nepal", "q1_timely"): "dk", ("Nepal", "q1_channels"): "field_visits",
                          ("Chad", "q1_overall"): "2"}
    with open_store(db) as store:
        columns = set(store.load_wave(WAVE).respondents.columns)
    assert not {"_submission__uuid", "__version__", "today", "_status"} & columns  # metadata is not stored


def test_kobo_split_ticks_only_with_one_and_zero_strings(db, tmp_path):
    write_book(tmp_path / "ticks.xlsx", {"Sheet1": [
        ["respondent", "q1/q1_channels/formal_meetings", "q1/q1_channels/field_visits", "_uuid"],
        ["Ghana", "1", "0", "u1"], ["Nepal", "TRUE", "TRUE", "u2"], ["Chad", "0", "0", "u3"]]})
    done = run(tmp_path / "ticks.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db) == {("Ghana", "q1_channels"): "formal_meetings",
                          ("Nepal", "q1_channels"): "formal_meetings field_visits"}


def test_kobo_labels_export_with_labels_joined_by_spaces_and_group_labels(db, tmp_path):
    """formpack joins a select_multiple's labels with spaces and heads split columns label/option."""
    label = {item: INSTRUMENT.item(item).labels["en"] for item in ("q1_overall", "q1_timely", "q1_channels")}
    option = {c.name: c.labels["en"] for c in INSTRUMENT.choices("q1_channels").choices}
    question = INSTRUMENT.questions[0].labels["en"]
    write_book(tmp_path / "labels.xlsx", {"WGPKO survey": [
        ["start", "Delegation", f"{question}/{label['q1_overall']}", label["q1_timely"], label["q1_channels"],
         f"{label['q1_channels']}/{option['formal_meetings']}", f"{label['q1_channels']}/{option['field_visits']}",
         "_id", "_uuid", "_submission_time", "__version__", "_index"],
        [STAMP, "Ghana", "Good", "Strongly agree", f"{option['formal_meetings']} {option['field_visits']}",
         "1", "1", 11, "u1", STAMP, "v1", 1],
        [STAMP, "Nepal", "Fair", "Don't know", option["field_visits"], "0", "1", 12, "u2", STAMP, "v1", 2]]})
    done = run(tmp_path / "labels.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db) == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_timely"): "5",
                          ("Ghana", "q1_channels"): "formal_meetings field_visits", ("Nepal", "q1_overall"): "3",
                          ("Nepal", "q1_timely"): "dk", ("Nepal", "q1_channels"): "field_visits"}


def test_kobo_whole_and_split_columns_that_disagree_are_refused_at_the_cell(seeded, tmp_path):
    write_book(tmp_path / "disagree.xlsx", {"data": [
        ["respondent", "q1/q1_channels", "q1/q1_channels/formal_meetings", "q1/q1_channels/field_visits", "_uuid"],
        ["Ghana", "field_visits", "0", "1", "u1"],
        ["Nepal", "field_visits", "1", "1", "u2"],        # formal_meetings ticked but not listed
        ["Chad", None, "0", "1", "u3"]]})                 # ticked, whole answer blank
    before = version(seeded)
    done = run(tmp_path / "disagree.xlsx", db=seeded)
    refused(done, "disagree.xlsx, data!C3: error: q1_channels option formal_meetings is ticked here ('1'), "
            "but B3 lists 'field_visits'", "disagree.xlsx, data!D4: error: q1_channels option field_visits is "
            "ticked here ('1'), but the q1_channels column is blank")
    assert "data!C2" not in done.stderr and "data!D2" not in done.stderr
    assert version(seeded) == before
