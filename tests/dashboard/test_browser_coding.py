"""A coder codes one comment in a real headless Chromium against `streamlit run`, and the store has it.

Also reads the Comments page and searches it in Chinese. Every wait is for a condition on the
page or in the store (with a generous deadline), never for a fixed moment.
"""
from __future__ import annotations

import time

import pytest

from support.browser import browser_tab, served_demo, shoot
from surveys.coding import load_codings
from surveys.storage.store import open_store

pytestmark = pytest.mark.browser
CODER = "Coder in the browser"


def settled(tab) -> None:
    """Wait until Streamlit has finished the current run (no status widget saying it runs)."""
    tab.wait_for_selector("[data-testid=stSidebar]")
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')"
        " || !document.querySelector('[data-testid=stStatusWidget]').innerText.includes('Running')",
        timeout=90_000)


def _stored(url: str, deadline: float = 60) -> set:
    """This coder's codings in the store, polled until there are some (or the deadline passes)."""
    end = time.monotonic() + deadline
    while True:
        with open_store(url) as store:
            found = {(c.respondent, c.item, c.theme) for c in load_codings(store) if c.coder == CODER}
        if found or time.monotonic() > end:
            return found
        time.sleep(0.5)  # polling the store for the condition, not waiting for a moment


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    yield from served_demo(tmp_path_factory)


@pytest.fixture(scope="module")
def page(app):
    yield from browser_tab()


def test_a_coder_codes_one_comment(app, page):
    base, folder = app
    page.goto(base + "/coding")
    settled(page)
    main = page.locator("[data-testid=stMain]")
    main.get_by_role("heading", name="Coding").wait_for()
    main.get_by_role("textbox", name="Your name as a coder").fill(CODER)
    main.get_by_role("textbox", name="Your name as a coder").press("Enter")
    main.get_by_text("0 of 17 comments coded by you.").wait_for(timeout=90_000)
    first = main.locator("[data-testid=stText]").first.inner_text()
    themes = main.locator("[data-testid=stMultiSelect]").filter(has_text="Themes in this comment")
    themes.locator("input").click()
    page.get_by_role("option", name="Timing").click()
    page.keyboard.press("Escape")
    themes.get_by_text("Timing").wait_for()
    main.get_by_role("button", name="Save my coding of this comment").click()
    main.get_by_text("Saved your coding of this comment.").wait_for(timeout=90_000)
    main.get_by_text("1 of 17 comments coded by you.").wait_for(timeout=90_000)
    shoot(page, "coding")
    coded = _stored(f"sqlite:///{folder / 'trialogue.sqlite'}")
    assert len(coded) == 1
    (respondent, item, theme), = coded
    assert (item, theme) == ("q1_comment", "timing")
    with open_store(f"sqlite:///{folder / 'trialogue.sqlite'}") as store:
        data = store.load_wave()
    text = data.answers[(data.answers["respondent"] == respondent) & (data.answers["item"] == item)]["value"]
    assert text.iloc[0] == first  # the comment on screen is the one coded


def test_the_comments_page_searches_in_chinese(app, page):
    base, _folder = app
    page.goto(base + "/comments")
    settled(page)
    main = page.locator("[data-testid=stMain]")
    main.get_by_role("heading", name="Comments").first.wait_for()
    main.get_by_role("textbox", name="Search the comments").fill("信息")
    main.get_by_role("textbox", name="Search the comments").press("Enter")
    main.get_by_text("1 comment matches “信息”").wait_for(timeout=90_000)
    main.locator("[data-testid=stDataFrame]").first.wait_for()
    main.locator("[data-testid=stVegaLiteChart]").first.wait_for(timeout=90_000)
    shoot(page, "comments")
