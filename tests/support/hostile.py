"""A corpus of hostile response files: what a workbook may hold that must never crash, stall or
spy through the server. Each case says what the import must do with it: store it cleaned
(and say which cells were cleaned) or refuse it (and say why).

Files are real: XlsxWriter writes control characters the way Excel saves them (``_x0001_``;
openpyxl refuses to), openpyxl writes the rest; the few shapes no writer library makes (a
million compact rows, a cell in XFD1048576, an ODS row repeated a million times) are written
as the XML Excel and LibreOffice themselves write.


The check of what a page renders is here too (:func:`assert_text_only`): every text an element
shows as Markdown may hold paragraphs and emphasis only, never a link, an image or HTML.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import xlsxwriter
from markdown_it import MarkdownIt
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from dashboard.accessibility import blocks
from surveys.respondents.registry import member_states

#: Markdown and HTML that would make a browser fetch from elsewhere if rendered.
PIXEL = "![pixel](http://tracker.example/p.png)"
LINK = "[read more](http://tracker.example/l)"
HTML = '<img src="http://tracker.example/i.png">'
LONG = 100_000


@dataclass(frozen=True)
class Case:
    """One hostile upload: how to write its file(s), the command-line options, and the outcome."""

    name: str
    build: Callable[[Path], list[Path]]
    stored: bool
    says: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    #: Respondent → {column: expected stored text} for a stored case.
    holds: dict = field(default_factory=dict)
    #: Writes the XLSForm the files are imported with (``--instrument``), when the case has one.
    form: Callable[[Path], Path] | None = None


def _xlsxwriter(path: Path, rows, sheet: str = "responses") -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    out = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                out.write_string(r, c, value) if isinstance(value, str) else out.write(r, c, value)
    book.close()
    return path


def _openpyxl(path: Path, rows, sheet: str = "responses") -> Path:
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(list(row))
    book.save(path)
    return path


def _raw_xlsx(path: Path, sheet_xml) -> Path:
    """A minimal workbook as Excel writes it, its one sheet's XML given in pieces."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="responses" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>'))
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}"><sheetData>'.encode())
            for piece in sheet_xml:
                part.write(piece.encode())
            part.write(b"</sheetData></worksheet>")
    return path


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _states(n: int) -> list[str]:
    return [state.names["en"] for state in member_states()][:n]


# --- the cases -------------------------------------------------------------------------------

def controls(folder: Path) -> list[Path]:
    """A control character in every kind of cell: header, respondent, group, answer, comment, attribute."""
    return [_xlsxwriter(folder / "controls.xlsx", [
        ["respondent", "group", "q1_overall", "q1_comment", "Delega\x07tion\x0btype"],
        ["Gha\x00na", "tcc\x01_pcc", "4\x01", "Consulted\x0btoo late\x00.", "mission\x1b[31m staff"],
        ["Nepal", None, "2", "Word's soft\x0bline break, a form\x0cfeed and DEL\x7f", "capital"],
        ["Chile", "council", "3", "an escape \x1b[0m sequence", "mission"],
    ])]


def markdown(folder: Path) -> list[Path]:
    """Markdown images and links, and HTML, in a header, attribute values, comments and the wave name."""
    return [_openpyxl(folder / "markdown.xlsx", [
        ["respondent", "q1_overall", "q1_comment", f"Seat {PIXEL}"],
        ["Brazil", "4", f"{PIXEL} {LINK} {HTML}", f"{PIXEL} elected"],
        ["India", "2", f"**bold** _it_ {LINK}", f"{HTML} permanent"],
    ])]


def bidi(folder: Path) -> list[Path]:
    """Direction overrides and isolates, zero-width and non-characters."""
    text = ("respondent,q1_overall,q1_comment,note\r\n"
            "Gha\u202ena,4,abc\u202edef\u202c and \u2066isolated\u2069,\u2067x\u2069\r\n"
            "Fra\u200bnce,3,not\ufffetext\U0010ffff here,plain\r\n"
            "Egypt,2,\u0645\u0631\u062d\u0628\u0627 \u200f(RLM kept),\u0645\u0635\u0631\r\n")
    path = folder / "bidi.csv"
    path.write_text(text, encoding="utf-8")
    return [path]


def long_values(folder: Path) -> list[Path]:
    """A comment and an attribute value of 100,000 characters (openpyxl cuts text at Excel's
    32,767 when it writes, so the sheet is written as other programs write it)."""
    rows = [["respondent", "q1_overall", "q1_comment", "note"], ["Kenya", "4", "x" * LONG, "fine"],
            ["Peru", "3", "fine", "y" * LONG]]
    return [_raw_xlsx(folder / "long.xlsx", (
        f'<row r="{r + 1}">' + "".join(_inline(f"{'ABCD'[c]}{r + 1}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows)))]


def long_csv(folder: Path) -> list[Path]:
    path = folder / "long.csv"
    path.write_text(f"respondent,q1_overall,q1_comment\r\nKenya,4,{'z' * LONG}\r\n", encoding="utf-8")
    return [path]


def long_but_fits(folder: Path) -> list[Path]:
    """Values as long as a cell holds: stored whole (exports shorten them in labels)."""
    return [_openpyxl(folder / "fits.xlsx", [
        ["respondent", "q1_overall", "q1_comment", "note"],
        ["Kenya", "4", "c" * 30_000, "n" * 30_000],
        ["Peru", "3", "short", "short"],
    ])]


def million_rows(folder: Path) -> list[Path]:
    """1,000,000 compact rows (about 5 MB)."""
    def rows():
        yield '<row r="1">' + _inline("A1", "respondent") + _inline("B1", "q1_overall") + "</row>"
        for r in range(2, 1_000_002):
            yield f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>3</v></c></row>'
    return [_raw_xlsx(folder / "million.xlsx", rows())]


def million_lines(folder: Path) -> list[Path]:
    path = folder / "million.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write("respondent,q1_overall\n")
        out.writelines(f"P{r},3\n" for r in range(1_000_000))
    return [path]


def wide(folder: Path) -> list[Path]:
    """16,384 columns (a 16,384-column sheet crashed the browser tab on every Overview visit)."""
    header = ["respondent", "q1_overall"] + [f"col{c}" for c in range(16_382)]
    return [_openpyxl(folder / "wide.xlsx", [header, ["Ghana", "4"] + ["v"] * 16_382])]


def sparse(folder: Path) -> list[Path]:
    """Two values, in A1 and XFD1048576: a parser would allocate 17 billion cells."""
    return [_raw_xlsx(folder / "sparse.xlsx", [
        '<row r="1">' + _inline("A1", "respondent") + _inline("B1", "q1_overall") + "</row>",
        '<row r="2">' + _inline("A2", "Ghana") + "<c r=\"B2\"><v>4</v></c></row>",
        '<row r="1048576">' + _inline("XFD1048576", "x") + "</row>"])]


def repeated_ods(folder: Path) -> list[Path]:
    """An OpenDocument sheet of a few hundred bytes declaring a row repeated a million times."""
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               '<office:spreadsheet><table:table table:name="responses"><table:table-row>'
               + cell.format("respondent") + cell.format("q1_overall") + '</table:table-row>'
               '<table:table-row table:number-rows-repeated="1000000">' + cell.format("Ghana") + cell.format("4")
               + '</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    path = folder / "repeated.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return [path]


def many_values(folder: Path) -> list[Path]:
    """150 delegations, 40 extra columns, one of them with a different value for everyone."""
    names = _states(150)
    header = ["respondent", "q1_overall", "focal point"] + [f"extra {n:02d}" for n in range(39)]
    rows = [header] + [[name, str(1 + k % 5), f"Focal point {k:03d}"] + [f"v{k % 3}"] * 39
                       for k, name in enumerate(names)]
    return [_openpyxl(folder / "many.xlsx", rows)]


def long_name(folder: Path) -> list[Path]:
    """A respondent name of 400 characters declared 'other' (the store keeps 300)."""
    return [_openpyxl(folder / "name.xlsx", [["respondent", "group", "q1_overall"],
                                             ["Institute " + "n" * 390, "other", "3"]])]


def hostile_form(folder: Path) -> Path:
    """The shipped instrument as an XLSForm, with hostile text in its labels: a control
    character, Word's soft line break, an escape sequence, a direction override, a Markdown
    image and link, in the form title, a question's heading, an item's label (in all six
    languages) and hint and a choice's label (XlsxWriter writes the controls as Excel does)."""
    from openpyxl import load_workbook

    from surveys.instrument.default import default_instrument
    from surveys.instrument.xlsform import write_instrument

    plain = write_instrument(default_instrument(), folder / "plain-form.xlsx") or folder / "plain-form.xlsx"
    sheets = {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
              for sheet in load_workbook(plain, read_only=True)}
    hostile = {("settings", "form_title::English (en)"): f"Consultation\x0b{PIXEL}",
               ("survey", "q1", "label::English (en)"): f"Question\x01 one {PIXEL}",
               ("survey", "q1_overall", "label::English (en)"): f"Overall\x1b[31m rating {PIXEL} {LINK}",
               ("survey", "q1_overall", "label::Chinese (zh)"): f"总体\x00评价 {PIXEL}",
               ("survey", "q1_overall", "label::French (fr)"): f"Globalement\x0c {PIXEL}",
               ("survey", "q1_overall", "label::Spanish (es)"): f"En general\x1f {LINK}",
               ("survey", "q1_overall", "label::Russian (ru)"): f"В целом \u2066{PIXEL}\u2069",
               ("survey", "q1_overall", "label::Arabic (ar)"): f"\u202eتقييم {PIXEL}",
               ("survey", "q1_timely", "hint::English (en)"): f"Early\x0benough {LINK}",
               ("choices", "4", "label::English (en)"): f"Good\x07 {PIXEL}"}
    for (sheet, *where), text in hostile.items():
        rows = sheets[sheet]
        column = rows[0].index(where[-1])
        row = rows[1] if sheet == "settings" else next(
            r for r in rows[1:] if r[1] == where[0] and (sheet == "survey" or r[0] == "quality5"))
        row[column] = text
    path = folder / "hostile-form.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    dated = book.add_format({"num_format": "yyyy-mm-dd"})
    for title, rows in sheets.items():
        out = book.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    out.write_string(r, c, value)
                elif isinstance(value, dt.datetime):  # the reference date, a date cell as Excel keeps it
                    out.write_datetime(r, c, value, dated)
                elif value is not None:
                    out.write(r, c, value)
    book.close()
    return path


#: Labels of :func:`hostile_form` as the store keeps them: controls gone, Markdown kept as text.
FORM_LABELS = {("q1_overall", "en"): f"Overall[31m rating {PIXEL} {LINK}", ("q1_overall", "zh"): f"总体评价 {PIXEL}",
               ("q1_overall", "fr"): f"Globalement\n {PIXEL}", ("q1_overall", "es"): f"En general {LINK}",
               ("q1_overall", "ru"): f"В целом {PIXEL}", ("q1_overall", "ar"): f"تقييم {PIXEL}"}


def instrument_labels(folder: Path) -> list[Path]:
    """Answers to the instrument of :func:`hostile_form` (given with ``--instrument``)."""
    return [_openpyxl(folder / "answers.xlsx", [
        ["respondent", "q1_overall", "q1_timely", "q1_comment"],
        ["Ghana", "4", "2", "fine"], ["Chile", "3", "4", "also fine"]])]


CASES: tuple[Case, ...] = (
    Case("controls", controls, True, (
        "this respondent name was stored cleaned: control characters",
        "this group was stored cleaned: control characters",
        "this answer was stored cleaned: control characters",
        "3 cells with the same problem (D2, D3, D4); the first: this comment was stored cleaned: line breaks from Word",
        "this attribute value was stored cleaned: control characters",
        "this column header was stored cleaned: line breaks from Word or other programs (U+000B, U+000C, U+0085, "
        "U+2028, U+2029) read as ordinary line breaks; control characters (U+0000–U+001F, U+007F–U+009F) removed"),
        holds={"Ghana": {"q1_comment": "Consulted\ntoo late.", "Delegation type": "mission[31m staff"},
               "Nepal": {"q1_comment": "Word's soft\nline break, a form\nfeed and DEL"}}),
    Case("markdown", markdown, True, options=("--wave", f"Round {PIXEL}"),
         holds={"Brazil": {"q1_comment": f"{PIXEL} {LINK} {HTML}", f"Seat {PIXEL}": f"{PIXEL} elected"}}),
    Case("bidi", bidi, True, (
        "this respondent name was stored cleaned: text direction controls",
        "this comment was stored cleaned: text direction controls",
        "this respondent name was stored cleaned: zero-width characters",
        "characters that are not text"),
        holds={"Ghana": {"q1_comment": "abcdef and isolated", "note": "x"},
               "France": {"q1_comment": "nottext here"},
               "Egypt": {"q1_comment": "\u0645\u0631\u062d\u0628\u0627 \u200f(RLM kept)"}}),
    Case("long values", long_values, False, (
        "long.xlsx, responses!C2: error: this comment has 100,000 characters: a cell holds at most 32,767",
        "long.xlsx, responses!D3: error: this attribute value has 100,000 characters")),
    Case("long csv", long_csv, False, ("long.csv!C2: error: this comment has 100,000 characters",)),
    Case("long but fits", long_but_fits, True, holds={"Kenya": {"q1_comment": "c" * 30_000, "note": "n" * 30_000}}),
    Case("million rows", million_rows, False, (
        "million.xlsx: error: sheet 'responses' has 1,000,001 rows: a file may hold at most 1,000 respondents",
        "--max-respondents")),
    Case("million lines", million_lines, False, (
        "million.csv: error: sheet 'million.csv' has 1,000,001 rows: a file may hold at most 1,000 respondents",)),
    Case("16384 columns", wide, False, (
        "wide.xlsx: error: sheet 'responses' has 16,384 columns: at most 1,000 are read",)),
    Case("sparse", sparse, False, ("sparse.xlsx: error: sheet 'responses' has 1,048,576 rows",)),
    Case("repeated ods", repeated_ods, False, ("repeated.ods: error: sheet 'responses' has 1,000,001 rows",)),
    Case("many values", many_values, True, (
        "40 columns besides the answers are kept as the respondents' attributes; the dashboard offers the first 12",
        "column 'focal point' holds 150 different values: stored, but not offered as a filter")),
    Case("long name", long_name, False, ("name.xlsx, responses!A2: error: respondent name of 400 characters: "
                                         "at most 300",)),
    Case("instrument labels", instrument_labels, True, (
        "hostile-form.xlsx, choices!C5: warning: this label was stored cleaned: control characters",
        "hostile-form.xlsx, settings!B2: warning: this label was stored cleaned: line breaks from Word",
        "hostile-form.xlsx, sheet survey: warning: 8 cells with the same problem (C2, C3, D3, …)"),
         holds={"Ghana": {"q1_overall": "4", "q1_timely": "2"}}, form=hostile_form),
    Case("wave name with a control character", controls, False, (
        "the wave name holds an invisible or control character (U+0007) at position 6",),
         options=("--wave", "Round\x07 2")),
    Case("wave name too long", controls, False, ("the wave name has 250 characters: at most 200",),
         options=("--wave", "w" * 250)),
)


def assert_stored(case: Case, data) -> None:
    """The wave ``data`` holds what ``case`` says it stores, as the text policy leaves it."""
    if case.form:
        assert {key: data.instrument.item(key[0]).labels[key[1]] for key in FORM_LABELS} == FORM_LABELS
    people = data.respondents.set_index("respondent")
    answers = data.answers.set_index(["respondent", "item"])["value"]
    for who, expected in case.holds.items():
        for column, text in expected.items():
            stored = people.loc[who, column] if column in people.columns else answers.loc[(who, column)]
            assert stored == text, (who, column, stored[:80])


# --- stores holding the corpus -----------------------------------------------------------------

#: Waves of :func:`hostile_store`, each named as hostile text would be, with the case stored in it.
STORED_WAVES = {
    f"Round {PIXEL}": "markdown",
    "Round <b>2</b> :material/forum: $x$ # heading": "controls",
    "Round \u0645\u0635\u0631 3": "bidi",
    "Round 4 " + "w" * 190: "long but fits",
    "Round 5": "many values",
    "Round 6 form": "instrument labels",
}
#: Attributes of the waves above to compare by and filter on (workbook headers, cleaned).
BY = {"markdown": f"Seat {PIXEL}", "controls": "Delegation type", "bidi": "note", "long but fits": "note",
      "many values": "extra 00", "instrument labels": "group"}


def hostile_store(url: str, folder: Path) -> dict[str, str]:
    """A store holding every stored case of the corpus, each in a wave of :data:`STORED_WAVES`,
    imported through the real importer. Returns wave name → the attribute to compare by."""
    from surveys.instrument.xlsform import load_instrument
    from surveys.storage.importer import import_files
    from surveys.storage.store import open_store

    cases = {case.name: case for case in CASES}
    with open_store(url) as store:
        for wave, name in STORED_WAVES.items():
            sub = folder / name.replace(" ", "-")
            sub.mkdir(parents=True, exist_ok=True)
            case = cases[name]
            instrument = load_instrument(case.form(sub)) if case.form else None
            report = import_files(store, case.build(sub), wave=wave, instrument=instrument)
            assert report.ok, [str(issue) for issue in report.issues if issue.severity == "error"]
    return {wave: BY[name] for wave, name in STORED_WAVES.items()}


#: What a store written before the text policy may hold: controls, non-characters, direction
#: overrides and 100,000-character values in names, attributes and comments.
LEGACY_TEXT = "legacy\x00\x01\x0b\x1b[31m\x7f\x85\ufffe\uffff\u202etxet\ud800 " + "z" * LONG


def legacy_store(url: str, folder: Path) -> str:
    """The demo wave, then hostile text written straight into the store as an older version
    (before the text policy) could have written it: every writer must cope. Returns the
    attribute to compare by."""
    import json

    import sqlalchemy as sa

    from surveys.demo import load_demo
    from surveys.storage import schema as t
    from surveys.storage.store import open_store
    from surveys.storage.submissions import refresh_data_version

    with open_store(url) as store:
        assert load_demo(store).ok
        with store.writing() as conn:
            rows = conn.execute(sa.select(t.respondents.c.id, t.respondents.c.answers,
                                          t.respondents.c.wave_id)).all()
            for number, row in enumerate(rows):
                answers = row.answers if isinstance(row.answers, dict) else json.loads(row.answers)
                answers = {**answers, "q1_comment": LEGACY_TEXT[:40] + " comment " + str(number)}
                attributes = {"sect\x01or\u202e": ("A\x0b" + LEGACY_TEXT) if number % 2 else "B\x00 plain"}
                conn.execute(t.respondents.update().where(t.respondents.c.id == row.id)
                             .values(answers=answers, attributes=attributes))
            refresh_data_version(conn, rows[0].wave_id)
    return "sect\x01or\u202e"

# --- what a page may render: the check of every text an element shows as Markdown
LANGUAGES = ("en", "zh", "fr", "es", "ru", "ar")
#: The app's own style sheets and page-language scripts (dashboard.accessibility), made of constants.
OWN_HTML = frozenset(block for lang in LANGUAGES for block in blocks(lang))
MARKDOWN_FIELDS = ("body", "label", "help", "text")
#: Elements whose text is not Markdown.
PLAIN = {"text", "code", "json", "divider"}
#: What a rendered text may hold: paragraphs, emphasis from the pages' own formatting.
ALLOWED_TAGS = {"p", "strong", "em", "br"}
PARSER = MarkdownIt("gfm-like", {"linkify": True, "html": True})


def markdown_sources(at: AppTest) -> list[tuple[str, str]]:
    """(element type, source) of every text the app's elements render as Markdown."""
    found = []

    def walk(node):
        proto, kind = getattr(node, "proto", None), getattr(node, "type", None)
        if proto is not None and hasattr(proto, "ListFields"):
            for field, value in proto.ListFields():
                if isinstance(value, str) and value and (
                        (field.name in MARKDOWN_FIELDS and kind not in PLAIN) or field.name == "help"):
                    found.append((kind, value))
                if kind == "radio" and field.name == "options":
                    found.extend((kind, option) for option in value)
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at._tree)
    return found


def assert_text_only(at: AppTest, where: str) -> None:
    assert not at.exception, (where, [e.message for e in at.exception])
    for kind, source in markdown_sources(at):
        if source in OWN_HTML:
            continue
        html = PARSER.render(source)
        tags = set(re.findall(r"<([a-zA-Z0-9]+)", html))
        assert tags <= ALLOWED_TAGS, (where, kind, source[:200], html[:300])
        assert "tracker.example" not in html or "href" not in html, (where, kind, source[:200])


def build_corpus(tmp_path_factory) -> dict[str, list[Path]]:
    """Every case's files (and a case's form under "<name> form"), written once for a module."""
    built = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp(case.name.replace(" ", "-"))
        built[case.name] = case.build(folder)
        if case.form:
            built[f"{case.name} form"] = case.form(folder)
    return built
