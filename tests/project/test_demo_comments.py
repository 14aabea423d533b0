"""The demo's comments, codebook, coders and quotes: six languages, varied, coded with some disagreement."""
from __future__ import annotations

from collections import Counter

import pytest

from analysis.text.comments import read_comments
from analysis.text.language import detect_language
from analysis.text.themes import summarize_themes
from surveys.coding import load_codebook, load_codings, load_quotes
from surveys.demo import DEMO_WAVE, load_demo
from surveys.demo_comments import COMMENTS
from surveys.model import UN_LANGUAGES
from surveys.storage.store import open_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}") as store:
        load_demo(store)
        yield store, store.load_wave(DEMO_WAVE)


@pytest.mark.parametrize("item, line", [(item, line) for item, lines in COMMENTS.items() for line in lines],
                         ids=lambda v: v if isinstance(v, str) else v.lang)
def test_every_demo_comment_is_detected_in_its_language(item, line):
    assert detect_language(line.text).code == line.lang, line.text
    assert (line.english is None) == (line.lang == "en")  # every non-English comment has its rendering


def test_demo_comments_are_in_all_six_languages_and_varied(demo):
    _, data = demo
    comments = read_comments(data)
    languages = Counter(c.language for c in comments)
    assert set(UN_LANGUAGES) <= set(languages), languages
    texts = Counter(c.text for c in comments)
    assert len(texts) >= 40 and texts.most_common(1)[0][1] <= 8  # no handful of sentences repeated
    assert len(comments.search("informal")) >= 3 and comments.search("信息")


def test_demo_coding_shows_reliability_and_agreed_themes(demo):
    store, data = demo
    summary = summarize_themes(data, load_codebook(store, DEMO_WAVE), load_codings(store, DEMO_WAVE))
    for item in summary.items:
        reliability = item.reliability
        assert reliability.coders == 2 and reliability.single_coded >= 1  # Coder B codes about four in five
        assert 0.4 < reliability.alpha_nominal < 1  # the coders disagree a little, not at random
        assert item.n_coded == item.n_comments
    q1 = summary.item("q1_comment")
    timing = next(o for o in q1.summary.options if o.option == "timing")
    assert timing.groups["tcc_pcc"].share > timing.groups["secretariat"].share
    quotes = load_quotes(store, DEMO_WAVE)
    assert {q.group for q in quotes} >= {"council", "tcc_pcc", "secretariat"}
    assert any(q.translation and q.language != "en" for q in quotes)
    assert {q.consent for q in quotes} == {True, False, None}
