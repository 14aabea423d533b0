"""``python -m analysis terms`` and ``python -m analysis comments`` on the demo wave: the JSON a
script reads says what the library computes, and a wrong question is refused in words."""
from __future__ import annotations

import json

import pytest

from analysis.text import distinctive_terms, read_comments
from support.coding import run_cli
from surveys.demo import DEMO_WAVE
from surveys.storage.store import open_store


@pytest.fixture(scope="module")
def demo(shared_demo_url, tmp_path_factory):
    with open_store(shared_demo_url) as store:
        return shared_demo_url, store.load_wave(DEMO_WAVE), tmp_path_factory.mktemp("text-cli")


def _json(folder, *args):
    out = folder / "out.json"
    done = run_cli("analysis", *args, "--json", str(out))
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_terms_of_one_question_with_counts_z_scores_and_their_comments(demo):
    url, data, folder = demo
    got = _json(folder, "terms", "--question", "q1", "--top", "5", "--db", url)
    assert got["items"] == ["q1_comment"] and got["wave"] == DEMO_WAVE and got["data_version"] == data.data_version
    assert "Monroe" in got["method"] and got["reason"] is None
    everything = read_comments(data)
    q1 = [c for c in everything if c.item == "q1_comment"]
    expected = distinctive_terms(q1, background=list(everything))
    assert {g: v["comments"] for g, v in got["groups"].items()} == dict(expected.groups)
    assert set(got["terms"]) == {"council", "tcc_pcc", "secretariat"}
    texts = {c.key: c.text for c in q1}
    for group, listed in got["terms"].items():
        want = expected.top(group, 5, min_count=2)
        assert [(t["term"], t["count"], t["count_rest"]) for t in listed] == [
            (t.term, t.count, t.count_rest) for t in want]
        assert [t["zscore"] for t in listed] == pytest.approx([t.zscore for t in want])
        assert [t["zscore"] for t in listed] == sorted((t["zscore"] for t in listed), reverse=True)
        for term in listed:
            # The comments behind a term are q1's comments of that group, as many as its count.
            assert len(term["comments"]) == term["count"] >= 2
            for ref in term["comments"]:
                assert ref["item"] == "q1_comment" and (ref["respondent"], "q1_comment") in texts


def test_comments_searched_in_chinese_across_questions(demo):
    url, data, folder = demo
    got = _json(folder, "comments", "--search", "信息", "--db", url)
    assert got["search"] == "信息" and got["comments"]
    for comment in got["comments"]:
        assert comment["language"] == "zh" and comment["matches"]
        start, end = comment["matches"][0]
        assert comment["text"][start:end] == "信息"
    one = _json(folder, "comments", "--question", "q2", "--db", url)["comments"]
    assert {c["item"] for c in one} == {"q2_comment"}
    assert len(one) == int(((data.answers["item"] == "q2_comment") & (data.answers["value"].str.strip() != "")).sum())
    assert {"group", "region", "language", "language_confidence", "text"} <= set(one[0])


def test_an_unknown_question_is_refused_in_words(demo):
    url, _data, folder = demo
    done = run_cli("analysis", "terms", "--question", "q9", "--db", url, "--json", str(folder / "x.json"))
    assert done.returncode == 2
    assert "--question q9: no such question or comment item" in done.stderr and "q1_comment" in done.stderr
    assert not (folder / "x.json").exists()
