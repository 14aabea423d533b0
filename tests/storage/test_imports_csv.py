"""Responses as CSV: KoboToolbox, Ona and ODK Central exports, in the encodings UN offices write.

The default instrument's demo answers are written twice, as a workbook and as a
KoboToolbox CSV export (group paths, split select_multiple columns, metadata), in UTF-8
with and without a byte-order mark, GB18030 and Windows-1256, comma- and
semicolon-separated, and each pair must store exactly the same answers. Broken CSVs
are refused naming row and column, through the command line, with nothing stored.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from support.cli_imports import WAVE, refused, run, version
from support.zips import central_zip, forge_uncompressed_size
from surveys.demo import demo_rows, write_wide
from surveys.instrument.default import default_instrument
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

INSTRUMENT = default_instrument()
KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "__version__", "_tags", "_index"]
ARABIC = ["ينبغي التشاور مع البلدان المساهمة بقوات قبل تجديد الولايات.", "نؤيد الحوار غير الرسمي.",
          "لا بد من إشراك الأمانة العامة في وقت مبكر."]


def _rows_for(encoding: str) -> tuple[list[str], list[list]]:
    """The demo answers, their texts made writable in ``encoding`` (Arabic where Windows-1256
    cannot hold them), the same for the workbook and the CSV. Some respondents are named in
    the language of the code page, as a delegation writes its own name."""
    header, rows = demo_rows(INSTRUMENT)
    names = {"gb18030": {"China": "中国", "Ghana": "加纳"}, "cp1256": {"Egypt": "مصر", "Qatar": "قطر"}}
    out = []
    for k, row in enumerate(rows):
        row = list(row)
        row[0] = names.get(encoding, {}).get(row[0], row[0])
        for j, value in enumerate(row):
            if isinstance(value, str) and encoding == "cp1256":
                try:
                    value.encode("cp1256")
                except UnicodeEncodeError:
                    row[j] = ARABIC[(k + j) % len(ARABIC)]
        out.append(row)
    return header, out


def kobo_csv(path: Path, header, rows, *, encoding: str, separator: str, ticks=("1", "0"),
             missing: str = "") -> Path:
    """``rows`` (respondent, group, level, items…) as a KoboToolbox CSV export: metadata
    first and last, items under their group paths, each select_multiple as its own column
    followed by one column per choice."""
    head = ["start", "end", "intro/respondent", "intro/group", "level"]
    for item in INSTRUMENT.items:
        head.append(item.path)
        if item.type == "select_multiple":
            head += [f"{item.path}/{c.name}" for c in INSTRUMENT.choices(item).choices]
    head += KOBO_META
    at = {name: i for i, name in enumerate(header)}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(head)
    for n, row in enumerate(rows, start=1):
        out = ["2015-12-01T09:00:00.000+01:00", "2015-12-01T09:20:00.000+01:00", row[0], row[1], row[2]]
        for item in INSTRUMENT.items:
            value = row[at[item.name]]
            out.append(missing if value is None else str(value))
            if item.type == "select_multiple":
                chosen = set(value.split()) if value else None
                out += [missing if chosen is None else (ticks[0] if c.name in chosen else ticks[1])
                        for c in INSTRUMENT.choices(item).choices]
        out += [n, f"uuid-{n}", "2015-12-01T09:21:00", "", "[]", "submitted_via_web", "", "vGx7Lk", "[]", n]
        writer.writerow(out)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def stored(url: str) -> tuple[dict, dict]:
    with open_store(url) as store:
        data = store.load_wave(WAVE)
    people = {row.respondent: (row.group, getattr(row, "level", None)) for row in data.respondents.itertuples(index=False)}
    answers = {(a.respondent, a.item): a.value for a in data.answers.itertuples(index=False)}
    return people, answers


VARIANTS = [("utf-8", ","), ("utf-8-sig", ";"), ("gb18030", ","), ("gb18030", ";"), ("cp1256", ";"),
            ("cp1256", ",")]


@pytest.mark.parametrize("encoding, separator", VARIANTS)
def test_kobo_csv_stores_exactly_what_the_workbook_stores(tmp_path, encoding, separator):
    header, rows = _rows_for(encoding)
    book = write_wide(tmp_path / "answers.xlsx", header, rows)
    export = kobo_csv(tmp_path / "answers.csv", header, rows, encoding=encoding, separator=separator)
    results = []
    for path in (book, export):
        url = f"sqlite:///{tmp_path / (path.suffix[1:] + '.sqlite')}"
        with open_store(url) as store:
            report = import_files(store, [path])
        assert report.ok, [str(i) for i in report.issues]
        results.append((stored(url), report.files[0].reading))
    (from_book, reading_book), (from_csv, reading_csv) = results
    assert from_csv == from_book
    assert len(from_book[1]) > 1000 and len(from_book[0]) == len(rows)
    names = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "gb18030": "GB18030", "cp1256": "Windows-1256"}
    assert reading_book == ""
    assert reading_csv == (f"CSV, {names[encoding]} (detected), "
                           f"{'comma' if separator == ',' else 'semicolon'}-separated")
    if encoding == "gb18030":
        assert from_csv[0]["China"][0] == "council" and "Ghana" in from_csv[0]
        assert any("中" in value or "的" in value for value in from_csv[1].values())
    if encoding == "cp1256":
        assert "Egypt" in from_csv[0] and any(value in ARABIC for value in from_csv[1].values())


def test_ona_style_true_false_ticks_and_na_for_missing(tmp_path):
    header, rows = _rows_for("utf-8")
    book = write_wide(tmp_path / "answers.xlsx", header, rows)
    export = kobo_csv(tmp_path / "ona.csv", header, rows, encoding="utf-8", separator=",",
                      ticks=("True", "False"), missing="n/a")
    urls = []
    for path in (book, export):
        urls.append(f"sqlite:///{tmp_path / (path.stem + '.sqlite')}")
        with open_store(urls[-1]) as store:
            assert import_files(store, [path]).ok
    assert stored(urls[1]) == stored(urls[0])


def test_declared_encoding_through_the_command_line_and_the_reading_in_the_log(db, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes("respondent;q1_overall;q1_comment\n加纳;4;非常同意\nNepal;3;\n".encode("gb18030"))
    done = run(path, db=db, extra=("--encoding", "GBK"))
    assert done.returncode == 0, done.stderr
    assert "read as CSV, GB18030 (as declared), semicolon-separated" in done.stdout
    assert stored(db)[1] == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_comment"): "非常同意",
                             ("Nepal", "q1_overall"): "3"}
    with open_store(db) as store:
        assert store.imports()[0].messages[0] == "read as CSV, GB18030 (as declared), semicolon-separated"
    bad = run(path, db=db, extra=("--encoding", "klingon"))
    assert bad.returncode == 2 and "unknown encoding 'klingon'" in bad.stderr


def test_a_csv_declared_in_the_wrong_encoding_is_refused_at_the_cell(seeded, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes("respondent,q1_overall,q1_comment\nGhana,4,非常同意\n".encode("gb18030"))
    before = version(seeded)
    done = run(path, db=seeded, extra=("--encoding", "utf-8"))
    refused(done, "answers.csv!C2: error: this value is not valid utf-8")
    assert version(seeded) == before


def test_formula_looking_text_is_stored_as_text(db, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text('respondent,q1_overall,q1_comment\nGhana,4,"=HYPERLINK(""http://x"",""y"")"\n'
                    "Nepal,3,+1 more meetings\n", encoding="utf-8")
    assert run(path, db=db).returncode == 0
    answers = stored(db)[1]
    assert answers[("Ghana", "q1_comment")] == '=HYPERLINK("http://x","y")'
    assert answers[("Nepal", "q1_comment")] == "+1 more meetings"


# --- broken CSVs: refused, row and column named, nothing stored -----------------------------------

BROKEN = {
    "unknown option": ("respondent,q1_overall,q1_comment\nGhana,4,fine\nNepal,7,fine\n".encode(),
                       "broken.csv!B3: error: '7' is not"),
    "ragged row": ("respondent,q1_overall,q1_comment\nGhana,4,fine\nNepal,3,early, often\nChad,2,ok\n".encode(),
                   "broken.csv!D3: error: this row has 4 values but the header row has 3 columns"),
    "quote never closed": ('respondent,q1_overall,q1_comment\nGhana,4,fine\nNepal,3,"early\nChad,2,ok\n'.encode(),
                           "broken.csv!C3: error: a quote opens this value and is never closed"),
    "mixed encodings": ("respondent,q1_overall,q1_comment\nGhana,4,très bien\nChad,2,déjà vu\n".encode()
                        + "Mali,3,réunions régulières\n".encode("cp1252"),
                        "broken.csv!C4: error: this value is written in Windows-1252, not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_csv_is_refused_naming_row_and_column(seeded, tmp_path, case):
    data, expected = BROKEN[case]
    path = tmp_path / "broken.csv"
    path.write_bytes(data)
    before = version(seeded)
    done = run(path, db=seeded)
    refused(done, expected)
    assert version(seeded) == before
    assert set(stored(seeded)[0]) == {"Brazil"}


def test_not_text_is_refused_before_parsing(db, tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    refused(run(path, db=db), "not a spreadsheet or CSV file", "binary data")


# --- ODK Central: a zip of CSV files --------------------------------------------------------------



def test_odk_central_zip_reads_the_main_table_and_reports_repeat_tables(db, tmp_path):
    path = central_zip(tmp_path / "wgpko.zip")
    done = run(path, db=db)
    assert done.returncode == 0, done.stderr
    assert "read as ODK Central export, table wgpko.csv: CSV, UTF-8 (detected), comma-separated" in done.stdout
    assert "wgpko.zip, sheet wgpko-members.csv: warning: repeat table" in done.stderr
    assert stored(db)[1] == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_timely"): "5",
                             ("Ghana", "q1_channels"): "formal_meetings field_visits",
                             ("Nepal", "q1_overall"): "3", ("Nepal", "q1_timely"): "dk"}


def test_odk_zip_bombs_and_damage_are_refused_before_parsing(db, tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("wgpko.csv", "respondent,q1_overall\r\n" + "Ghana,4\r\n" * 700_000)
    refused(run(bomb, db=db), "bomb.zip: error: part wgpko.csv inflates to", "decompression bomb")

    forged = central_zip(tmp_path / "forged.zip", repeat=False)
    forge_uncompressed_size(forged, "wgpko.csv", 100)
    refused(run(forged, db=db), "inflates past its declared size")

    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(central_zip(tmp_path / "whole.zip").read_bytes()[:300])
    refused(run(truncated, db=db), "truncated or damaged")

    empty = tmp_path / "pictures.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    refused(run(empty, db=db), "a zip archive holding neither a workbook nor CSV files")
