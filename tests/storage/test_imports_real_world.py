"""Workbooks as other teams really send them, through ``python -m surveys import`` end to end.

Each file is written under tmp_path the way its producer writes it (pandas, openpyxl,
LibreOffice, KoboToolbox, hand edits), imported by a real process into a real SQLite
file, and checked on exit status, on messages that name file, sheet and cell, and on
what the store holds afterwards (refusals must leave ``data_version`` unchanged).
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from support.cli_imports import WAVE, refused, run, version
from support.workbooks import small_instrument, write_book, write_large
from surveys.storage.store import open_store


def stored(db: str, wave: str = WAVE) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """({respondent: group}, {(respondent, item): value}) of a wave."""
    with open_store(db) as store:
        data = store.load_wave(wave)
    groups = dict(zip(data.respondents["respondent"], data.respondents["group"]))
    answers = {(a.respondent, a.item): a.value for a in data.answers.itertuples(index=False)}
    return groups, answers

# --- what other programs write ------------------------------------------------------------

def test_pandas_to_excel_with_index_column_nan_blanks_and_bold_header(db, tmp_path):
    frame = pd.DataFrame({"respondent": ["Ghana", "France", "Nepal"], "group": ["tcc_pcc", np.nan, "TCC/PCC"],
                          "q1_overall": [4.0, np.nan, 3.0], "q1_timely": [2, 3, np.nan],
                          "q1_comment": [np.nan, "Earlier, please", "fine"]})
    path = tmp_path / "pandas.xlsx"
    frame.to_excel(path)  # index column A with a blank header, sheet Sheet1, bold header row
    done = run(path, db=db)
    assert done.returncode == 0, done.stderr
    assert "pandas.xlsx: stored 3 respondent(s), 6 answer(s)" in done.stdout
    assert "warning" not in done.stderr  # the 0, 1, 2 index is row numbers, not data
    groups, answers = stored(db)
    assert groups == {"Ghana": "tcc_pcc", "France": "council", "Nepal": "tcc_pcc"}
    assert answers[("Ghana", "q1_overall")] == "4" and ("France", "q1_overall") not in answers
    assert answers[("France", "q1_comment")] == "Earlier, please"

def test_pandas_multi_level_columns_with_the_index_name_one_row_lower(db, tmp_path):
    frame = pd.DataFrame({("q1", "q1_overall"): [4, 3], ("about", "group"): ["tcc_pcc", "council"]},
                         index=pd.Index(["Ghana", "France"], name="respondent"))
    path = tmp_path / "multi.xlsx"
    frame.to_excel(path)  # rows: q1/about, q1_overall/group, then 'respondent' alone in A3
    done = run(path, db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db) == ({"Ghana": "tcc_pcc", "France": "council"},
                          {("Ghana", "q1_overall"): "4", ("France", "q1_overall"): "3"})

def test_header_in_row_5_under_merged_title_with_frozen_panes_and_autofilter(db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Answers"
    sheet["A1"] = "Consultation on triangular cooperation: answers received"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "Compiled by the Chair"
    sheet.merge_cells("A2:E3")
    for offset, row in enumerate([["respondent", "group", "q1_overall", "q1_timely", "q1_channels"],
                                  ["Ghana", "tcc_pcc", 4, 2, "field_visits"], ["Chad", "council", 3, 4, None]]):
        for col, value in enumerate(row, start=1):
            sheet.cell(5 + offset, col, value).font = Font(bold=offset == 0)
    sheet.freeze_panes = "B6"
    sheet.auto_filter.ref = "A5:E7"
    book.save(tmp_path / "titled.xlsx")
    done = run(tmp_path / "titled.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    _, answers = stored(db)
    assert answers == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_timely"): "2",
                       ("Ghana", "q1_channels"): "field_visits", ("Chad", "q1_overall"): "3",
                       ("Chad", "q1_timely"): "4"}

def test_group_merged_down_over_its_members_applies_to_each(db, tmp_path):
    book = Workbook()
    sheet = book.active
    for row in [["group", "respondent", "q1_overall"], ["other", "Ghana", 4], [None, "Nepal", 3], ["council", "Chad", 5]]:
        sheet.append(row)
    sheet.merge_cells("A2:A3")  # Ghana and Nepal contribute troops; declared 'other' here on purpose
    book.save(tmp_path / "merged.xlsx")
    done = run(tmp_path / "merged.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db)[0] == {"Ghana": "other", "Nepal": "other", "Chad": "council"}

def _with_cached_value(path: Path, cell: str, value: str) -> None:
    """Give one openpyxl formula cell the cached value Excel would have saved with it."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml = re.sub(rf'(<c r="{cell}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?', rf"\1<f>\2</f><v>{value}</v>", xml)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)

def test_formula_without_value_and_error_cells_are_refused_by_cell(seeded, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "data"
    sheet.append(["respondent", "q1_overall", "q1_timely", "q1_comment", "total"])
    sheet.append(["Ghana", "=2+2", "#N/A", "=A2", "=B2*2"])  # openpyxl stores '#N/A' as an error value
    sheet.append(["Nepal", 3, "#DIV/0!", None, None])
    book.save(tmp_path / "formulas.xlsx")
    before = version(seeded)
    done = run(tmp_path / "formulas.xlsx", db=seeded)
    refused(done, "formulas.xlsx, data!B2: error: formula =2+2 has no value saved with it",
            "formulas.xlsx, data!C2: error: #N/A is a spreadsheet error, not a value: correct the formula "
            "or enter the answer for q1_timely itself",
            "formulas.xlsx, data!D2: error: formula =A2", "formulas.xlsx, data!C3: error: #DIV/0!")
    assert "E2" not in done.stderr  # a formula in a column that is not an item is nobody's answer
    assert version(seeded) == before

def test_formula_with_its_cached_value_reads_as_the_value(db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["respondent", "q1_overall", "q1_timely"])
    sheet.append(["Ghana", "=2+2", 5])
    book.save(tmp_path / "cached.xlsx")
    _with_cached_value(tmp_path / "cached.xlsx", "B2", "4")
    done = run(tmp_path / "cached.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db)[1] == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_timely"): "5"}

def test_invisible_spaces_full_width_digits_and_names_in_many_languages(db, tmp_path):
    rows = [["respondent\u00a0", "group\u200b", " q1_overall", "q1_timely\u200b"],
            ["Ghana\u00a0", "tcc_pcc\u200b", "４", "2\u00a0"],
            ["\u200bNPL", "TCC/PCC", 3.0, "4.0"],  # ISO code; a code that went through text as 4.0
            ["中国", "安理会成员", 5, 5],
            ["The Gambia", None, "１", 1],
            ["Royaume-Uni", None, 2, 2],
            ["Côte d’Ivoire", "部队和警察派遣国", 2, "Don’t know"],
            ["Permanent Mission of Senegal to the United Nations", None, 3, 3]]
    write_book(tmp_path / "odd.xlsx", {"Sheet1": rows})
    done = run(tmp_path / "odd.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    groups, answers = stored(db)
    assert groups == {"Ghana": "tcc_pcc", "Nepal": "tcc_pcc", "China": "council", "Gambia": "tcc_pcc",
                      "United Kingdom": "council", "Côte d'Ivoire": "tcc_pcc", "Senegal": "tcc_pcc"}
    assert [answers[(who, "q1_overall")] for who in ("Ghana", "Nepal", "China", "Gambia")] == ["4", "3", "5", "1"]
    assert answers[("Ghana", "q1_timely")] == "2" and answers[("Nepal", "q1_timely")] == "4"
    assert answers[("Côte d'Ivoire", "q1_timely")] == "dk"

def test_dont_know_in_french_and_ticks_as_booleans(db, tmp_path):
    write_book(tmp_path / "fr.xlsx", {"Réponses": [
        ["Pays", "q1_timely", "q1_views_reflected", "q1_channels/formal_meetings", "q1_channels/field_visits"],
        ["France", "Je ne sais pas", "NSP", True, False],
        ["Sénégal", "Ne sait pas", 4, 1, 1]]})
    done = run(tmp_path / "fr.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    _, answers = stored(db)
    assert answers == {("France", "q1_timely"): "dk", ("France", "q1_views_reflected"): "dk",
                       ("France", "q1_channels"): "formal_meetings", ("Senegal", "q1_timely"): "dk",
                       ("Senegal", "q1_views_reflected"): "4",
                       ("Senegal", "q1_channels"): "formal_meetings field_visits"}

def test_headers_in_chinese_answers_in_english_columns_shuffled(db, tmp_path):
    from surveys.instrument.default import default_instrument

    instrument = default_instrument()
    overall, timely = instrument.item("q1_overall"), instrument.item("q1_timely")
    write_book(tmp_path / "zh.xlsx", {"答复": [
        [timely.labels["zh"], "代表团", overall.labels["zh"], "组别"],
        ["Agree", "Brazil", "Good", "部队和警察派遣国"],
        ["Strongly agree", "Chile", "Very good", "安理会"]]})
    done = run(tmp_path / "zh.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    groups, answers = stored(db)
    assert groups == {"Brazil": "tcc_pcc", "Chile": "council"}
    assert answers == {("Brazil", "q1_overall"): "4", ("Brazil", "q1_timely"): "4",
                       ("Chile", "q1_overall"): "5", ("Chile", "q1_timely"): "5"}

def test_date_serials_percentages_and_codes_against_a_custom_instrument(db, tmp_path):
    from surveys.instrument.xlsform import write_instrument

    write_instrument(small_instrument(), tmp_path / "form.xlsx")
    write_book(tmp_path / "facts.xlsx", {"Sheet1": [
        ["respondent", "q1_overall", "q2_share", "q2_first", "q2_meetings"],
        ["Ghana", 4.0, "80%", 42349, "1,200"],              # 42349 is 2015-12-11 on the 1900 system
        ["Nepal", "dk", 0.25, "2015年3月2日", 3.0],
        ["Chad", "5", "0,5", dt.datetime(2015, 6, 1), 7]]})
    done = run(tmp_path / "facts.xlsx", db=db, extra=("--instrument", str(tmp_path / "form.xlsx"), "--wave", "small"))
    assert done.returncode == 0, done.stderr
    assert "facts.xlsx, Sheet1!D2: warning: 42349 in q2_first was read as the Excel date serial number of 2015-12-11" \
        in done.stderr
    _, answers = stored(db, "small")
    assert answers[("Ghana", "q2_share")] == "0.8" and answers[("Ghana", "q2_first")] == "2015-12-11"
    assert answers[("Ghana", "q2_meetings")] == "1200" and answers[("Ghana", "q1_overall")] == "4"
    assert answers[("Nepal", "q2_first")] == "2015-03-02" and answers[("Nepal", "q1_overall")] == "dk"
    assert answers[("Chad", "q2_share")] == "0.5" and answers[("Chad", "q2_first")] == "2015-06-01"

def test_extra_unnamed_columns_with_data_are_reported_not_silently_dropped(db, tmp_path):
    write_book(tmp_path / "extra.xlsx", {"data": [
        ["q1_timely", None, "Respondent", "q1_overall", None],
        [2, "see note", "Ghana", 4, None], [3, None, "Chad", 5, 77]]})
    done = run(tmp_path / "extra.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert "extra.xlsx, data!B2: warning: column B has no header but holds 1 value(s)" in done.stderr
    assert "extra.xlsx, data!E3: warning: column E has no header" in done.stderr
    assert stored(db)[1] == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_timely"): "2",
                             ("Chad", "q1_overall"): "5", ("Chad", "q1_timely"): "3"}

def test_instructions_first_hidden_and_very_hidden_old_copies_are_not_read(db, tmp_path):
    book = Workbook()
    book.active.title = "Instructions"
    book.active.append(["Fill in one row per delegation. Example:"])
    book.active.append(["respondent", "q1_overall"])
    book.active.append(["Example delegation", 3])
    for title, state in (("old", "hidden"), ("older", "veryHidden")):
        old = book.create_sheet(title)
        old.append(["respondent", "q1_overall", "q1_timely"])
        old.append(["Ghana", 1, 1])
        old.sheet_state = state
    answers = book.create_sheet("Answers")
    answers.append(["respondent", "q1_overall", "q1_timely"])
    answers.append(["Ghana", 4, 5])
    book.save(tmp_path / "instructions.xlsx")
    done = run(tmp_path / "instructions.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db)[1] == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_timely"): "5"}

def test_answers_only_in_a_hidden_sheet_say_so(db, tmp_path):
    write_book(tmp_path / "hidden.xlsx", {"Cover": [["Consultation 2015"]],
                                          "data": [["respondent", "q1_overall"], ["Ghana", 4]]}, hidden=["data"])
    done = run(tmp_path / "hidden.xlsx", db=db)
    refused(done, "hidden.xlsx: error: no responses found", "sheet 'data' is hidden: unhide it")

def test_answers_split_over_two_sheets_are_refused_not_half_read(seeded, tmp_path):
    header = ["respondent", "group", "q1_overall", "q1_timely"]
    write_book(tmp_path / "split.xlsx", {"Council": [header, ["Chad", "council", 3, 4]],
                                         "TCCs": [header, ["Ghana", "tcc_pcc", 4, 2], ["Nepal", "tcc_pcc", 2, 2]]})
    before = version(seeded)
    refused(run(tmp_path / "split.xlsx", db=seeded),
            "split.xlsx, TCCs!A1: error: sheet 'TCCs' also holds answers, but only sheet 'Council' is read")
    assert version(seeded) == before

def test_kobo_export_with_labels_semicolon_groups_and_index(db, tmp_path):
    from surveys.instrument.default import default_instrument

    overall = default_instrument().item("q1_overall").labels["en"]
    stamp = dt.datetime(2015, 12, 1, 9, 30)
    write_book(tmp_path / "kobo.xlsx", {"WGPKO survey": [
        ["start", "end", "Delegation", overall, "q1;q1_timely", "q1;q1_channels;field_visits",
         "q1;q1_channels;formal_meetings", "_id", "_uuid", "_submission_time", "_index"],
        [stamp, stamp, "Ghana", "Good", "Agree", 1, 0, 11, "a1b2", stamp, 1],
        [stamp, stamp, "Nepal", "Very good", "Strongly agree", 0, 0, 12, "a1b3", stamp, 2]]})
    done = run(tmp_path / "kobo.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db)[1] == {("Ghana", "q1_overall"): "4", ("Ghana", "q1_timely"): "4",
                             ("Ghana", "q1_channels"): "field_visits", ("Nepal", "q1_overall"): "5",
                             ("Nepal", "q1_timely"): "5"}

def test_kobo_labels_export_with_only_tick_columns(db, tmp_path):
    from surveys.instrument.default import default_instrument

    label = default_instrument().item("q1_channels").labels["en"]
    write_book(tmp_path / "labels.xlsx", {"Sheet1": [
        ["Delegation", f"{label}/Council field visits", f"{label}/Formal meetings with TCCs/PCCs"],
        ["Ghana", 1, 1], ["Nepal", 0, 1]]})
    done = run(tmp_path / "labels.xlsx", db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db)[1] == {("Ghana", "q1_channels"): "formal_meetings field_visits",
                             ("Nepal", "q1_channels"): "formal_meetings"}

@pytest.mark.parametrize("suffix", [".ods", ".xlsm"])
def test_ods_and_macro_workbook(db, tmp_path, suffix):
    path = write_book(tmp_path / f"answers{suffix}", {"data": [["respondent", "q1_overall"], ["Ghana", 4], ["Nepal", 3]]})
    if suffix == ".xlsm":  # a dummy VBA project, as a macro-enabled workbook carries
        with zipfile.ZipFile(path, "a") as book:
            book.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    done = run(path, db=db)
    assert done.returncode == 0, done.stderr
    assert stored(db)[1] == {("Ghana", "q1_overall"): "4", ("Nepal", "q1_overall"): "3"}

@pytest.mark.parametrize("name", ["中文答复.xlsx", "réponses du Sénégal (v2).xlsx"])
def test_non_ascii_names_and_paths_with_spaces(db, tmp_path, name):
    folder = tmp_path / "shared drive" / "答复"
    folder.mkdir(parents=True)
    path = write_book(folder / name, {"data": [["respondent", "q1_overall"], ["Senegal", 4]]})
    done = run(path, db=db)
    assert done.returncode == 0, done.stderr
    assert f"{name}: stored 1 respondent(s), 1 answer(s)" in done.stdout

# --- refusals: every one names the file and what was expected, and changes nothing -----------

def _binary(path: Path) -> None:
    path.write_bytes(b"\x00\x01\x02\x03 not text")

def _docx(path: Path) -> None:
    import docx

    docx.Document().save(path)

def _truncated(path: Path) -> None:
    write_book(path, {"data": [["respondent", "q1_overall"], ["Ghana", 4]]})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])

def _empty_book(path: Path) -> None:
    Workbook().save(path)

def _header_only(path: Path) -> None:
    write_book(path, {"data": [["respondent", "q1_overall", "q1_timely"]]})

BROKEN = {
    # (CSV text under a workbook's name is read as CSV: files are judged by their bytes.)
    "binary": (_binary, "not a spreadsheet or CSV file: expected .xlsx, .xlsm, .xls, .ods, .csv, or an ODK "
               "Central export (.zip of CSV files) (this is binary data, not text)"),
    "docx": (_docx, "not a spreadsheet: expected .xlsx, .xlsm, .xls or .ods (this is a Word document)"),
    "zero": (lambda p: p.write_bytes(b""), "empty file: not a spreadsheet"),
    "truncated": (_truncated, "truncated or damaged workbook"),
    "empty": (_empty_book, "no responses found: no sheet has a header row with 'respondent'"),
    "header_only": (_header_only, "no responses found in sheet 'data': the header is there but no answers"),
}

@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_files_are_refused_with_a_reason_and_nothing_changes(seeded, tmp_path, kind):
    make, reason = BROKEN[kind]
    path = tmp_path / f"{kind} answers.xlsx"
    make(path)
    before = version(seeded)
    refused(run(path, db=seeded), f"{kind} answers.xlsx: error: {reason}")
    assert version(seeded) == before
    assert stored(seeded)[0] == {"Brazil": "tcc_pcc"}

def test_respondent_from_a_formula_without_value_is_named_as_such(seeded, tmp_path):
    write_book(tmp_path / "who.xlsx", {"data": [["respondent", "q1_overall", "q1_channels/field_visits"],
                                               ['="Gh"&"ana"', 4, "=1"]]})
    refused(run(tmp_path / "who.xlsx", db=seeded),
            "who.xlsx, data!A2: error: formula =\"Gh\"&\"ana\" has no value saved with it",
            "enter the delegation's name itself",
            "who.xlsx, data!C2: error: formula =1 has no value", "enter the tick for q1_channels option field_visits")

def test_same_respondent_twice_in_one_file_names_both_cells(seeded, tmp_path):
    write_book(tmp_path / "twice.xlsx", {"data": [["respondent", "q1_overall"], ["Ghana", 4], ["GHA", 3]]})
    before = version(seeded)
    refused(run(tmp_path / "twice.xlsx", db=seeded),
            "twice.xlsx, data!A3: error: duplicate respondent Ghana: already answers in data!A2")
    assert version(seeded) == before

def test_same_respondent_in_two_files_is_refused(seeded, tmp_path):
    first = write_book(tmp_path / "a.xlsx", {"data": [["respondent", "q1_overall"], ["Ghana", 4]]})
    second = write_book(tmp_path / "b.xlsx", {"data": [["respondent", "q1_overall"], ["République du Ghana", 3]]})
    before = version(seeded)
    done = run(first, second, db=seeded)
    refused(done, "b.xlsx", "Ghana", "a.xlsx")
    assert version(seeded) == before

def test_thirty_files_with_one_broken_store_nothing(seeded, tmp_path):
    from surveys.respondents.registry import member_states

    states = [s.names["en"] for s in member_states() if s.iso3 != "BRA"][:30]
    paths = [write_book(tmp_path / f"{i:02d}.xlsx", {"data": [["respondent", "q1_overall"], [name, 1 + i % 5]]})
             for i, name in enumerate(states)]
    paths[17].write_bytes(paths[17].read_bytes()[:300])
    before = version(seeded)
    done = run(*paths, db=seeded)
    refused(done, "17.xlsx: error: truncated or damaged workbook")
    assert version(seeded) == before and stored(seeded)[0] == {"Brazil": "tcc_pcc"}
    assert run(*paths[:17], *paths[18:], db=seeded).returncode == 0
    assert len(stored(seeded)[0]) == 30

def test_ten_thousand_row_wide_sheet_runs_through_the_cli(db, tmp_path):
    from surveys.instrument.default import default_instrument

    instrument = default_instrument()
    items = [item for item in instrument.items if item.type == "select_one"]
    names = [[choice.name for choice in instrument.choices(item).choices] for item in items]
    rows = [[f"Participant {k}", "other"] + [options[(k + j) % len(options)] for j, options in enumerate(names)]
            for k in range(10_000)]
    path = write_large(tmp_path / "big.xlsx", ["respondent", "group"] + [item.name for item in items], rows)
    refused(run(path, db=db), "big.xlsx: error: sheet 'responses' holds 10,000 respondents: at most 1,000 per file",
            "--max-respondents")
    done = run(path, db=db, extra=("--max-respondents", "10000"))  # the secretariat's override
    assert done.returncode == 0, done.stderr
    assert f"big.xlsx: stored 10000 respondent(s), {10_000 * len(items)} answer(s)" in done.stdout

def test_a_copy_of_a_refused_file_is_still_refused_under_another_name(seeded, tmp_path):
    """The refusal depends on the content, never on the name or a cached result."""
    write_book(tmp_path / "bad.xlsx", {"data": [["respondent", "q1_overall"], ["Ghana", "=1+3"]]})
    shutil.copy(tmp_path / "bad.xlsx", tmp_path / "bad copy.xlsx")
    refused(run(tmp_path / "bad.xlsx", db=seeded), "bad.xlsx, data!B2: error: formula =1+3 has no value saved")
    refused(run(tmp_path / "bad copy.xlsx", db=seeded), "bad copy.xlsx, data!B2")
