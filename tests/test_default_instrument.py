"""The shipped S/2015/1042 instrument: exact items, both languages, XLSForm round trip."""
from __future__ import annotations

import datetime as dt
import re

from surveys.instruments import default_instrument, write_default_instrument
from surveys.xlsform import check_instrument, load_instrument

#: The item table the consultation was designed with: name, type, list, measure.
EXPECTED = [
    ("q1_overall", "select_one", "quality5", "ordinal"),
    ("q1_timely", "select_one", "agree5", "ordinal"),
    ("q1_views_reflected", "select_one", "agree5", "ordinal"),
    ("q1_channels", "select_multiple", "channels", None),
    ("q1_comment", "text", None, None),
    ("q2_challenges", "select_multiple", "challenges", None),
    ("q2_severity", "select_one", "severity5", "ordinal"),
    ("q2_comment", "text", None, None),
    ("q3_start", "select_one", "start_stage", "ordinal"),
    ("q3_differ", "select_one", "agree5", "ordinal"),
    ("q3_conditional_pledges", "select_one", "agree5", "ordinal"),
    ("q3_comment", "text", None, None),
    ("q4_e10_role", "select_one", "agree5", "ordinal"),
    ("q4_roles", "select_multiple", "e10_roles", None),
    ("q4_comment", "text", None, None),
    ("q5_formal_meetings", "select_one", "effective5", "ordinal"),
    ("q5_informal_dialogues", "select_one", "effective5", "ordinal"),
    ("q5_expert_level", "select_one", "effective5", "ordinal"),
    ("q5_pr_level", "select_one", "effective5", "ordinal"),
    ("q5_secretariat_briefings", "select_one", "effective5", "ordinal"),
    ("q5_preferred_format", "select_one", "formats", "nominal"),
    ("q5_comment", "text", None, None),
    ("q6_institutionalize", "select_one", "agree5", "ordinal"),
    ("q6_mechanisms", "select_multiple", "mechanisms", None),
    ("q6_first_step", "select_one", "mechanisms", "nominal"),
    ("q6_comment", "text", None, None),
]

OPTIONS = {
    "channels": ["formal_meetings", "informal_dialogues", "wg_discussions", "field_visits",
                 "secretariat_briefings", "penholder_bilaterals"],
    "challenges": ["late_timing", "formality", "information_gaps", "council_participation", "no_follow_up",
                   "restricted_invitations", "mission_capacity", "language"],
    "e10_roles": ["host_dialogues", "co_penholding", "chair_working_group", "share_drafts", "regional_outreach"],
    "formats": ["formal", "informal", "combination"],
    "mechanisms": ["presidential_note", "standing_calendar", "wg_follow_up", "c34_reports", "annual_review"],
}


def test_items_are_exactly_the_designed_table():
    instrument = default_instrument()
    assert [(i.name, i.type, i.list_name, i.measure) for i in instrument.items] == EXPECTED
    assert [q.name for q in instrument.questions] == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert all(i.question == i.name[:2] for i in instrument.items)
    assert instrument.not_analysed == ()


def test_settings():
    instrument = default_instrument()
    assert (instrument.form_id, instrument.version, instrument.reference_date, instrument.default_language) == \
        ("wgpko_2015_triangular", "2015.1", dt.date(2015, 12, 11), "en")
    assert instrument.title["en"] and instrument.title["zh"] and "S/2015/1042" in instrument.title["en"]
    assert instrument.languages[:2] == ("en", "zh")


def test_choice_lists():
    lists = default_instrument().choice_lists
    assert set(lists) == {"quality5", "agree5", "severity5", "effective5", "start_stage", *OPTIONS}
    for name in ("quality5", "agree5", "severity5", "effective5", "start_stage"):
        assert [c.name for c in lists[name].substantive] == ["1", "2", "3", "4", "5"], name
    for name in ("agree5", "effective5"):
        dk = lists[name].get("dk")
        assert dk.missing and dk.labels["en"] == "Don't know" and dk.labels["zh"] == "不知道"
        assert [c.name for c in lists[name].choices] == ["1", "2", "3", "4", "5", "dk"]
    assert not any(c.missing for name in ("quality5", "severity5", "start_stage") for c in lists[name].choices)
    for name, options in OPTIONS.items():
        assert [c.name for c in lists[name].choices] == options
    agree = lists["agree5"]
    assert [agree.get(n).labels["en"] for n in "12345"] == [
        "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
    assert [agree.get(n).labels["zh"] for n in "12345"] == ["非常不同意", "不同意", "既不同意也不反对", "同意", "非常同意"]
    assert [lists["quality5"].get(n).labels["en"] for n in "15"] == ["Very poor", "Very good"]


def test_english_and_chinese_everywhere():
    instrument = default_instrument()
    things = [*instrument.items, *instrument.questions,
              *(c for cl in instrument.choice_lists.values() for c in cl.choices)]
    for thing in things:
        assert thing.labels.get("en", "").strip(), thing
        assert re.search(r"[\u4e00-\u9fff]", thing.labels.get("zh", "")), thing
    for item in instrument.items:
        assert set(item.hints) in (set(), {"en", "zh"}), item.name


def test_question_wording_is_that_of_the_source(shared):
    """Labels of q1…q6 match the six questions of S/2015/1042 (English working translation, Chinese original)."""
    table = (shared / "source" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d) \| (.+?) \| (.+?) \|$", table, flags=re.M)
    assert len(rows) == 6
    for number, english, chinese in rows:
        question = default_instrument().question(f"q{number}")
        assert question.labels["en"] == english.strip()
        assert question.labels["zh"] == chinese.strip()


def test_written_xlsform_loads_back_equal(tmp_path):
    path = tmp_path / "wgpko_2015_triangular.xlsx"
    write_default_instrument(path)
    assert check_instrument(path) == []
    loaded = load_instrument(path)
    assert loaded == default_instrument()
    assert loaded.item("q1_overall").row == 3  # header, begin_group q1, then the first item


def test_default_instrument_is_cached():
    assert default_instrument() is default_instrument()

