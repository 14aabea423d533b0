"""Signing in, in a real headless Chromium against ``streamlit run dashboard/server.py`` with
built-in accounts: a member sees no Upload in the menu, is refused at /upload (a fresh page
load, signed in through the HttpOnly session cookie), and reads comments without other
delegations' names; the Secretariat signs in and uploads."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from analysis.present.numbers import DASH
from support.browser import (
    chromium,
    demo_with_accounts,
    settle,
    sign_in,
    surveys,
)
from support.workbooks import fill_template, write_book
from surveys.instrument.default import default_instrument
from surveys.reading.template import write_template

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def _norway_comment(folder, env) -> None:
    norway = write_book(folder / "norway.xlsx", {"responses": [
        ["respondent", "consent", "q1_overall", "q1_comment"],
        ["Norway", "no", 4, "A comment Norway wants kept unnamed."]]})
    surveys("import", str(norway), "--wave", "demo-2015", env=env)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    yield from demo_with_accounts(tmp_path_factory, "access", {"ghana": "Ghana"}, prepare=_norway_comment)


@pytest.fixture(scope="module")
def browser(app):
    yield from chromium()


CELLS = """() => Array.from(document.querySelectorAll('[data-testid=stDataFrame]')).pop()
    .querySelectorAll('[role=gridcell]').length ? Array.from(Array.from(document.querySelectorAll(
    '[data-testid=stDataFrame]')).pop().querySelectorAll('[role=gridcell]')).map(c => c.textContent) : []"""


def read_grid(page, grid, pages: int = 8) -> str:
    """Every cell of a data grid as the browser's accessibility tree has it: the grid draws only
    the rows in view, so it is paged through with the keyboard, as a reader would."""
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]').length > 0")
    seen: list[str] = []
    box = grid.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + 60)
    for _ in range(pages):
        seen.extend(page.evaluate(CELLS))
        page.keyboard.press("PageDown")
        page.wait_for_timeout(300)
    seen.extend(page.evaluate(CELLS))
    return " | ".join(dict.fromkeys(seen))


def wait_for_cookie(context, deadline: float = 30) -> dict:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = [c for c in context.cookies() if c["name"] == "trialogue_session"]
        if found:
            return found[0]
        time.sleep(0.3)
    pytest.fail("the session cookie was never set")


def test_a_member_sees_no_upload_is_refused_at_upload_and_reads_comments_unnamed(app, browser):
    base, _ = app
    context, page = sign_in(browser, base, "ghana")
    cookie = wait_for_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find("trialogue_session") == -1  # scripts cannot read it
    menu = page.locator("[data-testid=stSidebarNav]").inner_text()
    assert "Overview" in menu and "Upload" not in menu and "Audit log" not in menu

    page.goto(base + "/upload")  # typed in the address bar: a new page load, signed in by the cookie
    page.get_by_text("This page is not open to your account (member)").wait_for()
    assert page.locator("[data-testid=stFileUploaderDropzoneInput]").count() == 0
    assert page.get_by_text("Response workbooks").count() == 0

    page.goto(base + "/q1")
    settle(page)
    page.get_by_role("heading", name="Comments").wait_for()
    grid = page.locator("[data-testid=stDataFrame]").last
    grid.scroll_into_view_if_needed()
    shown = read_grid(page, grid)
    assert "A comment Norway wants kept unnamed." in shown
    assert "Norway" not in shown.replace("A comment Norway wants kept unnamed.", "")
    assert not re.search(r"\b(China|France|Bangladesh|Pakistan)\b", shown)
    assert DASH in shown  # the presentation layer's mark of a name not shown
    context.close()


def test_the_secretariat_signs_in_and_uploads(app, browser):
    base, folder = app
    template = folder / "template.xlsx"
    write_template(default_instrument(), template, lang="en", respondent="Tonga")
    filled = fill_template(template, folder / "tonga.xlsx", {"q1_overall": "5", "consent": "Yes"})
    context, page = sign_in(browser, base, "sam")
    wait_for_cookie(context)
    assert "Upload" in page.locator("[data-testid=stSidebarNav]").inner_text()
    page.goto(base + "/upload")
    settle(page)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(filled))
    page.get_by_text("All files are clean").wait_for()
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported 1 respondent into wave demo-2015").wait_for()
    context.close()
