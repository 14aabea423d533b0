"""The tables behind the charts ("Show the numbers") and the charts' descriptions, in every
language: translated headings (never the frames' internal column names), shares written as
the language writes percentages (CLDR: "58 %" with a no-break space in French, Spanish and
Russian), small groups as counts, Chinese with full-width brackets."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import summarize
from analysis.present.labels import code_label
from analysis.present.language import LANGUAGES, translations
from analysis.present.readouts import (
    coverage_description,
    coverage_table,
    heatmap_description,
    heatmap_table,
    numbers_table,
)
from analysis.present.tables import heatmap_frame
from surveys.demo import DEMO_WAVE, load_demo
from surveys.storage.store import open_store

#: Column names of the frames the charts draw, which a reader must never see.
INTERNAL = {"group", "group_label", "option", "option_label", "choice", "choice_label", "n", "share", "share_text",
            "count", "selected", "ci_low", "ci_high", "item_label", "text", "responded", "universe"}
HEADINGS = {
    "ordinal": ["Group", "Answer", "Count", "Share"],
    "nominal": ["Group", "Answer", "Count", "Share"],
    "multiple": ["Option", "Group", "Selected", "Answers", "Share", "Lower 95% bound", "Upper 95% bound"],
}
#: 7 of 12 Council members rated consultation practice good (the demo's q1_overall), as each
#: language writes 58 percent (CLDR percent patterns: "#,##0%" and "#,##0 %").
FIFTY_EIGHT = {"en": "58%", "zh": "58%", "fr": "58\xa0%", "es": "58\xa0%", "ru": "58\xa0%", "ar": "58%"}


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('readouts') / 'demo.sqlite'}"
    with open_store(url) as store:
        load_demo(store)
        data = store.load_wave(DEMO_WAVE)
    return summarize(data, "group")


def _first(summary, kind: str):
    return next(item for item in summary.items if item.kind == kind)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(HEADINGS))
def test_every_numbers_table_has_translated_headings(summary, kind, lang):
    table = numbers_table(summary, _first(summary, kind), lang)
    tr = translations(lang)
    expected = [tr.gettext(h) for h in HEADINGS[kind]]
    if lang == "zh":
        expected = [h.replace("(", "（").replace(")", "）") for h in expected]
    assert list(table.columns) == expected
    assert not INTERNAL & set(table.columns)
    if lang != "en":  # translated (a heading may be the same word: "Option" in French)
        assert len(set(table.columns) & set(HEADINGS[kind])) <= 1, table.columns
    assert len(table) > 0 and table.notna().all().all()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_shares_are_written_as_the_language_writes_percentages(summary, lang):
    item = summary.item("q1_overall")
    table = numbers_table(summary, item, lang)
    group, answer, count, share = table.columns
    council = table[table[group].str.startswith(code_label("group", "council", lang))]
    good = council[council[count] == 7]
    assert list(good[share]) == [FIFTY_EIGHT[lang]]
    # No share is a decimal fraction (0.0667): each is a percentage or, for a group too small
    # for shares, a count ("3 of 4").
    as_count = re.escape(translations(lang).gettext("{k} of {n}")).replace(r"\{k\}", r"\d+").replace(r"\{n\}", r"\d+")
    for text in table[share]:
        assert re.fullmatch(r"\d+(\xa0)?%", text) or re.fullmatch(as_count, text), text


def test_small_groups_show_counts_not_shares(summary):
    item = _first(summary, "multiple")
    table = numbers_table(summary, item, "en")  # the Secretariat answered with 4 units
    secretariat = table[table["Group"].str.startswith("Secretariat")]
    assert len(secretariat) and all(" of " in s and "%" not in s for s in secretariat["Share"])
    assert set(secretariat["Lower 95% bound"]) == {"–"}


def test_chinese_tables_use_full_width_brackets(summary):
    table = numbers_table(summary, summary.item("q1_overall"), "zh")
    groups = table[table.columns[0]]
    assert all("(" not in g and ")" not in g for g in groups)
    assert any(g.startswith("安全理事会（n = ") for g in groups)


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_compare_table_and_description(summary, lang):
    frame = heatmap_frame(summary, lang)
    table = heatmap_table(frame, lang)
    assert table.columns[0] == translations(lang).gettext("Item")
    assert not INTERNAL & set(table.columns)
    assert len(table) == frame["item_label"].nunique()
    marked = frame.loc[frame["differs"].astype(bool), "item_label"].unique()
    # Every cell the tests mark carries the heatmap's diamond, and only those rows.
    rows_with_mark = set(table.loc[table.iloc[:, 1:].apply(lambda r: any("◆" in str(v) for v in r), axis=1),
                                   table.columns[0]])
    assert rows_with_mark == set(marked)
    description = heatmap_description(frame, "agree_share", lang)
    assert all(label in description for label in marked)


def test_heatmap_description_without_marks_says_what_the_tests_support():
    frame = pd.DataFrame({"item_label": ["A", "B"], "group_label": ["Security Council\nn = 3"] * 2,
                          "text": ["50%", "20%"], "differs": [False, False]})
    text = heatmap_description(frame, "agree_share", "en")
    assert text.endswith("On no item do the tests support a difference between two groups.")


def test_coverage_table_and_description():
    frame = pd.DataFrame({"group": ["council", "other"], "group_label": ["Security Council", "Other"],
                          "responded": [15, 5], "universe": [15, float("nan")]})
    table = coverage_table(frame, "fr")
    assert list(table.columns) == ["Groupe", "Ont répondu", "Ensemble du groupe"]
    assert list(table.iloc[:, 2]) == ["15", "–"]
    assert coverage_description(frame, "en") == "Security Council: 15 of 15 answered. Other: 5 answered."
