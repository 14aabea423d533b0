"""The flows a person uses, in a real headless Chromium against `streamlit run`.

Open the app, upload a filled template on the Upload page, see the new delegation
counted on Overview, switch to 中文, open question 5 and find its chart. Screenshots of
every page are saved (to docs/screenshots/, shown in the README, when
TRIALOGUE_UPDATE_SCREENSHOTS=1).
"""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from support.workbooks import fill_template
from surveys.instrument.default import default_instrument
from surveys.reading.template import write_template

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
# The README shows docs/screenshots/; a normal run keeps the work tree clean and writes them
# to a temporary folder. TRIALOGUE_UPDATE_SCREENSHOTS=1 refreshes the committed ones.
SCREENSHOTS = (REPO / "docs" / "screenshots" if os.environ.get("TRIALOGUE_UPDATE_SCREENSHOTS") == "1"
               else Path(tempfile.mkdtemp(prefix="trialogue-screenshots-")))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    """Poll ``url`` until it answers 200; fail with the process's last output if it exits or
    ``seconds`` pass first (a server or provider a test started, with its output piped)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.3)
    process.kill()
    pytest.fail(f"{url} did not answer: {process.stdout.read().decode(errors='replace')[-2000:]}")


def start_app(url: str) -> tuple[subprocess.Popen, str]:
    """``streamlit run streamlit_app.py`` on the store at ``url``, answering on this computer:
    (the server, its address)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=REPO, env={**os.environ, "TRIALOGUE_DATABASE_URL": url}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/_stcore/health", server)
    return server, base


def stop(server: subprocess.Popen) -> None:
    """End a server a test started, killing it if it does not stop within 15 s."""
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium package is not installed (scripts/setup.sh installs it)")
    pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'trialogue.sqlite'}"
    env = {**os.environ, "TRIALOGUE_DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "surveys", "demo", "--db", url], check=True, env=env, cwd=REPO,
                   capture_output=True)
    server, base = start_app(url)
    yield base, folder
    stop(server)


@pytest.fixture(scope="module")
def page(app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.set_default_timeout(30_000)
        yield tab
        browser.close()


#: What the page is doing, for :func:`settle`: busy while Streamlit runs, elements are stale
#: or a chart has not drawn yet; otherwise a fingerprint of what is on screen.
PAGE_STATE = """() => {
  const status = document.querySelector('[data-testid=stStatusWidget]');
  // A chart inside a closed expander is not drawn until it opens: only charts on show count.
  const charts = [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].filter(c => c.getClientRects().length);
  const busy = (status !== null && status.innerText.includes('Running'))
    || document.querySelector('[data-stale=true], [data-testid=stSkeleton], [data-testid=stSpinner]') !== null
    || charts.some(c => !c.querySelector('canvas, svg'));
  const main = document.querySelector('[data-testid=stMain]');
  return {busy, text: main ? main.innerText.length : -1, charts: charts.length,
          elements: document.querySelectorAll('[data-testid=stElementContainer]').length};
}"""


def settle(page, timeout: float = 120) -> None:
    """Wait until Streamlit has finished the current run and the page has stopped changing:
    nothing running or stale, every chart drawn, and the same content three polls in a row.
    Polls with a deadline (a busy two-core machine may need most of it); never a fixed pause."""
    page.wait_for_selector("[data-testid=stSidebar]", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    last, stable = None, 0
    while time.monotonic() < deadline:
        state = page.evaluate(PAGE_STATE)
        stable = stable + 1 if not state["busy"] and state == last else 0
        if stable >= 3:
            return
        last = state
        page.wait_for_timeout(300)
    raise AssertionError(f"the page did not settle within {timeout:.0f} s: {last}")


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def respondents_counted(page, expected: int, timeout: float = 30) -> int:
    """Sum of the Overview's per-group metrics ("15 / 15", "30 / 110", "5").

    Waits (up to ``timeout`` seconds) for the page to show ``expected``: on a busy machine
    the metrics arrive a moment after the sidebar. Returns what it last saw.
    """
    page.locator("[data-testid=stMetric]").first.wait_for()
    deadline = time.monotonic() + timeout
    while True:
        metrics = page.locator("[data-testid=stMetric]").all_inner_texts()
        seen = sum(int(re.search(r"(\d+)(?:\s*/\s*\d+)?\s*$", text).group(1)) for text in metrics)
        if seen == expected or time.monotonic() > deadline:
            return seen
        page.wait_for_timeout(500)


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
