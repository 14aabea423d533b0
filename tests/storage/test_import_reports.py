"""Reports people can read: a repeated problem is one line with a count, the real problem
comes first, every cell is still marked in the annotated copy, items are named with their
wording, the Upload page shows messages whole, and ``instrument check --strict`` fails on
warnings. Real workbooks (openpyxl), a real SQLite store, the real command line and page."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from support.cli_imports import REPO, run
from support.workbooks import small_instrument, write_rows
from surveys.reading.annotate import ISSUES_SHEET, annotate_workbook
from surveys.reading.layouts import parse_responses
from surveys.reading.problems import Wording, problems
from surveys.reading.validation import validate
from surveys.respondents.registry import member_states
from surveys.storage.importer import check_files, import_files
from surveys.storage.store import URL_VARIABLE, open_store

APP = str(REPO / "streamlit_app.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST = ("China", "France", "Ghana")
# 46 delegations: China, France and Ghana first, then member states in the registry's order.
STATES = FIRST + tuple(s.names["en"] for s in member_states() if s.names["en"] not in FIRST + ("Nepal",))[:43]
GROUPED_EN = ("v_next.xlsx, sheet responses: error: 46 delegations already answered in this wave (v_base.xlsx), "
              "e.g. China, France, Ghana, …; import with --replace to replace them")
REAL_EN = "v_next.xlsx, responses!B48: error: 'eleven' is not in the list for q1_overall: expected one of"


def _base_and_next(folder: Path) -> tuple[Path, Path]:
    """v_base: 46 delegations; v_next: the same 46 again and Nepal with an answer that is no choice."""
    base = write_rows(folder / "v_base.xlsx", [["respondent", "q1_overall"]] + [[name, 3] for name in STATES])
    later = write_rows(folder / "v_next.xlsx", [["respondent", "q1_overall"]] + [[name, 4] for name in STATES]
                       + [["Nepal", "eleven"]])
    return base, later


def test_cli_says_the_real_problem_first_and_the_46_repeats_in_one_line(db, tmp_path):
    base, later = _base_and_next(tmp_path)
    assert run(base, db=db).returncode == 0
    marked = tmp_path / "marked"
    done = run(later, db=db, extra=("--annotate", str(marked)))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0] == "v_next.xlsx: refused"
    assert lines[1].startswith(f"  {REAL_EN}"), lines          # the real problem is the first line
    assert lines[1].endswith("[q1_overall: question 1, “Overall, how do you rate current consultation among the "
                             "Council, TCCs/PCCs and the Secretariat?”]"), lines[1]
    assert lines[2] == f"  {GROUPED_EN}", lines                 # the 46 repeats: one line with the count
    assert sum("already answered" in line for line in lines) == 1
    assert lines[-1].startswith("nothing was stored")

    # The annotated copy still marks every one of the 47 cells, each with its own message.
    copy = load_workbook(marked / "v_next-checked.xlsx")
    sheet = copy["responses"]
    for row, name in enumerate(STATES, start=2):
        cell = sheet[f"A{row}"]
        assert cell.fill.fgColor.rgb.endswith("FFC7CE") and cell.comment is not None, (row, name)
        assert f"{name} already answered in this wave (v_base.xlsx)" in cell.comment.text
    assert "'eleven' is not in the list for q1_overall" in sheet["B48"].comment.text
    listing = copy[ISSUES_SHEET]
    assert listing.max_row == 1 + 47


def test_cli_report_in_chinese(db, tmp_path):
    base, later = _base_and_next(tmp_path)
    assert run(base, db=db).returncode == 0
    done = run(later, db=db, extra=("--lang", "zh"))
    lines = done.stderr.splitlines()
    assert lines[0] == "v_next.xlsx：被拒绝"
    assert lines[1].startswith("  v_next.xlsx, responses!B48: 错误: 'eleven' is not in the list for q1_overall")
    assert lines[1].endswith("［q1_overall：问题 1，“总体而言，您如何评价安理会、部队和警察派遣国与秘书处之间现行的磋商？”］")
    assert lines[2] == ("  v_next.xlsx, 工作表 responses: 错误: 46 个代表团已在本轮作答（v_base.xlsx），例如中国、法国、加纳、…；"
                        "如需替换，请使用 --replace 导入")


def test_any_repeated_problem_class_is_grouped_errors_first(tmp_path):
    """Not only duplicates: 25 answers that are no choice, 25 date serials (a warning), one unknown name."""
    instrument = small_instrument()
    rows = [["respondent", "q1_overall", "q2_first"]]
    states = [s.names["en"] for s in member_states()][:25]
    rows += [[name, f"level {n}", 42349 + n] for n, name in enumerate(states)]
    rows += [["Atlantis", 4, None]]
    path = write_rows(tmp_path / "many.xlsx", rows)
    submission = validate(parse_responses(path, instrument), instrument, dt.date(2015, 12, 11))
    assert len(submission.issues) == 51
    found = problems(submission.issues)
    assert [(p.severity, p.count) for p in found] == [("error", 1), ("error", 25), ("warning", 25)]
    assert found[0].line().startswith("many.xlsx, responses!A27: error: unknown respondent 'Atlantis'")
    assert found[1].line().startswith("many.xlsx, sheet responses: error: 25 cells with the same problem "
                                      "(B2, B3, B4, …); the first: 'level 0' is not in the list for q1_overall")
    assert found[2].text().startswith("25 cells with the same problem (C2, C3, C4, …); the first: 42349 in q2_first "
                                      "was read as the Excel date serial number of 2015-12-11")
    assert found[2].cells == tuple(f"C{row}" for row in range(2, 27))
    # Items are glossed in the reader's language.
    wording = Wording.of(instrument)
    assert found[1].text("zh", wording=wording).endswith("［q1_overall：问题 1，“磋商运作良好”］")
    # Two of a kind stay two lines: grouping starts at three.
    assert [p.count for p in problems(submission.issues[:2])] == [1, 1]


def test_group_overrides_repeated_are_one_line_naming_both_groups(tmp_path):
    """A consolidated sheet that declares every contributor 'other': one warning line, every cell kept."""
    instrument = small_instrument()
    contributors = ("Ghana", "Nepal", "Rwanda", "Senegal", "Bangladesh")
    path = write_rows(tmp_path / "consolidated.xlsx", [["respondent", "group", "q1_overall"]]
                      + [[name, "other", 4] for name in contributors])
    submission = validate(parse_responses(path, instrument), instrument, dt.date(2015, 12, 11))
    (line,) = problems(submission.issues)
    assert line.count == 5 and line.cells == ("B2", "B3", "B4", "B5", "B6")
    assert line.text() == ("5 respondents are declared Other where the registry's group is TCC/PCC, e.g. Ghana, "
                           "Nepal, Rwanda, …: stored as declared; confirm them, or correct the group cells")
    assert line.text("zh") == ("5 个答卷方申报为“其他”，而登记册中的组别为“部队和警察派遣国”，例如加纳、尼泊尔、卢旺达、…："
                               "已按申报存储；请确认，或更正组别单元格")


# --- the Upload page ----------------------------------------------------------------------------

def _upload(url: str, monkeypatch, path: Path, lang: str = "en") -> AppTest:
    monkeypatch.setenv(URL_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("dashboard/pages/upload.py").run()
    if lang != "en":
        at.selectbox(key="lang").set_value(lang).run()
    at.file_uploader[0].set_value([(path.name, path.read_bytes(), XLSX)]).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_upload_page_shows_the_real_problem_first_and_the_repeats_once(sqlite_url, monkeypatch, tmp_path):
    base, later = _base_and_next(tmp_path)
    with open_store(sqlite_url) as store:
        assert import_files(store, [base]).ok
    at = _upload(sqlite_url, monkeypatch, later)
    lines = [t.value for t in at.text]
    assert lines[0] == "v_next.xlsx — 47 errors · 0 warnings"
    assert lines[1].startswith("Error · responses!B48: 'eleven' is not in the list for q1_overall")
    assert lines[2] == ("Error · sheet responses: 46 delegations already answered in this wave (v_base.xlsx), "
                        "e.g. China, France, Ghana, …; import with “Replace earlier answers from the same "
                        "delegations” to replace them")
    assert len(lines) == 3
    # The marked copy the page offers is the library's, from the same report: all 47 cells.
    with open_store(sqlite_url) as store:
        report = check_files(store, [later])
    copy = annotate_workbook(later, report.files[0].issues, tmp_path / "copy.xlsx")
    sheet = load_workbook(copy)["responses"]
    assert all(sheet[f"A{row}"].comment is not None for row in range(2, 48)) and sheet["B48"].comment is not None

    # With replacement asked for, the repeats are no longer a problem; the real one still is.
    at.checkbox(key="upload_replace").check().run()
    lines = [t.value for t in at.text]
    assert lines[0] == "v_next.xlsx — 1 error · 0 warnings" and lines[1].startswith("Error · responses!B48")
    assert not [b for b in at.button if b.key == "upload_import"]


def test_upload_page_says_when_a_file_is_already_stored(sqlite_url, monkeypatch, tmp_path):
    base, _later = _base_and_next(tmp_path)
    with open_store(sqlite_url) as store:
        assert import_files(store, [base]).ok
    at = _upload(sqlite_url, monkeypatch, base)
    assert [t.value for t in at.text] == [
        "v_base.xlsx: unchanged, this file is already stored in wave wgpko_2015_triangular"]
    assert any("0 respondents ready to import" in s.value for s in at.success)


def test_upload_page_in_chinese(sqlite_url, monkeypatch, tmp_path):
    base, later = _base_and_next(tmp_path)
    with open_store(sqlite_url) as store:
        assert import_files(store, [base]).ok
    lines = [t.value for t in _upload(sqlite_url, monkeypatch, later, "zh").text]
    assert lines[2] == ("错误 · 工作表 responses: 46 个代表团已在本轮作答（v_base.xlsx），例如中国、法国、加纳、…；"
                        "如需替换，请使用 “替换同一代表团先前的回答” 导入")


def test_upload_page_shows_the_whole_text_of_a_long_problem(sqlite_url, monkeypatch, tmp_path):
    # A group conflict names the delegation, the declared group, the registry's view and the fix.
    path = write_rows(tmp_path / "long.xlsx", [["respondent", "group", "q1_overall", "q1_channels"],
                                               ["Chad", "observer", 4, "field_visits"],
                                               ["Ghana", None, 3, "teleport, hyperspace relay, carrier pigeons"]])
    at = _upload(sqlite_url, monkeypatch, path)
    with open_store(sqlite_url) as store:
        report = check_files(store, [path])
    expected = [p.text("en", wording=report.wording) for p in report.files[0].problems]
    assert len(expected) == 2 and all(len(text) > 200 for text in expected), expected
    shown = [t.value for t in at.text]
    for text in expected:
        # The whole message, not a cell of a table cut at its width.
        assert any(line.endswith(text) for line in shown), (text, shown)
    assert any(line.startswith("Error · responses!B2: Chad is a UN member state, not an observer") for line in shown)
    assert not at.dataframe or "Message" not in at.dataframe[0].value.columns


# --- instrument check --strict -------------------------------------------------------------------

def _instrument_check(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "surveys", "instrument", "check", *args], capture_output=True,
                          text=True, cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_instrument_check_strict_fails_on_warnings(tmp_path):
    from surveys.instrument.default import write_default_instrument

    clean = write_default_instrument(tmp_path / "form.xlsx") or tmp_path / "form.xlsx"
    book = load_workbook(clean)
    survey = book["survey"]
    header = [cell.value for cell in survey[1]]
    measure = header.index("measure") + 1
    text_row = next(r for r in range(2, survey.max_row + 1) if survey.cell(r, 1).value == "text")
    survey.cell(text_row, measure, "ordinal")  # measure on a text item: a warning, the value is ignored
    book.save(tmp_path / "warned.xlsx")

    assert _instrument_check(str(clean), "--strict").returncode == 0
    lenient = _instrument_check(str(tmp_path / "warned.xlsx"))
    assert lenient.returncode == 0 and "warning: measure applies to select_one only" in lenient.stderr
    strict = _instrument_check(str(tmp_path / "warned.xlsx"), "--strict")
    assert strict.returncode == 1, strict.stderr
    assert "warned.xlsx: 1 warning(s); --strict makes warnings fail" in strict.stderr
    assert "valid instrument" not in strict.stdout


@pytest.mark.parametrize("strict", [(), ("--strict",)])
def test_instrument_check_errors_exit_2_with_or_without_strict(tmp_path, strict):
    broken = write_rows(tmp_path / "broken.xlsx", [["type", "name"], ["select_one nowhere", "q1"]], sheet="survey")
    assert _instrument_check(str(broken), *strict).returncode == 2
