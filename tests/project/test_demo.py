"""The demo data: deterministic, loaded through the real importer, with visible group patterns.

The expected patterns are the ones the demo is built to show (see surveys/demo.py), not
statistics: they check that the generated answers still say what the docs say they say.
"""
from __future__ import annotations

import pytest

from surveys.demo import DEMO_WAVE, E10, P5, SECRETARIAT, TCC_PCC, demo_rows, demo_workbook, load_demo
from surveys.instrument.default import default_instrument
from surveys.reading.layouts import parse_responses
from surveys.storage.store import open_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}"
    with open_store(url) as store:
        report = load_demo(store)
        yield store, report, store.load_wave(DEMO_WAVE)


def _scores(data, item):
    merged = data.answers.merge(data.respondents[["respondent", "group", "p5_e10"]], on="respondent")
    picked = merged[(merged["item"] == item) & (merged["value"] != "dk")].copy()
    picked["score"] = picked["value"].astype(int)
    return picked


def test_demo_rows_are_deterministic():
    assert demo_rows() == demo_rows()


def test_demo_workbook_is_a_wide_sheet_with_a_group_column(tmp_path):
    path = demo_workbook(tmp_path / "demo.xlsx")
    parsed = parse_responses(path, default_instrument())
    assert parsed.layout == "wide" and not parsed.issues
    assert len(parsed.rows) == len(demo_rows()[1])
    assert {row.group for row in parsed.rows} == {"council", "tcc_pcc", "other", "secretariat"}


def test_load_demo_uses_the_importer_once(demo):
    store, report, data = demo
    assert report.ok and not report.issues, [str(i) for i in report.issues]  # not even a warning
    assert [f.outcome for f in report.files] == ["ok"]
    assert load_demo(store) is None  # the wave already holds answers
    assert len(store.imports()) == 1
    groups = data.respondents["group"].value_counts().to_dict()
    assert groups == {"tcc_pcc": len(TCC_PCC), "council": 15, "other": 5, "secretariat": len(SECRETARIAT)}
    seats = data.respondents.set_index("respondent")["p5_e10"]
    assert all(seats[name] == "p5" for name in P5) and all(seats[name] == "e10" for name in E10)
    assert set(data.respondents["level"]) == {"expert", "permanent representative"}


def test_demo_has_dont_knows_blanks_and_comments_in_three_languages(demo):
    _, _, data = demo
    answers = data.answers
    assert (answers["value"] == "dk").sum() >= 10
    n_items = len(data.instrument.items)
    assert (answers.groupby("respondent").size() < n_items).all()  # comments are optional, so every row has blanks
    comments = answers[answers["item"].str.endswith("_comment")]["value"]
    assert any("\u4e00" <= ch <= "\u9fff" for text in comments for ch in text)
    assert any(word in text for text in comments for word in ("Les ", "Le ", "véritable"))
    assert len(comments) >= 40


def test_demo_shows_group_differences_and_common_ground(demo):
    _, _, data = demo
    overall = _scores(data, "q1_overall").groupby("group")["score"].mean()
    assert overall["tcc_pcc"] < overall["council"] - 0.8  # TCC/PCCs rate consultation lower
    start = _scores(data, "q3_start").groupby("group")["score"].mean()
    assert start["tcc_pcc"] < start["council"]  # ... and want dialogue to start earlier
    role = _scores(data, "q4_e10_role").groupby("p5_e10")["score"].mean()
    # Half a point: the P5 are five, so their mean moves with the draw (4.3 against 3.6 in this one).
    assert role["e10"] > role["p5"] + 0.5 and role["e10"] > role["non_member"]
    informal = _scores(data, "q5_informal_dialogues").groupby("group")["score"].median()
    assert (informal >= 4).all()  # everyone agrees informal dialogues work
