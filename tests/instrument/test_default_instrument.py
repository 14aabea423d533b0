"""The shipped S/2015/1042 instrument: exact items, all six UN languages, XLSForm round trip."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from surveys.instrument import wgpko_2015
from surveys.instrument.default import default_instrument, write_default_instrument
from surveys.instrument.xlsform import check_instrument, load_instrument
from surveys.model import UN_LANGUAGES
from surveys.reading.answers import DONT_KNOW, TICKED, UNTICKED
from surveys.reading.headers import text_key

#: A letter of each language's own script, to catch a pair written the wrong way round.
SCRIPTS = {"zh": r"[\u4e00-\u9fff]", "ru": r"[\u0400-\u04ff]", "ar": r"[\u0600-\u06ff]",
           "fr": r"[A-Za-zÀ-ÿ]", "es": r"[A-Za-zÀ-ÿ]", "en": r"[A-Za-z]"}

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
        assert set(item.hints) in (set(), set(UN_LANGUAGES)), item.name


def _labelled(instrument):
    """(what, labels) for the title, every question, item, hint and choice."""
    yield "title", instrument.title
    for question in instrument.questions:
        yield question.name, question.labels
    for item in instrument.items:
        yield item.name, item.labels
        if item.hints:
            yield f"{item.name} hint", item.hints
    for choice_list in instrument.choice_lists.values():
        for choice in choice_list.choices:
            yield f"{choice_list.name}/{choice.name}", choice.labels


def test_every_label_in_all_six_un_languages():
    instrument = default_instrument()
    assert set(instrument.languages) == set(UN_LANGUAGES)
    for what, labels in _labelled(instrument):
        for lang in UN_LANGUAGES:
            text = labels.get(lang, "")
            assert text.strip() and text == text.strip(), (what, lang, text)
            assert re.search(SCRIPTS[lang], text), (what, lang, text)
        # A translation left in English would read as done; only "S/2015/1042" and "C-34" are shared.
        others = {labels[lang] for lang in ("fr", "es", "ru", "ar")}
        assert labels["en"] not in others, (what, labels)


def test_english_and_chinese_are_those_of_the_definition():
    """Translations only add languages: the English and Chinese wording is the definition's, verbatim."""
    instrument = default_instrument()
    assert {k: instrument.title[k] for k in ("en", "zh")} == wgpko_2015.TITLE
    for name, labels in wgpko_2015.QUESTIONS.items():
        assert {k: instrument.question(name).labels[k] for k in ("en", "zh")} == labels
    for _question, name, _type, _list, _measure, label, *hint in wgpko_2015.ITEMS:
        item = instrument.item(name)
        assert (item.labels["en"], item.labels["zh"]) == label
        assert (item.hints.get("en"), item.hints.get("zh")) == (hint[0] if hint else (None, None))
    for list_name, entries in wgpko_2015.CHOICE_LISTS.items():
        choices = instrument.choice_lists[list_name].choices
        assert [(c.name, c.labels["en"], c.labels["zh"]) for c in choices] == [e[:3] for e in entries]


@pytest.mark.parametrize("list_name", sorted(wgpko_2015.CHOICE_LISTS))
def test_choice_labels_map_back_to_one_choice(list_name):
    """Answers are read by any label in any language (surveys.reading.headers.option_keys): within a list
    no label may stand for two choices, equal another choice's code, or read as a tick or
    "don't know" unless it is the don't-know choice."""
    choices = default_instrument().choice_lists[list_name].choices
    owner: dict[str, str] = {text_key(c.name): c.name for c in choices}
    for choice in choices:
        for lang, label in choice.labels.items():
            key = text_key(label)
            assert owner.setdefault(key, choice.name) == choice.name, (list_name, choice.name, lang, label)
            assert key not in TICKED | UNTICKED, (list_name, choice.name, lang, label)
            assert (key in DONT_KNOW) <= choice.missing, (list_name, choice.name, lang, label)


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
    assert loaded.languages == default_instrument().languages
    assert loaded.item("q1_overall").row == 3  # header, begin_group q1, then the first item


def test_default_instrument_is_cached():
    assert default_instrument() is default_instrument()

