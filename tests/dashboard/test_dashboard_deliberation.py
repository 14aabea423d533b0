"""The Deliberation pages under AppTest — Results, Vote, Moderation — on real SQLite stores
holding the demo wave and its round: what each role sees (running results, the minimum cell
size, names), votes cast and changed, statements submitted and moderated, a round created
from an uploaded workbook and closed. Members and viewers sign in through the real form with
built-in accounts; the Secretariat is the single user of a dashboard without sign-in."""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from analysis.present.deliberation import round_for
from analysis.present.disclosure import Audience
from dashboard import cache
from support.accounts import ACCOUNTS, PASSWORD, add_demo_accounts
from surveys.demo import DEMO_WAVE
from surveys.rounds import ledger
from surveys.rounds.demo import DEMO_ROUND
from surveys.rounds.votes import own_votes, vote_history
from surveys.storage.audit import entries
from surveys.storage.store import URL_VARIABLE, open_store

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "streamlit_app.py")
MEMBER = Audience("member", "NOR")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("deliberation") / "demo.sqlite"
    with open_store(f"sqlite:///{path}") as store:
        add_demo_accounts(store)
    return path


@pytest.fixture
def url(demo_file, tmp_path, monkeypatch) -> str:
    """A fresh copy of the demo store for one test (tests here write to it)."""
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    found = f"sqlite:///{copy}"
    monkeypatch.setenv(URL_VARIABLE, found)
    monkeypatch.delenv("TRIALOGUE_AUTH", raising=False)  # restored after the test, whatever _app set
    return found


def _app(page: str, role: str | None = None, *, clean: bool = True) -> AppTest:
    """``page`` as ``role`` sees it, signed in through the sign-in form with the built-in account
    of that role; without a role, the dashboard without sign-in (the Secretariat)."""
    # This test changed the store behind the dashboard's back: forget the few seconds' reads.
    cache.clear_rounds()
    if role is None:
        os.environ.pop("TRIALOGUE_AUTH", None)
        at = AppTest.from_file(APP, default_timeout=120).run()
    else:
        os.environ["TRIALOGUE_AUTH"] = "accounts"
        at = AppTest.from_file(APP, default_timeout=120).run()
        at.text_input(key="signin_name").input(ACCOUNTS[role][0])
        at.text_input(key="signin_password").input(PASSWORD)
        at.button[0].click().run()
    at.switch_page(f"dashboard/pages/{page}").run()
    if clean:
        _clean(at)
    return at


def _clean(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info])


def _specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def _chart_data(chart):
    """The rows a chart was sent with (Streamlit ships altair data as Arrow datasets), all layers."""
    import pandas as pd
    import pyarrow as pa

    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in chart.proto.datasets]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _view(url: str, audience: Audience = Audience()):
    with open_store(url) as store:
        return round_for(ledger.load_round(store, DEMO_ROUND, attributed=audience.sees_everything), audience)


def test_results_rank_every_statement_and_answer_the_chairs_question(url):
    at = _app("deliberation.py")
    view = _view(url)
    ranked = [s.id for s in view.analysis.ranked]
    shown = [m.value for m in at.markdown if m.value.startswith(("**1.", "**2.", "**12."))]
    assert shown[0].startswith(f"**1. {ranked[0]}**") and shown[-1].startswith(f"**12. {ranked[-1]}**")
    text = _texts(at)
    assert "47 delegations voted on 12 statements" in text
    assert "The opinion groups cut across the institutional lines" in text
    # One diverging bar chart per statement (eight drawn at once, four behind "Votes by group") and the map.
    specs = _specs(at)
    assert len(specs) == 13
    bars = [s for s in specs if any(layer.get("mark", {}).get("type") == "bar" for layer in s.get("layer", []))]
    assert len(bars) == 12
    # The bridging and dividing lists are the analysis's, in its order.
    listed = [re.match(r"\*\*(\w+)\*\* · ", m.value) for m in at.markdown]
    assert [m.group(1) for m in listed if m] == [s.id for s in (*view.analysis.bridging, *view.analysis.dividing)]


def test_running_results_setting_decides_what_members_see_while_open(url):
    with open_store(url) as store:
        ledger.set_running_results(store, DEMO_ROUND, False)
    member = _app("deliberation.py", "member")
    assert "Results are shown after the round closes" in _texts(member)
    assert not member.get("vega_lite_chart")
    # The secretariat always sees them.
    assert _specs(_app("deliberation.py"))
    with open_store(url) as store:
        ledger.set_running_results(store, DEMO_ROUND, True)
    member = _app("deliberation.py", "member")
    assert "47 delegations voted" in _texts(member) and member.get("vega_lite_chart")
    # Viewers see published results only, whatever the running setting.
    viewer = _app("deliberation.py", "viewer")
    assert "Results of this round are published when it closes." in _texts(viewer)
    with open_store(url) as store:
        ledger.close_round(store, DEMO_ROUND)
    viewer = _app("deliberation.py", "viewer")
    assert "its figures are final" in _texts(viewer) and viewer.get("vega_lite_chart")


def test_members_never_see_a_cell_under_k_nor_a_name(url):
    member = _app("deliberation.py", "member")
    member.toggle(key="numbers_round").set_value(True).run()
    _clean(member)
    table = member.dataframe[0].value
    view = _view(url, MEMBER)
    secretariat = _view(url)
    # Every count from 1 to 2 the secretariat sees is withheld (–) in the member's table.
    hidden = 0
    for _, row in table.iterrows():
        sid = row["Statement"]
        for code in secretariat.analysis.groups:
            cell = secretariat.cell(sid, code)
            shown = view.cell(sid, code)
            column = [c for c in table.columns if c not in ("Statement", "Question", "Text", "Consensus for",
                                                             "Consensus against", "Finding")]
            label = column[list(secretariat.analysis.groups).index(code)]
            values = row[label].split(" · ")
            for vote, text in zip(("agree", "disagree", "pass"), values):
                count = cell.counts[vote]
                if 0 < count < 3:
                    assert text == "–", (sid, code, vote, row[label])
                    hidden += 1
                if text != "–":
                    assert int(text) == shown.counts[vote] == count
    assert hidden > 0
    # Names: the secretariat's map names its points in tooltips; the member's data hold no name.
    names = set(secretariat.analysis.opinion.participants)
    member_map = _chart_data(member.get("vega_lite_chart")[-1])
    points = member_map.dropna(subset=["participant"])
    assert len(points) == 47 and set(points["participant"]) == {""}
    assert not names & set(member_map.to_numpy().ravel().tolist())
    secretariat_map = _chart_data(_app("deliberation.py").get("vega_lite_chart")[-1])
    assert set(secretariat_map["participant"].dropna()) == names
    assert "Points are not named" in _texts(member)


def test_secretariat_enters_and_changes_a_delegations_vote(url):
    at = _app("voting.py")
    assert "You act as the Secretariat" in _texts(at)
    at.selectbox(key="vote_as").set_value("NOR").run()
    _clean(at)
    assert at.subheader[0].value == "Voting as Norway"
    at.button(key="vote_s01_agree").click().run()
    _clean(at)
    with open_store(url) as store:
        assert own_votes(store, DEMO_ROUND, "Norway") == {"s01": "agree"}
    assert any(c.value == "Your vote: Agree" for c in at.caption)
    assert at.button(key="vote_s01_agree").proto.type == "primary"
    at.button(key="vote_s01_agree").click().run()  # the vote it already has: nothing new in history
    at.button(key="vote_s01_disagree").click().run()
    _clean(at)
    with open_store(url) as store:
        assert own_votes(store, DEMO_ROUND, "Norway") == {"s01": "disagree"}
        mine = [v for v in vote_history(store, DEMO_ROUND) if v.respondent == "Norway"]
    # The changed vote stays in history, no longer current.
    assert [(v.vote, v.current, v.channel) for v in mine] == [("agree", False, "dashboard"),
                                                              ("disagree", True, "dashboard")]
    # Votes the Secretariat enters for a delegation are audited under its account.
    with open_store(url) as store:
        entered = entries(store, action="vote_entered")
    assert [(e.role, e.subject, e.details["delegation"], e.details["vote"]) for e in reversed(entered)] == [
        ("secretariat", f"{DEMO_ROUND} s01", "Norway", "agree"), ("secretariat", f"{DEMO_ROUND} s01", "Norway",
                                                                   "disagree")]


def test_a_member_votes_only_as_its_own_delegation(url):
    at = _app("voting.py", "member")
    assert not [s for s in at.selectbox if s.key == "vote_as"]
    assert at.subheader[0].value == "Voting as Norway"
    at.button(key="vote_s09_pass").click().run()
    _clean(at)
    with open_store(url) as store:
        assert own_votes(store, DEMO_ROUND, "NOR") == {"s09": "pass"}
        assert not entries(store, action="vote_entered")  # a delegation's own vote is its vote history
    assert len(at.get("download_button")) == 1  # the delegation's vote template
    # No moderation for members, no voting for viewers: the pages refuse on the server, whatever
    # the menu shows.
    refused = _app("moderation.py", "member", clean=False)
    assert [e.value for e in refused.error] == [
        "This page is not open to your account (member). Ask the Secretariat if you need it."]
    assert not [b for b in refused.button if b.key != "sign_out"]
    viewer = _app("voting.py", "viewer", clean=False)
    assert [e.value for e in viewer.error] == [
        "This page is not open to your account (viewer). Ask the Secretariat if you need it."]
    assert not [b for b in viewer.button if b.key != "sign_out"]


def test_a_closed_round_takes_no_more_votes(url):
    with open_store(url) as store:
        ledger.close_round(store, DEMO_ROUND)
    at = _app("voting.py", "member")
    assert "This round is closed: its votes are final." in _texts(at)
    assert all(b.disabled for b in at.button if b.key and b.key.startswith("vote_"))
    assert not at.get("download_button") and not at.get("form")


def test_a_submitted_statement_waits_then_is_rejected_with_a_reason(url):
    member = _app("voting.py", "member")
    member.text_area[0].input("Contributors should see draft mandates <b>early</b>.")
    member.form_submit_button[0].click().run()
    _clean(member)
    with open_store(url) as store:
        (mine,) = ledger.own_statements(store, DEMO_ROUND, "Norway")
    assert mine.state == "pending" and mine.origin == "delegation"
    member = _app("voting.py", "member")
    assert any("waiting for moderation" in c.value for c in member.caption)
    moderator = _app("moderation.py")
    pending = [m.value for m in moderator.markdown if m.value.startswith(f"**{mine.id}**")]
    assert pending and "submitted by Norway" in pending[0]
    # The statement reads as text: its markup is not rendered.
    assert any(t.value == "Contributors should see draft mandates <b>early</b>." for t in moderator.text)
    moderator.button(key=f"reject_{mine.id}").click().run()
    assert "a rejection needs a reason" in " ".join(e.value for e in moderator.error)
    moderator.text_input(key=f"reason_{mine.id}").input("already covered by s02").run()
    moderator.button(key=f"reject_{mine.id}").click().run()
    _clean(moderator)
    with open_store(url) as store:
        (mine,) = ledger.own_statements(store, DEMO_ROUND, "Norway")
    assert (mine.state, mine.reason) == ("rejected", "already covered by s02")
    with open_store(url) as store:
        (moderated,) = entries(store, action="statement_moderated")
    assert (moderated.subject, dict(moderated.details)) == (
        f"{DEMO_ROUND} {mine.id}", {"state": "rejected", "reason": "already covered by s02"})
    member = _app("voting.py", "member")
    assert any(c.value == "not accepted — already covered by s02" for c in member.caption)


def test_a_statement_or_round_name_that_is_not_plain_text_is_refused_and_said(url, tmp_path):
    member = _app("voting.py", "member")
    member.text_area[0].input("Consult early\u202e.")
    member.form_submit_button[0].click().run()
    assert not member.exception
    assert any("invisible or control character (U+202E)" in e.value for e in member.error)
    with open_store(url) as store:
        assert ledger.own_statements(store, DEMO_ROUND, "Norway") == ()
    good = _statements_workbook(tmp_path / "good.xlsx", [["id", "question", "text::English (en)"],
                                                         ["r1", "q1", "Consult early."]])
    at = _app("moderation.py")
    at.text_input(key="create_round_name").input(DEMO_ROUND)  # taken
    at.file_uploader(key="create_round_file").set_value([("good.xlsx", good, XLSX)]).run()
    at.button(key="create_round").click().run()
    assert not at.exception and any("already exists" in e.value for e in at.error)


def test_accepting_a_statement_puts_it_on_the_ballot(url):
    moderator = _app("moderation.py")
    moderator.button(key="accept_d01").click().run()
    _clean(moderator)
    assert any("Statement d01 is accepted." in s.value for s in moderator.success)
    voting = _app("voting.py", "member")
    assert voting.button(key="vote_d01_agree")


def _statements_workbook(path: Path, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "statements"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path.read_bytes()


def test_secretariat_creates_a_round_from_a_workbook_then_closes_it(url, tmp_path):
    broken = _statements_workbook(tmp_path / "broken.xlsx", [
        ["id", "question", "text::English (en)"], ["r1", "q1", "First."], ["r1", "q9", "Second."]])
    at = _app("moderation.py")
    at.text_input(key="create_round_name").input("second round")
    at.file_uploader(key="create_round_file").set_value([("broken.xlsx", broken, XLSX)]).run()
    at.button(key="create_round").click().run()
    problems = "\n".join(t.value for t in at.text)
    assert "broken.xlsx" in problems and "statements!" in problems
    with open_store(url) as store:
        assert [r.name for r in ledger.rounds(store)] == [DEMO_ROUND]  # nothing stored
    good = _statements_workbook(tmp_path / "good.xlsx", [
        ["id", "question", "text::English (en)", "text::French (fr)"],
        ["r1", "q1", "Consult early.", "Consulter tôt."], ["r2", "q5", "Meet before renewals.", ""]])
    at.file_uploader(key="create_round_file").set_value([("good.xlsx", good, XLSX)]).run()
    at.button(key="create_round").click().run()
    _clean(at)
    assert any("Created round second round with 2 statements." in s.value for s in at.success)
    with open_store(url) as store:
        made = ledger.get_round(store, "second round")
        assert made.is_open and not made.running_results
    at = _app("moderation.py")
    at.selectbox(key="round").set_value("second round").run()
    at.button(key="close_round").click().run()
    _clean(at)
    with open_store(url) as store:
        assert not ledger.get_round(store, "second round").is_open
        audited = [(e.action, e.subject, e.role) for e in reversed(entries(store)) if e.subject == "second round"]
    assert audited == [("round_created", "second round", "secretariat"), ("round_closed", "second round", "secretariat")]


def test_a_translation_reaches_the_results_at_once(url):
    at = _app("deliberation.py")
    at.selectbox(key="lang").set_value("fr").run()
    assert not any("Consultations avec" in m.value for m in at.markdown)
    with open_store(url) as store:
        ledger.add_translation(store, DEMO_ROUND, "s01", "fr",
                               "Les consultations avec les pays contributeurs devraient commencer tôt.")
    cache.clear_rounds()  # as the few seconds' read of the round would have expired
    at.run()  # the round's data version changed: the cached analysis is not reused
    _clean(at)
    assert any("Les consultations avec les pays contributeurs" in m.value for m in at.markdown)


def test_export_page_reports_carry_a_chapter_and_a_sheet_per_round(url):
    import io

    from openpyxl import load_workbook

    at = _app("export.py")
    at.selectbox(key="export_format_en").set_value("xlsx").run()
    at.button(key="export_prepare").click().run()
    _clean(at)
    with open_store(url) as store:
        version = store.data_version(DEMO_WAVE)
    # The same cached call the page makes (keyed on the rounds' versions as well as the wave's).
    book = load_workbook(io.BytesIO(cache.report(url, DEMO_WAVE, version, "group", (), None, None, "xlsx", "en",
                                                 "report.xlsx")))
    assert {"Round 1", "Opinion groups"} <= set(book.sheetnames)
    before = cache.rounds_version(url, DEMO_WAVE)
    with open_store(url) as store:
        ledger.close_round(store, DEMO_ROUND)
    cache.clear_rounds()
    assert cache.rounds_version(url, DEMO_WAVE) != before


@pytest.mark.parametrize("page", ["deliberation.py", "voting.py", "moderation.py"])
def test_pages_on_an_empty_store_offer_the_demo(page, sqlite_url, monkeypatch):
    monkeypatch.setenv(URL_VARIABLE, sqlite_url)
    at = _app(page)
    assert at.button(key="load_demo")
