"""The browser tests' shared parts: Chromium and its flags, free ports, the app served by
``streamlit run`` (the demo, or the demo with sign-in and accounts), a page that has settled,
screenshots, and the browser and tab the module fixtures hand out."""
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

from support.accounts import PASSWORD

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


def surveys(*args: str, env: dict, stdin: str | None = None) -> None:
    subprocess.run([sys.executable, "-m", "surveys", *args], check=True, env=env, cwd=REPO, input=stdin,
                   capture_output=True, text=True, timeout=300)


def start_server(env: dict, port: int, *extra: str) -> subprocess.Popen:
    """``streamlit run dashboard/server.py`` on ``port``, once it answers its health check."""
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/server.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         *extra], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/_stcore/health", server)
    return server


def demo_with_accounts(tmp_path_factory, name: str, members: dict[str, str], prepare=None):
    """The body of a module fixture: the demo wave served with sign-in (built-in accounts), a
    Secretariat account ``sam`` and a member account per ``members`` (account -> delegation);
    ``prepare(folder, env)`` runs on the store before the accounts are made. Yields the base
    address and the folder, and stops the server afterwards."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium package is not installed (scripts/setup.sh installs it)")
    pytest.importorskip("playwright.sync_api")
    folder = tmp_path_factory.mktemp(name)
    url = f"sqlite:///{folder / 'trialogue.sqlite'}"
    env = {**os.environ, "TRIALOGUE_DATABASE_URL": url, "TRIALOGUE_AUTH": "accounts", "PYTHONPATH": str(REPO)}
    surveys("demo", env=env)
    if prepare is not None:
        prepare(folder, env)
    surveys("users", "add", "sam", "--role", "secretariat", "--password-stdin", env=env, stdin=PASSWORD + "\n")
    for account, delegation in members.items():
        surveys("users", "add", account, "--role", "member", "--delegation", delegation, "--password-stdin",
                env=env, stdin=PASSWORD + "\n")
    port = free_port()
    server = start_server(env, port)
    yield f"http://127.0.0.1:{port}", folder
    stop(server)


def open_tab(browser, base: str):
    """A fresh context (its own cookies) and a tab of it at the app's root, 1400 × 1000."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(base + "/")
    return context, page


def sign_in(browser, base: str, name: str):
    context, page = open_tab(browser, base)
    # Found by their accessible names, as a screen reader finds them.
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {name}").wait_for()
    settle(page)
    return context, page


def served_demo(tmp_path_factory):
    """The body of a module fixture: the demo wave served without sign-in. Yields the base
    address and the folder of its store, and stops the server afterwards."""
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


def chromium():
    """The body of a module fixture: a headless Chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def browser_tab():
    """The body of a module fixture: one tab of a headless Chromium, 1400 × 1000."""
    for launched in chromium():
        tab = launched.new_page(viewport={"width": 1400, "height": 1000})
        tab.set_default_timeout(30_000)
        yield tab
