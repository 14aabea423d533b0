"""Nothing a page shows makes the browser fetch from anywhere but the server itself.

A real ``streamlit run`` on a store holding the hostile corpus (a wave named with a Markdown
image, attributes and comments holding images, links and HTML) and a real headless Chromium
that records every request each page makes: every page, in English, Chinese and Arabic,
compared by the hostile attribute, with the filters open. Only the server's own origin (and
data: or blob: addresses the page makes itself) may appear; the page icon is the server's;
the hostile texts are on screen as the characters they are.
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from support.browser import CHROMIUM, CHROMIUM_ARGS, settle, start_app, stop
from support.hostile import FORM_LABELS, PIXEL, STORED_WAVES, hostile_store

pytestmark = pytest.mark.browser
FORM_WAVE = next(wave for wave, case in STORED_WAVES.items() if case == "instrument labels")
PAGES = ("", "compare", "common_ground", "upload", "export", "template", "q1", "q2", "q3", "q4", "q5", "q6")


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium package is not installed (scripts/setup.sh installs it)")
    pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp("browser-hostile")
    url = f"sqlite:///{folder / 'hostile.sqlite'}"
    bys = hostile_store(url, folder)
    server, base = start_app(url)
    yield base, bys
    stop(server)


def _choose(page, label: str | None, option: str) -> None:
    boxes = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]")
    box = boxes.first if label is None else boxes.filter(has_text=label).first  # None: the language
    box.click()
    # The list shows only the options in view (the hostile store has many waves): typing narrows it.
    page.keyboard.type(option[:12])
    page.get_by_role("option", name=option, exact=True).first.click()
    settle(page)


def test_no_page_fetches_anything_from_elsewhere(hostile_app):
    from playwright.sync_api import sync_playwright

    base, bys = hostile_app
    wave = f"Round {PIXEL}"
    own = urlsplit(base)
    requests: list[tuple[str, str]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.on("request", lambda request: requests.append((request.url, request.resource_type)))
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(base + "/")
        settle(page)
        _choose(page, "Wave", wave)
        _choose(page, "Compare by", bys[wave])
        page.locator("[data-testid=stSidebar] [data-testid=stExpander]").first.click()
        settle(page)
        main = page.locator("[data-testid=stMain]").inner_text().replace("\u200b", "")
        sidebar = page.locator("[data-testid=stSidebar]").inner_text().replace("\u200b", "")
        assert wave in main  # "Wave Round ![pixel](…)": the characters themselves
        assert f"Seat {PIXEL}" in sidebar
        assert page.locator("img[src*='tracker.example']").count() == 0
        links = page.locator("a[href*='tracker.example']")
        where = "e => e.outerHTML + ' in ' + e.parentElement.parentElement.outerHTML.slice(0, 400)"
        assert links.count() == 0, [links.nth(i).evaluate(where) for i in range(links.count())]
        icon = page.evaluate("() => document.querySelector(\"link[rel='shortcut icon']\")?.href || ''")
        assert icon.startswith(base + "/"), icon
        for lang in ("English", "中文", "العربية"):
            if lang != "English":
                _choose(page, None, lang)
            for path in PAGES:
                page.goto(f"{base}/{path}")
                settle(page)
                assert page.locator("img[src*='tracker.example'], a[href*='tracker.example']").count() == 0
        # The wave whose instrument labels (title, headings, items, hints, choices) hold Markdown.
        _choose(page, None, "English")
        _choose(page, "Wave", FORM_WAVE)
        for path in PAGES:
            page.goto(f"{base}/{path}")
            settle(page)
            assert page.locator("img[src*='tracker.example'], a[href*='tracker.example']").count() == 0
        page.goto(f"{base}/q1")
        settle(page)
        assert FORM_LABELS[("q1_overall", "en")] in page.locator("[data-testid=stMain]").inner_text().replace(
            "\u200b", "")
        browser.close()
    elsewhere = sorted({url for url, _kind in requests
                        if not url.startswith(("data:", "blob:")) and urlsplit(url)[:2] != own[:2]})
    assert requests and elsewhere == [], elsewhere
