"""Finding the answer sheet and reading wide, Kobo/ODK and template layouts from real workbooks."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from support.workbooks import small_instrument, write_book, write_rows
from surveys.errors import UnreadableFile
from surveys.reading.layouts import parse_responses
from surveys.reading.validation import validate

REF = dt.date(2015, 12, 11)


def answers_of(submission) -> dict[tuple[str, str], str]:
    return {(a.respondent, a.item): a.value for a in submission.answers}


def values_of(parsed, row=0) -> dict[str, object]:
    return {(v.item if v.option is None else f"{v.item}/{v.option}"): v.value for v in parsed.rows[row].values}


def test_wide_sheet_with_title_rows_blank_rows_spaces_case_and_numbers_as_text(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "wide.xlsx", [
        ["Working Group on Peacekeeping Operations: consultation 2015"],
        [None, "Answers received by 11 December"],
        [],
        ["  RESPONDENT ", "Group", " Q1_Overall", "q1_channels", "Q2_MEETINGS ", "q2_share", "q2_first",
         "q2_comment", "Mission size"],
        [],
        [" China ", "council", "4", "field_visits formal_meetings", "12", "0.25", "2015-06-01", "  fine  ", "large"],
        [None, None, None, None, None, None, None, None, None],
        ["Chad", "Security Council", "strongly AGREE", "Council field visits", 3, 0.5, dt.date(2015, 3, 2), None, None],
    ])
    parsed = parse_responses(path, instrument)
    assert (parsed.sheet, parsed.layout, len(parsed.rows)) == ("responses", "wide", 2)
    assert parsed.rows[0].respondent == "China" and parsed.rows[0].respondent_cell == "A6"
    submission = validate(parsed, instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    got = answers_of(submission)
    assert got[("China", "q1_overall")] == "4"
    assert got[("China", "q1_channels")] == "formal_meetings field_visits"  # choice-list order
    assert got[("China", "q2_meetings")] == "12" and got[("China", "q2_share")] == "0.25"
    assert got[("China", "q2_first")] == "2015-06-01" and got[("China", "q2_comment")] == "fine"
    assert got[("Chad", "q1_overall")] == "5" and got[("Chad", "q1_channels")] == "field_visits"
    assert got[("Chad", "q2_meetings")] == "3" and got[("Chad", "q2_first")] == "2015-03-02"
    assert ("Chad", "q2_comment") not in got  # blank is unanswered
    china = next(r for r in submission.respondents if r.name == "China")
    assert china.attributes == {"Mission size": "large"}
    assert next(r for r in submission.respondents if r.name == "Chad").attributes == {}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_item_labels_as_headers_and_answers_as_labels(tmp_path, lang):
    instrument = small_instrument()
    labels = {item.name: item.labels[lang] for item in instrument.items}
    agree = {"en": "Disagree", "zh": "不同意"}[lang]
    channels = {"en": "Formal meetings; Informal dialogues, mission by mission", "zh": "正式会议、安理会实地访问"}[lang]
    expected = {"en": "formal_meetings informal_dialogues", "zh": "formal_meetings field_visits"}[lang]
    path = write_rows(tmp_path / f"labels_{lang}.xlsx", [
        [{"en": "Respondent", "zh": "代表团"}[lang], labels["q1_overall"], labels["q1_channels"], labels["q2_comment"]],
        ["Brazil", agree, channels, "好"],
    ])
    submission = validate(parse_responses(path, instrument), instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert answers_of(submission) == {("Brazil", "q1_overall"): "2", ("Brazil", "q1_channels"): expected,
                                      ("Brazil", "q2_comment"): "好"}


def test_code_and_label_together_are_accepted(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "coded.xlsx", [["respondent", "q1_overall"], ["Brazil", "4 – Agree"],
                                                 ["Chile", "2. Disagree"]])
    submission = validate(parse_responses(path, instrument), instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert answers_of(submission) == {("Brazil", "q1_overall"): "4", ("Chile", "q1_overall"): "2"}


def test_split_tick_columns_by_name_and_by_option_label(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "ticks.xlsx", [
        ["respondent", "q1_channels/formal_meetings", "q1_channels Informal dialogues, mission by mission",
         "Q1_CHANNELS.field_visits"],
        ["Brazil", 1, True, 0],
        ["Chile", "x", None, "TRUE"],
        ["Peru", 0, False, None],
    ])
    parsed = parse_responses(path, instrument)
    assert values_of(parsed)["q1_channels/informal_dialogues"] is True
    submission = validate(parsed, instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert answers_of(submission) == {("Brazil", "q1_channels"): "formal_meetings informal_dialogues",
                                      ("Chile", "q1_channels"): "formal_meetings field_visits"}
    assert {r.name for r in submission.respondents} == {"Brazil", "Chile", "Peru"}


def test_kobo_export_with_group_paths_split_columns_and_metadata(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "kobo.xlsx", [
        ["start", "end", "today", "deviceid", "respondent", "q1/q1_overall", "q1/q1_channels",
         "q1/q1_channels/formal_meetings", "q1/q1_channels/informal_dialogues", "q1/q1_channels/field_visits",
         "q2/q2_meetings", "meta/instanceID", "_id", "_uuid", "_submission_time", "_index",
         "_validation_status", "__version__", "_status", "_submitted_by", "_tags", "_notes", "enumerator"],
        ["2015-11-30T10:00:00", "2015-11-30T10:20:00", "2015-11-30", "ee:123", "Ghana", "4",
         "formal_meetings field_visits", 1, 0, 1, "7", "uuid:abc", 17, "abc", "2015-11-30T10:21:00", 1,
         None, "vX1", "submitted_via_web", "kobo_user", "[]", "[]", "E7"],
    ])
    parsed = parse_responses(path, instrument)
    assert parsed.layout == "kobo"
    row = parsed.rows[0]
    assert row.respondent == "Ghana" and row.attributes == {"enumerator": "E7"}
    assert values_of(parsed) == {"q1_overall": "4", "q1_channels": "formal_meetings field_visits",
                                 "q2_meetings": "7"}  # parent column wins over its split columns
    submission = validate(parsed, instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert answers_of(submission)[("Ghana", "q1_channels")] == "formal_meetings field_visits"


@pytest.mark.parametrize("separator", [".", ";"])
def test_kobo_other_group_separators_r_mangled_metadata_and_no_respondent_column(tmp_path, separator):
    instrument = small_instrument()
    s = separator
    path = write_rows(tmp_path / "kobo_r.xlsx", [
        ["X.U.FEFF.start", f"q1{s}q1_overall", f"q1{s}q1_channels{s}formal_meetings",
         f"q1{s}q1_channels{s}field_visits", "X_uuid", "X_submission_time", "X__version__"],
        ["2021-07-05T10:58:34.147+03:00", "Agree", True, False, "dcf2753a", "2021-07-05T09:34:15", "v1"],
        ["2021-07-05T11:00:00", "dk", "FALSE", "TRUE", "0b1c", "2021-07-05T09:40:00", "v1"],
    ])
    parsed = parse_responses(path, instrument)
    assert parsed.layout == "kobo"
    assert [(r.respondent, r.respondent_cell, dict(r.attributes)) for r in parsed.rows] == [
        ("dcf2753a", "E2", {}), ("0b1c", "E3", {})]
    assert values_of(parsed, 1) == {"q1_overall": "dk", "q1_channels/formal_meetings": "FALSE",
                                    "q1_channels/field_visits": "TRUE"}


def test_kobo_label_headers_shared_labels_taken_in_form_order(tmp_path):
    base = small_instrument()
    from dataclasses import replace
    items = base.items + (replace(base.item("q2_comment"), name="q2_other", labels={"en": "Comment"}),)
    instrument = replace(base, items=items)
    path = write_rows(tmp_path / "labels.xlsx", [
        ["Respondent", "Consultation works well", "Channels to use/Formal meetings",
         "Channels to use/Council field visits", "Comment", "Comment", "_uuid"],
        ["Kenya", "Agree", "1", "0", "first", "second", "u1"],
    ])
    parsed = parse_responses(path, instrument)
    assert values_of(parsed) == {"q1_overall": "Agree", "q1_channels/formal_meetings": "1",
                                 "q1_channels/field_visits": "0", "q2_comment": "first", "q2_other": "second"}
    assert parsed.rows[0].attributes == {}


def test_unknown_option_in_a_tick_header_is_reported_at_the_header_cell(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "bad_tick.xlsx", [["respondent", "q1_overall", "q1_channels/teleportation"],
                                                    ["Brazil", "4", 1]])
    parsed = parse_responses(path, instrument)
    [issue] = parsed.issues
    assert issue.cell == "C1" and "'teleportation' is not an option of q1_channels" in issue.message
    assert "responses!C1" in str(issue)


def test_repeated_item_column_is_reported(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "twice.xlsx", [["respondent", "q1_overall", "Q1_OVERALL"], ["Brazil", "4", "5"]])
    parsed = parse_responses(path, instrument)
    assert [(i.cell, "repeats q1_overall" in i.message) for i in parsed.issues] == [("C1", True)]


@pytest.mark.parametrize("suffix", [".xlsm", ".ods"])
def test_other_workbook_formats(tmp_path, suffix):
    instrument = small_instrument()
    path = write_rows(tmp_path / f"answers{suffix}", [["Title"], ["respondent", "q1_overall", "q2_meetings"],
                                                       ["Japan", "Agree", "4"]])
    submission = validate(parse_responses(path, instrument), instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert answers_of(submission) == {("Japan", "q1_overall"): "4", ("Japan", "q2_meetings"): "4"}


def test_answer_sheet_found_by_header_hidden_and_instruction_sheets_skipped(tmp_path):
    instrument = small_instrument()
    path = write_book(tmp_path / "many.xlsx", {
        "Instructions": [["Please answer every question (q1_overall, q1_channels)."], ["respondent: your name"]],
        "old answers": [["respondent", "q1_overall"], ["Brazil", "1"]],
        "Sheet 3": [["Consultation 2015"], ["respondent", "q1_overall"], ["Brazil", "5"]],
    }, hidden=["old answers"])
    parsed = parse_responses(path, instrument)
    assert parsed.sheet == "Sheet 3" and values_of(parsed) == {"q1_overall": "5"}


def test_workbook_without_answers_is_refused(tmp_path):
    instrument = small_instrument()
    header_only = write_rows(tmp_path / "empty.xlsx", [["respondent", "q1_overall"], ["Brazil", None]])
    with pytest.raises(UnreadableFile, match="no responses found"):
        parse_responses(header_only, instrument)
    no_header = write_rows(tmp_path / "notes.xlsx", [["Some notes"], ["nothing here"]])
    with pytest.raises(UnreadableFile, match="no responses found"):
        parse_responses(no_header, instrument)
    not_a_workbook = tmp_path / "answers.xlsx"
    not_a_workbook.write_bytes(b"\x00\x01\x02 binary")
    with pytest.raises(UnreadableFile, match="binary data"):
        parse_responses(not_a_workbook, instrument, display_name="upload.xlsx")
    # Judged by its bytes, not its name: CSV text saved as .xlsx is read as CSV.
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_text("respondent,q1_overall\nBrazil,4\n")
    assert values_of(parse_responses(renamed, instrument)) == {"q1_overall": "4"}


def test_missing_respondent_column_is_reported(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "nobody.xlsx", [["Name of country", "q1_overall"], ["Brazil", "4"]])
    parsed = parse_responses(path, instrument)
    assert any(i.cell == "A1" and "no respondent column" in i.message for i in parsed.issues)
    assert parsed.rows[0].attributes == {"Name of country": "Brazil"}
    issues = validate(parsed, instrument, REF).issues
    assert [str(i) for i in issues] == [str(parsed.issues[0])]  # said once, not once per row


def test_long_sheet_without_respondent_is_reported_once(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "anon.xlsx", [["item", "answer"], ["q1_overall", "4"], ["q2_meetings", "2"]])
    parsed = parse_responses(path, instrument)
    [issue] = validate(parsed, instrument, REF).issues
    assert issue.cell == "A1" and "no respondent" in issue.message


def test_long_sheet_with_respondent_column(tmp_path):
    instrument = small_instrument()
    path = write_rows(tmp_path / "long.xlsx", [
        ["Respondent", "Item", "Answer"],
        ["Brazil", "q1_overall", "Agree"], ["Brazil", "q1_channels/field_visits", "x"],
        ["Chile", "Consultation works well", "2"], ["Chile", "q2_meetings", "5"],
    ])
    parsed = parse_responses(path, instrument)
    assert parsed.layout == "template" and [r.respondent for r in parsed.rows] == ["Brazil", "Chile"]
    submission = validate(parsed, instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert answers_of(submission) == {("Brazil", "q1_overall"): "4", ("Brazil", "q1_channels"): "field_visits",
                                      ("Chile", "q1_overall"): "2", ("Chile", "q2_meetings"): "5"}


REACH = ("data", "survey_files", "kobo_exports")


def test_reach_kobo_export_parses_against_its_form(shared: Path):
    """The REACH MSNA 2021 export (632 rows, R-mangled Kobo headers) read against its XLSForm."""
    from surveys.instrument.xlsform import load_instrument
    from surveys.reading.validation import _read_row, _reader

    folder = shared.joinpath(*REACH)
    instrument = load_instrument(folder / "reach_msna_2021_kobo_form.xlsx")
    parsed = parse_responses(folder / "reach_msna_2021_raw_data.xlsx", instrument)
    assert (parsed.sheet, parsed.layout, len(parsed.rows), parsed.issues) == ("Sheet1", "kobo", 632, ())
    first = parsed.rows[0]
    # The export's README: first data row has X_uuid dcf2753a-…, primary_livelihood "loans support".
    assert first.respondent == "dcf2753a-6ea2-40f5-b493-3527931ef96c"
    values = values_of(parsed)
    assert values["primary_livelihood"] == "loans support" and values["gender_hoh"] == "male"
    assert values["enumerator_num"] == 13 and values["return_date"] == "2018-06-11"
    assert not any(v.option for r in parsed.rows for v in r.values)  # parent columns win over ticks
    assert not any(r.attributes for r in parsed.rows)  # every column is an item, a tick or metadata
    readers = {item.name: _reader(instrument, item) for item in instrument.items}
    multi = {item.name for item in instrument.items if item.type == "select_multiple"}
    problems: list[tuple[str, str]] = []
    canonical = _read_row(first, readers, multi, instrument, lambda cell, message: problems.append((cell, message)))
    assert dict(canonical)["primary_livelihood"] == "loans support"
    assert dict(canonical)["enumerator_num"] == "13" and dict(canonical)["return_date"] == "2018-06-11"
    # The neighbourhood codes were scrambled for publication (README), so they are not in the list.
    assert [cell for cell, _ in problems] == ["F2"]


def _shared_names_instrument(tmp_path):
    from support.xlsforms import SHARED_NAMES_FORM, write_form
    from surveys.instrument.xlsform import load_instrument

    return load_instrument(write_form(tmp_path / "form.xlsx", SHARED_NAMES_FORM))


def test_columns_of_a_shared_name_are_matched_by_path_in_any_export_spelling(tmp_path):
    instrument = _shared_names_instrument(tmp_path)
    path = write_rows(tmp_path / "kobo.xlsx", [
        ["respondent", "dola/price", "survey.kifaru.price", "dola-dola_count", "end_survey/remarks",
         "kifaru/herd[1]/price", "kifaru/herd[2]/price", "_uuid"],
        ["Ghana", "4", "2", "7", "fine", "10", "12", "u1"]])
    parsed = parse_responses(path, instrument)
    assert values_of(parsed) == {"dola/price": "4", "kifaru/price": "2", "dola_count": "7", "remarks": "fine"}
    [warning] = parsed.issues
    assert (warning.cell, warning.severity) == ("F1", "warning")
    assert "2 column(s) from 'kifaru/herd[1]/price' on hold repeat group 'kifaru/herd'" in warning.message
    submission = validate(parsed, instrument, REF)
    assert answers_of(submission) == {("Ghana", "dola/price"): "4", ("Ghana", "kifaru/price"): "2",
                                      ("Ghana", "dola_count"): "7", ("Ghana", "remarks"): "fine"}


def test_a_bare_shared_name_as_header_is_refused_naming_the_paths(tmp_path):
    instrument = _shared_names_instrument(tmp_path)
    path = write_rows(tmp_path / "bare.xlsx", [["respondent", "price", "dola_count"], ["Ghana", "4", "1"]])
    parsed = parse_responses(path, instrument)
    [issue] = parsed.issues
    assert issue.cell == "B1" and issue.severity == "error"
    assert "could be any of dola/price, kifaru/price, kifaru/herd/price" in issue.message
