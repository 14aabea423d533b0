"""A deliberation round in a real headless Chromium against ``streamlit run dashboard/server.py``
with built-in accounts: Norway's delegation signs in and votes on the Vote page, sees no
results while the round is open, the Secretariat closes the round on the Moderation page, and
both see the round's counts changed on the Results page — the Secretariat every count, the
member with counts under k withheld. Every wait is for a condition on the page."""
from __future__ import annotations

import pytest

from support.browser import chromium, demo_with_accounts, shoot, sign_in, surveys

pytestmark = pytest.mark.browser

ROUND = "demo-2015-round-1"
#: Generous: a busy two-core machine draws a dozen charts slowly.
DEADLINE = 90_000


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The demo wave and its round, a Secretariat account and Norway's delegation, served with sign-in.
    Members are not to see running results of this round (the default of a new round)."""
    yield from demo_with_accounts(tmp_path_factory, "deliberation", {"norway": "Norway"},
                                  prepare=lambda folder, env: surveys("round", "results", ROUND, "--while-open",
                                                                      "hide", env=env))


def _main(page):
    return page.locator("[data-testid=stMain]")


def _wait_text(page, text: str) -> None:
    _main(page).get_by_text(text, exact=False).first.wait_for(timeout=DEADLINE)


def _wait_cell(page, text: str) -> None:
    """Open "Show the numbers" and wait for a cell of the statements table reading ``text`` (the
    grid's accessible copy holds the cells in view)."""
    page.get_by_text("Show the numbers").first.click()
    page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=DEADLINE)
    page.wait_for_function(
        "text => [...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')]"
        ".some(cell => cell.innerText.trim() === text)", arg=text, timeout=DEADLINE)


@pytest.fixture(scope="module")
def browser(app):
    yield from chromium()


def test_a_delegation_votes_and_sees_the_counts_change_once_the_round_closes(app, browser):
    base, _ = app
    secretariat, chair = sign_in(browser, base, "sam")
    chair.set_viewport_size({"width": 1800, "height": 1000})
    chair.goto(base + "/deliberation")
    _wait_text(chair, "47 delegations voted on 12 statements")
    # s10: the TCC/PCC group's agree · disagree · pass before Norway votes.
    _wait_cell(chair, "8 · 13 · 1")
    shoot(chair, "deliberation")

    member, norway = sign_in(browser, base, "norway")
    assert "Moderation" not in norway.locator("[data-testid=stSidebarNav]").inner_text()
    norway.goto(base + "/vote")
    _wait_text(norway, "Voting as Norway")
    assert _main(norway).get_by_text("Vote on behalf of").count() == 0  # a member votes as itself only
    for statement, vote in (("s01", "Agree"), ("s09", "Agree"), ("s10", "Disagree")):
        box = norway.locator(f".st-key-ballot_{statement}")
        box.get_by_role("button", name=vote, exact=True).click()
        box.get_by_text(f"Your vote: {vote}").wait_for(timeout=DEADLINE)
    _wait_text(norway, "Voted on 3 of 12 statements")
    shoot(norway, "vote")
    norway.goto(base + "/deliberation")
    _wait_text(norway, "Results are shown after the round closes")
    assert _main(norway).get_by_text("delegations voted on").count() == 0

    chair.goto(base + "/moderation")
    _wait_text(chair, "Waiting for moderation")
    chair.get_by_role("button", name="Close the round").click()
    _wait_text(chair, "The round is closed: no more votes")
    chair.goto(base + "/deliberation")
    _wait_text(chair, "48 delegations voted on 12 statements")
    _wait_cell(chair, "8 · 14 · 1")  # Norway's disagreement on s10 counted

    norway.goto(base + "/deliberation")
    _wait_text(norway, "48 delegations voted on 12 statements")
    _wait_text(norway, "its figures are final")
    # Norway is a troop- and police-contributing country in December 2015: 25 of them now.
    assert "TCC/PCC: 25" in _main(norway).inner_text()
    # The member reads the same cell with the one pass withheld, and its partner (the 8 agrees).
    norway.set_viewport_size({"width": 1800, "height": 1000})
    _wait_cell(norway, "– · 14 · –")
    shoot(norway, "deliberation-closed")
    assert not _main(norway).get_by_text("Traceback").count()
    member.close()
    secretariat.close()
