"""The Deliberation pages on a round whose name, statements (in several languages), a
delegation's submitted statement and a rejection's reason hold Markdown, links, images and
HTML: Results, Vote and Moderation in every language, as the Secretariat and as a member,
render no link, image or HTML (the check of tests/hostile/test_hostile_pages.py) and raise nothing."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from support.accounts import ACCOUNTS, PASSWORD, add_demo_accounts
from support.app import APP
from support.hostile import HTML, LANGUAGES, LINK, PIXEL, assert_text_only
from surveys.demo import DEMO_WAVE
from surveys.rounds import ledger
from surveys.rounds.model import Statement
from surveys.rounds.votes import cast_vote
from surveys.storage.store import URL_VARIABLE, open_store

ROUND = f"Round {PIXEL} **bold**"
TEXT = f"Consult early {PIXEL} {LINK} {HTML} # heading :material/warning: $x$"


@pytest.fixture(scope="module")
def store_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile-rounds") / "rounds.sqlite"
    with open_store(f"sqlite:///{path}") as store:
        add_demo_accounts(store)
        statements = [Statement(f"h{i}", "q1", {"en": f"{TEXT} {i}", "zh": f"尽早协商 {PIXEL} {i}",
                                                "ar": f"{HTML} التشاور {i}"}) for i in range(1, 4)]
        ledger.create_round(store, ROUND, wave=DEMO_WAVE, statements=statements, running_results=True)
        for respondent, vote in (("Norway", "agree"), ("Ghana", "disagree"), ("France", "pass"),
                                 ("India", "agree")):
            for statement in ("h1", "h2", "h3"):
                cast_vote(store, ROUND, respondent, statement, vote)
        pending = ledger.submit_statement(store, ROUND, "Nepal", f"{LINK} {HTML}", question="q2")
        rejected = ledger.submit_statement(store, ROUND, "Norway", f"{PIXEL} again", question="q2")
        ledger.moderate(store, ROUND, rejected.id, "reject", f"see {LINK}")
        assert pending.state == "pending"
        # The demo's round first, then this one: the pages open on the newest.
        assert [r.name for r in ledger.rounds(store, DEMO_WAVE)][-1] == ROUND
    return path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_deliberation_pages_show_round_texts_as_text(lang, store_file, tmp_path, monkeypatch):
    copy = tmp_path / "rounds.sqlite"
    shutil.copy(store_file, copy)
    monkeypatch.setenv(URL_VARIABLE, f"sqlite:///{copy}")
    monkeypatch.delenv("TRIALOGUE_AUTH", raising=False)
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = lang
    at.run()
    for page in ("deliberation.py", "voting.py", "moderation.py"):
        at.switch_page(f"dashboard/pages/{page}").run()
        assert at.selectbox(key="round").value == ROUND
        assert_text_only(at, f"{lang} {page} secretariat")
    at.switch_page("dashboard/pages/voting.py").run()
    at.selectbox(key="vote_as").set_value("NOR").run()
    assert_text_only(at, f"{lang} voting as Norway")
    # A member: its own submitted (and rejected) statement with the reason.
    monkeypatch.setenv("TRIALOGUE_AUTH", "accounts")
    member = AppTest.from_file(APP, default_timeout=300)
    member.session_state["lang"] = lang
    member.run()
    member.text_input(key="signin_name").input(ACCOUNTS["member"][0])
    member.text_input(key="signin_password").input(PASSWORD)
    member.button[0].click().run()
    for page in ("deliberation.py", "voting.py"):
        member.switch_page(f"dashboard/pages/{page}").run()
        assert_text_only(member, f"{lang} {page} member")
