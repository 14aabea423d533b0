"""The flows a person uses, in a real headless Chromium against `streamlit run`.

Open the app, upload a filled template on the Upload page, see the new delegation
counted on Overview, switch to 中文, open question 5 and find its chart. Screenshots of
every page are saved (to docs/screenshots/, shown in the README, when
TRIALOGUE_UPDATE_SCREENSHOTS=1).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from support.browser import (
    browser_tab,
    respondents_counted,
    served_demo,
    settle,
    shoot,
)
from support.workbooks import fill_template
from surveys.instrument.default import default_instrument
from surveys.reading.template import write_template

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    yield from served_demo(tmp_path_factory)


@pytest.fixture(scope="module")
def page(app):
    yield from browser_tab()


def test_upload_count_language_and_question_chart(app, page):
    base, folder = app
    template = folder / "iceland-template.xlsx"
    write_template(default_instrument(), template, lang="en", respondent="Norway")
    filled = fill_template(template, folder / "norway.xlsx", {
        "q1_overall": "4", "q1_timely": "Agree", "q2_severity": "3", "q4_e10_role": "Strongly agree",
        "q5_informal_dialogues": "5", "q5_formal_meetings": "2", "q1_comment": "More informal dialogues."})

    page.goto(base + "/")
    settle(page)
    assert respondents_counted(page, 54) == 54  # the demo wave
    shoot(page, "overview")

    page.goto(base + "/upload")
    settle(page)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(filled))
    page.get_by_text("All files are clean").wait_for()
    settle(page)
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported 1 respondent into wave demo-2015").wait_for()
    shoot(page, "upload")

    page.goto(base + "/")
    settle(page)
    assert respondents_counted(page, 55) == 55  # Norway counted (as a TCC/PCC in December 2015)

    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.locator("[data-testid=stSelectbox]").first.click()
    page.get_by_role("option", name="中文").click()
    settle(page)
    page.get_by_text("安全理事会").first.wait_for()
    assert "概览" in page.locator("[data-testid=stMain]").inner_text() or "概览" in sidebar.inner_text()
    shoot(page, "overview-zh")

    page.goto(base + "/q5")
    settle(page)
    # Charts mount one after another on a busy machine: wait for the condition (Playwright polls
    # it until the deadline), never count at one moment.
    page.wait_for_function("() => document.querySelectorAll('[data-testid=stVegaLiteChart]').length >= 5",
                           timeout=90_000)
    page.wait_for_function("() => document.querySelectorAll("
                           "'[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg').length >= 1",
                           timeout=90_000)
    shoot(page, "question-5")


@pytest.mark.parametrize("path", ["compare", "common_ground", "export", "template", "q1", "q3"])
def test_other_pages_render_in_the_browser(app, page, path):
    base, _ = app
    page.goto(f"{base}/{path}")
    settle(page)
    main = page.locator("[data-testid=stMain]").inner_text()
    assert "Traceback" not in main and "Error" not in main.split("\n")[0], main[:500]
    assert len(main.strip()) > 40, main
    shoot(page, path.replace("_", "-"))
