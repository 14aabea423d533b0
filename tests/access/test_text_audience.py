"""Comments, terms, themes and quotes (the open-ended answers) obey the same audience rules as
every figure: names only as the rules allow, counts under the minimum cell size withheld."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.present.comments import quote_entries, shown_comments
from analysis.present.disclosure import SECRETARIAT, Audience
from analysis.text.comments import read_comments
from analysis.text.terms import distinctive_terms
from analysis.text.themes import summarize_themes
from support.workbooks import write_book
from surveys.coding import load_codebook, load_codings, load_quotes
from surveys.demo import DEMO_WAVE, load_demo
from surveys.storage.importer import import_files
from surveys.storage.store import open_store

REPO = Path(__file__).resolve().parents[2]
MEMBER = Audience("member", "GHA", 3)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("text")
    url = f"sqlite:///{folder / 'text.sqlite'}"
    with open_store(url) as store:
        assert load_demo(store).ok
        book = write_book(folder / "n.xlsx", {"responses": [["respondent", "consent", "q1_overall", "q1_comment"],
                                                            ["Norway", "yes", 4, "Norway is glad to be named."]]})
        assert import_files(store, [book], wave=DEMO_WAVE).ok
        yield url, store.load_wave(DEMO_WAVE), load_codebook(store, DEMO_WAVE), load_codings(store, DEMO_WAVE), \
            load_quotes(store, DEMO_WAVE)


def test_comments_are_named_for_the_secretariat_the_delegation_itself_and_consent(demo):
    _url, data, *_ = demo
    found = read_comments(data)
    everyone = {c.author for c in shown_comments(found, data, SECRETARIAT)}
    member = shown_comments(found, data, MEMBER)
    assert len(everyone) > 20 and len(member) == len(found)
    assert {c.author for c in member} - {None} <= {"Norway", "Ghana"}
    assert any(c.author == "Norway" for c in member)
    assert all(c.region is None for c in member if c.author is None)  # no region beside an unnamed comment
    assert shown_comments(found, data, Audience("viewer")) == []


def test_quotes_keep_a_name_only_where_the_rules_allow(demo):
    _url, data, _book, _codings, quotes = demo
    assert [e.author for e in quote_entries(quotes, data, SECRETARIAT)] == [q.respondent for q in quotes]
    shown = quote_entries(quotes, data, MEMBER)
    assert len(shown) == len(quotes)
    for original, seen in zip(quotes, shown):
        consented = original.consent is True
        assert seen.text == original.text and seen.key is None  # no way back to the respondent
        assert seen.author in (None, original.respondent)
        assert seen.author is None or consented or original.respondent == "Ghana", (original, seen)
    assert quote_entries(quotes, data, Audience("viewer")) == []


def test_terms_for_members_name_no_comment_and_count_at_least_k(demo):
    _url, data, *_ = demo
    comments = read_comments(data).of_question("q3")
    result = distinctive_terms(list(comments))
    full, member = result.to_dict(k=30), result.to_dict(k=30, audience=Audience("member", "GHA", 4))
    assert any(t["comments"] for terms in full["terms"].values() for t in terms)
    assert all("comments" not in t and t["count"] >= 4 for terms in member["terms"].values() for t in terms)
    assert all(member["groups"][g]["comments"] >= 4 for g in member["groups"])


def test_theme_counts_under_k_are_withheld_from_members(demo):
    _url, data, codebook, codings, _quotes = demo
    themes = summarize_themes(data, codebook, codings)
    full, member = themes.to_dict(), themes.to_dict(audience=Audience("member", "GHA", 3))
    small = [(i, o, g) for i, item in enumerate(full["items"]) for o, option in enumerate(item["options"])
             for g, stats in option["groups"].items() if 0 < (stats["selected"] or 0) < 3]
    assert small, "the demo's coding has themes raised by one or two comments of a group"
    for i, o, g in small:
        assert member["items"][i]["options"][o]["groups"][g]["selected"] is None
    assert json.dumps(member).count('"selected": null') >= len(small)


def test_the_comments_command_takes_an_audience(demo, tmp_path):
    url, *_ = demo
    out = tmp_path / "c.json"
    done = subprocess.run([sys.executable, "-m", "analysis", "comments", "--question", "q1", "--audience", "members",
                           "--db", url, "--json", str(out)], capture_output=True, text=True, cwd=REPO,
                          env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=300)
    assert done.returncode == 0, done.stderr
    comments = json.loads(out.read_text(encoding="utf-8"))["comments"]
    assert {c["respondent"] for c in comments} <= {None, "Norway", "Ghana"}
    # Region and seat only beside a name (a named delegation's region is public knowledge).
    assert all(c["region"] is None and c["p5_e10"] is None for c in comments if c["respondent"] is None)
    assert any(c["respondent"] == "Norway" for c in comments)


def test_members_comments_terms_and_themes_leave_out_a_group_under_k(demo):
    """With k = 5 the demo's four Secretariat units are left out of a member's comments, terms and
    themes altogether: not counted in the other groups' terms, not listed as a group that raised nothing."""
    _url, data, codebook, codings, _quotes = demo
    k5 = Audience("member", "GHA", 5)
    secretariat = set(data.respondents.loc[data.respondents["group"] == "secretariat", "respondent"])
    assert 0 < len(secretariat) < 5 <= data.respondents["group"].value_counts().drop("secretariat").min()
    everything, seen = read_comments(data), read_comments(data, audience=k5)
    assert {c.respondent for c in seen} == {c.respondent for c in everything} - secretariat
    q1 = [c for c in seen if c.item == "q1_comment"]
    terms = distinctive_terms(q1, background=list(seen)).to_dict(audience=k5)
    assert "secretariat" not in terms["groups"] and "secretariat" not in terms["terms"]
    themes = summarize_themes(data, codebook, codings, audience=k5)
    assert "secretariat" not in themes.groups
    for item in themes.items:
        assert all("secretariat" not in option.groups for option in item.summary.options)
        assert item.n_comments == sum(1 for c in seen if c.item == item.item)
    full = summarize_themes(data, codebook, codings)
    assert "secretariat" in full.groups
