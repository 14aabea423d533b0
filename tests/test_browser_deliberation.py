"""A deliberation round in a real headless Chromium against ``streamlit run``: votes cast for a
delegation on the Vote page, the round closed on the Moderation page, and the Results page
showing the round's counts changed. Every wait is for a condition on the page."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from test_browser import REPO, app, page, shoot  # noqa: F401 - the server and the browser tab

pytestmark = pytest.mark.browser

ROUND = "demo-2015-round-1"
#: Generous: a busy two-core machine draws a dozen charts slowly.
DEADLINE = 90_000


def _main(page):
    return page.locator("[data-testid=stMain]")


def _wait_text(page, text: str) -> None:
    _main(page).get_by_text(text, exact=False).first.wait_for(timeout=DEADLINE)


def _numbers(page) -> dict[str, list[str]]:
    """The statements table behind "Show the numbers": {statement: its cells} (the grid's text)."""
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.wait_for(timeout=DEADLINE)
    return grid


def test_votes_cast_for_a_delegation_change_the_counts_once_the_round_closes(app, page):  # noqa: F811
    base, folder = app
    url = f"sqlite:///{folder / 'trialogue.sqlite'}"
    # Members are not to see running results of this round (the default of a new round).
    subprocess.run([sys.executable, "-m", "surveys", "round", "results", ROUND, "--while-open", "hide", "--db", url],
                   check=True, cwd=REPO, capture_output=True)

    page.goto(base + "/deliberation")
    _wait_text(page, "47 delegations voted on 12 statements")
    shoot(page, "deliberation")

    page.goto(base + "/vote")
    _wait_text(page, "You act as the Secretariat")
    chooser = _main(page).locator("[data-testid=stSelectbox]").filter(has_text="Vote on behalf of")
    chooser.click()
    page.keyboard.type("Norway")
    page.get_by_role("option", name="Norway", exact=True).click()
    _wait_text(page, "Voting as Norway")
    for statement, vote in (("s01", "Agree"), ("s09", "Agree"), ("s10", "Disagree")):
        box = page.locator(f".st-key-ballot_{statement}")
        box.get_by_role("button", name=vote, exact=True).click()
        box.get_by_text(f"Your vote: {vote}").wait_for(timeout=DEADLINE)
    _wait_text(page, "Voted on 3 of 12 statements")
    shoot(page, "vote")

    page.goto(base + "/moderation")
    _wait_text(page, "Waiting for moderation")
    page.get_by_role("button", name="Close the round").click()
    _wait_text(page, "The round is closed: no more votes")

    page.goto(base + "/deliberation")
    _wait_text(page, "48 delegations voted on 12 statements")
    _wait_text(page, "its figures are final")
    main = _main(page).inner_text()
    # Norway is a troop- and police-contributing country in December 2015: 25 of them now.
    assert "TCC/PCC: 25" in main, main[:600]
    page.set_viewport_size({"width": 1800, "height": 1000})
    page.get_by_text("Show the numbers").first.click()
    grid = _numbers(page)
    # The grid's accessible copy holds the cells in view: s10's TCC/PCC cell reads 8 · 14 · 1,
    # one disagree more than the demo's 8 · 13 · 1 before Norway voted.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')]"
        ".some(cell => cell.innerText.trim() === '8 · 14 · 1')", timeout=DEADLINE)
    assert grid.is_visible()
    shoot(page, "deliberation-closed")
    assert re.search(r"Error|Traceback", _main(page).inner_text().split("\n")[0]) is None
