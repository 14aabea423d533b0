"""The response template: what it looks like, and that a filled template imports with no mapping."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from support.workbooks import fill_template, small_instrument
from surveys.errors import TrialogueError, UnreadableFile
from surveys.instrument.default import default_instrument
from surveys.reading.layouts import parse_responses
from surveys.reading.template import TICK, write_template
from surveys.reading.validation import validate, validate_batch

REF = dt.date(2015, 12, 11)


def answer_sheet(book):
    return next(s for s in book.worksheets if str(s["A1"].value or "").startswith("trialogue-template"))


def rows_by_key(sheet):
    return {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value}


def test_english_template_layout_protection_and_dropdowns(tmp_path):
    instrument = default_instrument()
    path = tmp_path / "template.xlsx"
    write_template(instrument, path, respondent="Chad", group="council")
    book = load_workbook(path)
    assert book.sheetnames == ["Instructions", "Responses", "lists"]
    assert book["lists"].sheet_state == "hidden" and book.active.title == "Responses"
    sheet = book["Responses"]
    assert sheet["A1"].value == "trialogue-template wgpko_2015_triangular 2015.1 en"
    assert sheet.column_dimensions["A"].hidden and sheet.protection.sheet
    keys = rows_by_key(sheet)
    assert (sheet.cell(keys["respondent"], 3).value, sheet.cell(keys["group"], 3).value) == ("Chad", "Security Council")
    # Each question is a heading row above its items.
    q1_heading = keys["q1_overall"] - 1
    assert sheet.cell(q1_heading, 2).value.startswith("Q1. How do Security Council members assess")
    assert sheet.cell(keys["q1_overall"], 2).value == instrument.item("q1_overall").labels["en"]
    # Only answer cells are unlocked.
    assert not sheet.cell(keys["q1_overall"], 3).protection.locked
    assert sheet.cell(keys["q1_overall"], 2).protection.locked and sheet.cell(q1_heading, 3).protection.locked
    # One tick row per option of a select_multiple.
    options = [c.name for c in instrument.choices("q1_channels").choices]
    assert [k for k in keys if str(k).startswith("q1_channels/")] == [f"q1_channels/{o}" for o in options]
    # Drop-downs come from the hidden lists sheet, labels in the template's language.
    answer = sheet.cell(keys["q1_timely"], 3).coordinate
    [dv] = [d for d in sheet.data_validations.dataValidation if answer in d.sqref]
    assert dv.type == "list" and dv.formula1.startswith("'lists'!$"), dv.formula1
    column = dv.formula1.split("!$")[1].split("$")[0]
    listed = [c.value for c in book["lists"][column][1:] if c.value]
    assert listed == [c.labels["en"] for c in instrument.choices("q1_timely").choices]
    instructions = [c.value for c in book["Instructions"]["A"] if c.value]
    assert any("drop-down" in line for line in instructions)


def test_chinese_template_has_chinese_labels_english_beside_and_bilingual_instructions(tmp_path):
    instrument = default_instrument()
    path = tmp_path / "template_zh.xlsx"
    write_template(instrument, path, lang="zh")
    book = load_workbook(path)
    sheet = answer_sheet(book)
    keys = rows_by_key(sheet)
    row = keys["q1_timely"]
    assert sheet.cell(row, 2).value == "磋商进行得足够早，能够影响安理会的决定。"
    assert sheet.cell(row, 3).value == "Consultations take place early enough to influence the Council's decisions."
    assert sheet.cell(keys["item"], 4).value == "答复 / Answer"
    assert sheet.cell(keys["q1_overall"] - 1, 2).value.startswith("Q1. 安全理事会成员对现行的磋商做法评价怎样")
    guide = [c.value for c in book.worksheets[0]["A"] if c.value]
    assert "如何填写本答复表" in guide and "How to fill in this response form" in guide
    lists = book["lists"]
    assert "非常同意" in [c.value for col in lists.iter_cols() for c in col]


def test_filled_english_template_round_trips(tmp_path):
    instrument = default_instrument()
    template = tmp_path / "template.xlsx"
    write_template(instrument, template, respondent="Chad", group="council")
    filled = fill_template(template, tmp_path / "chad.xlsx", {
        "q1_overall": "Good",                      # label from the drop-down
        "q1_timely": 2,                            # a code typed instead
        "q1_channels/field_visits": TICK, "q1_channels/formal_meetings": "x",
        "q1_comment": "  Earlier, please.  ",
        "q5_preferred_format": "A combination of both",
    })
    parsed = parse_responses(filled, instrument)
    assert parsed.layout == "template" and parsed.form == "wgpko_2015_triangular"
    submission = validate(parsed, instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert [(r.name, r.group, r.council_seat) for r in submission.respondents] == [("Chad", "council", "e10")]
    assert {(a.item, a.value) for a in submission.answers} == {
        ("q1_overall", "4"), ("q1_timely", "2"), ("q1_channels", "formal_meetings field_visits"),
        ("q1_comment", "Earlier, please."), ("q5_preferred_format", "combination")}


def test_filled_chinese_template_round_trips(tmp_path):
    instrument = default_instrument()
    template = tmp_path / "template_zh.xlsx"
    write_template(instrument, template, lang="zh")
    filled = fill_template(template, tmp_path / "china.xlsx", {
        "respondent": "中国", "group": "安全理事会",
        "q1_timely": "非常同意", "q2_severity": "严重挑战", "q4_roles/share_drafts": TICK,
        "q6_first_step": "安全理事会主席说明", "q6_comment": "无",
    })
    submission = validate(parse_responses(filled, instrument), instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert [(r.name, r.group) for r in submission.respondents] == [("China", "council")]
    assert {(a.item, a.value) for a in submission.answers} == {
        ("q1_timely", "5"), ("q2_severity", "4"), ("q4_roles", "share_drafts"),
        ("q6_first_step", "presidential_note"), ("q6_comment", "无")}


def test_template_with_numbers_and_dates_round_trips_and_reports_cells(tmp_path):
    instrument = small_instrument()
    template = tmp_path / "small.xlsx"
    write_template(instrument, template, lang="fr", respondent="France", group="Security Council")
    filled = fill_template(template, tmp_path / "france.xlsx", {
        "q1_overall": "Agree", "q2_meetings": 7, "q2_share": "0,75", "q2_first": dt.date(2015, 3, 2),
        "q1_channels/informal_dialogues": 1,
    })
    submission = validate(parse_responses(filled, instrument), instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert {(a.item, a.value) for a in submission.answers} == {
        ("q1_overall", "4"), ("q2_meetings", "7"), ("q2_share", "0.75"), ("q2_first", "2015-03-02"),
        ("q1_channels", "informal_dialogues")}
    broken = fill_template(template, tmp_path / "broken.xlsx", {"q2_meetings": "many", "q1_overall": "Sometimes"})
    parsed = parse_responses(broken, instrument)
    issues = {i.cell: str(i) for i in validate(parsed, instrument, REF).issues}
    sheet = answer_sheet(load_workbook(broken))
    keys = rows_by_key(sheet)
    assert f"{parsed.sheet}!D{keys['q2_meetings']}: error: 'many' is not a whole number" in issues[f"D{keys['q2_meetings']}"]
    assert "'Sometimes' is not in the list for q1_overall" in issues[f"D{keys['q1_overall']}"]


def test_blank_template_has_no_responses(tmp_path):
    template = tmp_path / "blank.xlsx"
    write_template(small_instrument(), template, respondent="Chad")
    with pytest.raises(UnreadableFile, match="no responses found"):
        parse_responses(template, small_instrument())


def test_template_of_another_form_is_flagged(tmp_path):
    template = tmp_path / "small.xlsx"
    write_template(small_instrument(), template, respondent="Chad")
    filled = fill_template(template, tmp_path / "chad.xlsx", {"q2_comment": "x"})
    other = replace(small_instrument(), form_id="other_form")
    issues = parse_responses(filled, other).issues
    assert any("made for form 'small_test'" in i.message and i.cell == "A1" for i in issues)


@pytest.mark.parametrize("kwargs, message", [({"lang": "de"}, "unknown language 'de'"),
                                             ({"group": "Martians"}, "unknown group 'Martians'")])
def test_bad_template_options_are_refused(tmp_path, kwargs, message):
    with pytest.raises(TrialogueError, match=message):
        write_template(small_instrument(), tmp_path / "t.xlsx", **kwargs)


@pytest.mark.parametrize("lang", ["ar", "zh", "en", "fr", "ru", "es"])
def test_template_in_every_un_language_round_trips(tmp_path, lang):
    instrument = small_instrument()
    template = tmp_path / f"template_{lang}.xlsx"
    write_template(instrument, template, lang=lang, respondent="Ghana", group="tcc_pcc")
    filled = fill_template(template, tmp_path / f"ghana_{lang}.xlsx", {
        "q1_overall": instrument.choices("q1_overall").get("2").label(lang), "q1_channels/field_visits": TICK})
    submission = validate(parse_responses(filled, instrument), instrument, REF)
    assert submission.ok, [str(i) for i in submission.issues]
    assert [(r.name, r.group) for r in submission.respondents] == [("Ghana", "tcc_pcc")]
    assert {(a.item, a.value) for a in submission.answers} == {("q1_overall", "2"), ("q1_channels", "field_visits")}


def test_many_filled_templates_in_one_upload_catch_a_second_copy(tmp_path):
    instrument = small_instrument()
    template = tmp_path / "template.xlsx"
    write_template(instrument, template)
    files = [fill_template(template, tmp_path / f"{name}.xlsx", {"respondent": who, "q2_meetings": n})
             for name, who, n in (("ghana", "Ghana", 3), ("kenya", "Kenya", 4), ("ghana_again", "GHA", 5))]
    checked = validate_batch([validate(parse_responses(f, instrument), instrument, REF) for f in files])
    assert [s.ok for s in checked] == [True, True, False]
    [issue] = checked[2].issues
    assert issue.cell == "C3" and "duplicate respondent Ghana: also answers in ghana.xlsx, Responses!C3" in str(issue)
