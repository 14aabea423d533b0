"""WCAG 2.1 AA in the browser: axe-core on every page in English and Arabic and on the
Overview in all six languages, the page's ``lang`` and ``dir``, and a keyboard walk that
measures every focus indicator.

axe-core comes from the npm registry, installed by scripts/setup.sh into ``.node/``
(git-ignored) and injected into each page with Playwright; it runs the WCAG 2.0 and 2.1
level A and AA rules. A critical or serious violation fails the test unless it is one of the
framework's own defects in :data:`FRAMEWORK_DEFECTS` (each explained in the README's
accessibility statement).

The keyboard walk presses Tab through the Overview and a question page. For each control
that takes focus it photographs the control's surroundings focused and unfocused and
measures, pixel by pixel, the contrast between the two states (WCAG 2.1, 1.4.11 and 2.4.7:
the indicator must differ from what was there by at least 3:1): the pixels that changed
with at least that contrast must make a ring at least one pixel wide around the control.
"""
from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest

from analysis.present.language import LANGUAGE_NAMES, LANGUAGES, html_direction, html_language, translations
from analysis.present.palette import contrast
from support.browser import CHROMIUM, CHROMIUM_ARGS, served_demo, settle

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / ".node" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Every page, by its address (the Overview is the root); without sign-in the reader is the
#: Secretariat, who reaches them all. The sign-in page has its own test below.
PAGES = ("", "compare", "common_ground", "q1", "q2", "q3", "q4", "q5", "q6", "comments", "deliberation", "vote",
         "moderation", "upload", "coding", "export", "template", "people", "audit")

#: Violations that are Streamlit's own markup, not the app's, each documented in the README's
#: accessibility statement: rule id -> containers (CSS selectors) the violating node lies in.
FRAMEWORK_DEFECTS: dict[str, tuple[str, ...]] = {
    # The page menu with sections: Streamlit wraps each section's <li> items in a <div> inside
    # the <ul>, so the list holds a div (rule "list") and the items have no list parent
    # ("listitem"). The links themselves are named and reachable; screen readers announce them
    # as links, without the item count.
    "list": ('[data-testid="stSidebarNavItems"]',),
    "listitem": ('[data-testid="stSidebarNavItems"]',),
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    yield from served_demo(tmp_path_factory)


@pytest.fixture(scope="module")
def browser(app):
    from playwright.sync_api import sync_playwright

    if not AXE.exists():
        pytest.skip("axe-core is not installed (scripts/setup.sh installs it with npm into .node/)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, app, lang: str = "en"):
    """A fresh session on the Overview in ``lang`` (chosen in the sidebar, as a reader does)."""
    base, _folder = app
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(base + "/")
    settle(page)
    choose_language(page, lang)
    return page


def choose_language(page, lang: str) -> None:
    """Pick ``lang`` in the sidebar's first select box and wait for the page to follow."""
    if page.evaluate("() => document.documentElement.getAttribute('lang')") == html_language(lang):
        return
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.click()
    page.get_by_role("option", name=LANGUAGE_NAMES[lang], exact=True).click()
    page.wait_for_function("tag => document.documentElement.getAttribute('lang') === tag",
                           arg=html_language(lang), timeout=60_000)
    settle(page)


def open_page(page, path: str) -> None:
    """Follow the menu link to ``path`` (the session, with its language, is kept)."""
    page.locator(f'[data-testid=stSidebarNav] a[href$="/{path}"]').first.click()
    page.wait_for_function("path => location.pathname.replace(/\\/$/, '').endsWith(path)", arg=path,
                           timeout=60_000)
    settle(page)


#: How much taller than the window the page's content is (the main area and the sidebar
#: scroll inside their own containers).
OVERFLOW = """() => Math.max(0, ...[...document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebarContent]')]
  .map(e => e.scrollHeight - e.clientHeight))"""


def axe_violations(page) -> list[dict]:
    """Critical and serious violations of the WCAG A/AA rules, less the framework's own ones.

    axe-core judges the contrast only of text it finds on screen, and Streamlit's main area
    scrolls inside its own container: the window is made as tall as the whole page while axe
    runs, so text far down the page (the findings of the last items) is measured too."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    window = page.viewport_size
    try:
        for _ in range(5):  # a taller window may lay the page out anew: until nothing scrolls
            overflow = page.evaluate(OVERFLOW)
            if overflow <= 0:
                break
            size = page.viewport_size
            page.set_viewport_size({"width": size["width"], "height": size["height"] + overflow + 20})
            settle(page)
        else:
            raise AssertionError(f"the page still scrolls by {overflow} px in a window of {page.viewport_size}")
        return _run_axe(page)
    finally:
        page.set_viewport_size(window)


def _run_axe(page) -> list[dict]:
    return page.evaluate(
        """async ([tags, allowed]) => {
          const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
          const out = [];
          for (const v of result.violations) {
            if (!['critical', 'serious'].includes(v.impact)) continue;
            const nodes = v.nodes.filter(n => {
              const el = document.querySelector(n.target[0]);
              return !(allowed[v.id] || []).some(sel => el && el.closest(sel));
            });
            if (nodes.length) out.push({id: v.id, impact: v.impact, help: v.help,
                                        nodes: nodes.slice(0, 5).map(n => [n.target.join(' '), n.failureSummary])});
          }
          return out;
        }""", [TAGS, FRAMEWORK_DEFECTS])


#: Which side of the page the sidebar stands on: "right" when it starts right of the main area.
SIDEBAR_SIDE = """() => {
  const side = document.querySelector('[data-testid=stSidebar]').getBoundingClientRect();
  const main = document.querySelector('[data-testid=stMain]').getBoundingClientRect();
  return side.left >= main.left ? 'right' : 'left';
}"""


def check_page(page, lang: str, where: str) -> list[str]:
    problems = []
    tag, direction = page.evaluate("[document.documentElement.getAttribute('lang'), "
                                   "document.documentElement.getAttribute('dir')]")
    if (tag, direction) != (html_language(lang), html_direction(lang)):
        problems.append(f"{where}: <html lang={tag!r} dir={direction!r}>, expected "
                        f"{html_language(lang)!r} / {html_direction(lang)!r}")
    side = page.evaluate(SIDEBAR_SIDE)
    if side != ("right" if html_direction(lang) == "rtl" else "left"):
        problems.append(f"{where}: the sidebar stands on the {side} in a {html_direction(lang)} page")
    for v in axe_violations(page):
        problems.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}: {v['nodes']}")
    return problems


#: Two faults planted in the page, which the check must report: grey text at 2.3:1 and a
#: picture without a text alternative.
PLANTED = """() => {
  const main = document.querySelector('[data-testid=stMainBlockContainer]');
  const planted = document.createElement('div');
  planted.id = '__planted';
  planted.innerHTML = '<p style="color: #AAAAAA; background: #FFFFFF">Planted grey text</p>'
    + '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">';
  main.appendChild(planted);  // at the foot of the page, below the window
}"""


def assert_the_check_sees_planted_faults(page) -> None:
    page.evaluate(PLANTED)
    try:
        found = {v["id"] for v in axe_violations(page)}
    finally:
        page.evaluate("() => document.getElementById('__planted').remove()")
    assert {"color-contrast", "image-alt"} <= found, found


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_page_passes_axe_with_its_language_and_direction(browser, app, lang):
    page = new_page(browser, app, lang)
    assert_the_check_sees_planted_faults(page)  # the check can fail
    problems = check_page(page, lang, "overview")
    for path in PAGES[1:]:
        open_page(page, path)
        problems += check_page(page, lang, path)
    page.close()
    assert not problems, "\n".join(problems)


#: Metric labels whose text is cut, or runs under the help icon beside it.
CUT_LABELS = """() => [...document.querySelectorAll('[data-testid=stMetricLabel]')].filter(label => {
  const p = label.querySelector('p'), icon = label.querySelector('[data-testid=stTooltipIcon]');
  if (!p) return false;
  const text = document.createRange(); text.selectNodeContents(p);
  const a = text.getBoundingClientRect(), b = icon ? icon.getBoundingClientRect() : null;
  const overlaps = b && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return p.scrollWidth > p.clientWidth + 1 || overlaps;
}).map(label => label.innerText)"""


def test_the_overview_passes_axe_in_all_six_languages(browser, app):
    problems = []
    for lang in LANGUAGES:
        page = new_page(browser, app, lang)
        problems += check_page(page, lang, f"overview ({lang})")
        problems += [f"overview ({lang}): metric label cut or covered: {label!r}"
                     for label in page.evaluate(CUT_LABELS)]
        # The language stays on <html> after moving to another page and back.
        open_page(page, "compare")
        open_page(page, "")
        problems += check_page(page, lang, f"overview again ({lang})")
        page.close()
    assert not problems, "\n".join(problems)


# --- keyboard -------------------------------------------------------------------------------

#: The box whose surroundings show the indicator: the control, or the visible label of a
#: visually hidden input (toggles, checkboxes, radios).
FOCUSED = """() => {
  // Where the control sits in the document (its position among its siblings, up to <body>):
  // the page and the sidebar scroll inside their own containers, so a position on screen
  // does not tell two controls apart.
  const where = node => {
    const steps = [];
    for (; node && node.parentElement && node !== document.body; node = node.parentElement)
      steps.push([...node.parentElement.children].indexOf(node));
    return steps.reverse().join('.');
  };
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const hidden = el.tagName === 'INPUT' && (style.opacity === '0' || el.offsetWidth <= 1 || el.offsetHeight <= 1);
  const shown = hidden ? (el.closest('label') || el.parentElement) : el;
  shown.scrollIntoView({block: 'center', inline: 'nearest'});
  const r = shown.getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height,
          name: (el.getAttribute('aria-label') || el.innerText || el.getAttribute('data-testid') || el.tagName)
                  .trim().slice(0, 40),
          tag: el.tagName, testid: el.closest('[data-testid]')?.getAttribute('data-testid') || '',
          path: where(el),
          grid: el.closest('[data-testid=stDataFrame]') !== null && el.closest('[data-testid=stElementToolbar]') === null};
}"""
PAD = 6


def _image(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB")


def _stable_shot(page, clip: dict, timeout: float = 10):
    """A screenshot of ``clip`` once two in a row agree (transitions have finished)."""
    deadline = time.monotonic() + timeout
    last = page.screenshot(clip=clip, animations="disabled")
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        shot = page.screenshot(clip=clip, animations="disabled")
        if shot == last:
            return _image(shot)
        last = shot
    return _image(last)


def _hex(rgb) -> str:
    return "#%02X%02X%02X" % rgb


def indicator(page, box: dict) -> tuple[int, int]:
    """(pixels whose colour changed by at least 3:1 between the focused and the unfocused
    control, pixels a one-pixel ring along the control's visible edges needs)."""
    view = page.viewport_size
    left, top = max(0.0, box["x"] - PAD), max(0.0, box["y"] - PAD)
    right = min(view["width"], box["x"] + box["width"] + PAD)
    bottom = min(view["height"], box["y"] + box["height"] + PAD)
    clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    # A control taller than the window (the page's scroll area) shows only some of its edges.
    width = min(box["x"] + box["width"], view["width"]) - max(box["x"], 0)
    height = min(box["y"] + box["height"], view["height"]) - max(box["y"], 0)
    edges = [(box["y"] >= 0, width), (box["y"] + box["height"] <= view["height"], width),
             (box["x"] >= 0, height), (box["x"] + box["width"] <= view["width"], height)]
    focused = _stable_shot(page, clip)
    # Unfocused: focus moved to a point off the page (a plain blur lets a data grid take focus
    # back inside itself, so its ring would show in both pictures).
    page.evaluate("""() => {
      window.__focused = document.activeElement;
      let sink = document.getElementById('__focus_sink');
      if (!sink) {
        sink = document.createElement('span');
        sink.id = '__focus_sink'; sink.tabIndex = -1;
        sink.style.cssText = 'position: fixed; left: -50px; top: -50px; width: 1px; height: 1px;';
        document.body.appendChild(sink);
      }
      sink.focus();
    }""")
    unfocused = _stable_shot(page, clip)
    # Back to the control, as the keyboard left it; the next Tab moves on from here.
    page.evaluate("() => window.__focused.focus({focusVisible: true})")
    ring = sum(round(length) for visible, length in edges if visible)
    changed = _changed(focused, unfocused)
    # On a busy machine a control (a data grid) may repaint its focus a moment late: look again
    # at the focused control until the ring shows or the deadline passes.
    deadline = time.monotonic() + 15
    while changed < ring and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        changed = max(changed, _changed(_stable_shot(page, clip), unfocused))
    return changed, ring


def _changed(focused, unfocused) -> int:
    """Pixels whose colour differs by at least 3:1 between the two pictures."""
    return sum(1 for a, b in zip(focused.get_flattened_data(), unfocused.get_flattened_data())
               if a != b and contrast(_hex(a), _hex(b)) >= 3.0)


def walk(page, limit: int) -> tuple[list[str], list[str]]:
    """Tab through the page from its first control, once round; the problems of each focus
    indicator, and the kind (``data-testid``) of every control measured."""
    # A focus starting point before everything else on the page (a plain blur would leave the
    # browser's starting point at the link just clicked).
    page.evaluate("""() => {
      document.activeElement && document.activeElement.blur();
      let start = document.getElementById('__walk_start');
      if (!start) {
        start = document.createElement('span');
        start.id = '__walk_start'; start.tabIndex = -1;
        document.body.prepend(start);
      }
      start.focus();
    }""")
    problems, seen, measured = [], set(), []
    for _ in range(limit):
        page.keyboard.press("Tab")
        box = page.evaluate(FOCUSED)
        if box is None or box["width"] < 1 or box["height"] < 1:
            continue
        if box["path"] in seen:
            break  # round the page once
        seen.add(box["path"])
        if box["grid"]:
            # Framework gap (README, accessibility statement): inside Streamlit's data grid the
            # focus moves into the cell table behind its canvas, and the grid marks the cell
            # with its own highlight, which stays after focus leaves; not measured here (the
            # grid's toolbar buttons are ordinary buttons, and are).
            continue
        measured.append(box["testid"])
        changed, ring = indicator(page, box)
        if changed < ring:
            problems.append(f"{box['tag']} {box['testid']} {box['name']!r}: {changed} pixels change by 3:1 or "
                            f"more when focused, a one-pixel ring needs {ring}")
    else:
        raise AssertionError(f"{limit} presses of Tab did not come round the page: {measured}")
    return problems, measured


#: Kinds of control the walk must reach and measure on each page: the skip link, the menu,
#: the sidebar's choices, help icons, tabs, the charts' toolbars and "Show the numbers".
OVERVIEW_CONTROLS = {"stSkipToContent", "stSidebarNavLink", "stSelectbox", "stExpander", "stTooltipHoverTarget",
                     "stTab", "stBaseButton-elementToolbar", "stCheckbox"}


def test_keyboard_focus_indicators_reach_3_to_1(browser, app):
    page = new_page(browser, app, "en")
    problems, overview = walk(page, 120)
    problems = [f"overview: {p}" for p in problems]
    open_page(page, "q1")
    charts = page.locator("[data-testid=stVegaLiteChart]").count()
    found, question = walk(page, 160)
    problems += [f"q1: {p}" for p in found]
    page.close()
    assert OVERVIEW_CONTROLS <= set(overview), overview
    # Every chart of the question page: its toolbar (four buttons) and its "Show the numbers"
    # (data grids, such as the comments, have toolbars too).
    assert charts >= 3 and question.count("stCheckbox") == charts, question
    assert question.count("stBaseButton-elementToolbar") >= 4 * charts, question
    assert not problems, "\n".join(problems)


# --- the sign-in page (a server with built-in accounts) ---------------------------------------

@pytest.fixture(scope="module")
def accounts_app(browser, tmp_path_factory):
    """The dashboard with built-in accounts: the sign-in page first, then a member's pages."""
    from support.accounts import PASSWORD
    from support.browser import free_port, start_server, stop, surveys

    folder = tmp_path_factory.mktemp("a11y-accounts")
    env = {**os.environ, "TRIALOGUE_DATABASE_URL": f"sqlite:///{folder / 'trialogue.sqlite'}",
           "TRIALOGUE_AUTH": "accounts", "PYTHONPATH": str(REPO)}
    surveys("demo", env=env)
    surveys("users", "add", "sam", "--role", "secretariat", "--password-stdin", env=env, stdin=PASSWORD + "\n")
    surveys("users", "add", "ghana", "--role", "member", "--delegation", "Ghana", "--password-stdin", env=env,
            stdin=PASSWORD + "\n")
    port = free_port()
    server = start_server(env, port)
    yield f"http://127.0.0.1:{port}"
    stop(server)


def test_sign_in_page_and_a_members_overview_in_english_and_arabic(browser, accounts_app):
    from support.accounts import PASSWORD

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    page.goto(accounts_app + "/")
    page.get_by_role("textbox", name="User name").wait_for()
    settle(page)
    problems = check_page(page, "en", "sign-in")
    found, measured = walk(page, 40)
    problems += [f"sign-in: {p}" for p in found]
    # The form's fields, its button and the language selector take focus, each with its ring.
    assert len(measured) >= 4 and "stSelectbox" in measured, measured
    # The reader chooses Arabic on the sign-in page itself: the form speaks it, right to left.
    choose_language(page, "ar")
    tr = translations("ar")
    page.get_by_role("textbox", name=tr.gettext("User name")).fill("ghana")
    page.get_by_role("textbox", name=tr.gettext("Password")).fill(PASSWORD)
    problems += check_page(page, "ar", "sign-in (ar)")
    page.get_by_role("button", name=tr.gettext("Sign in"), exact=True).click()
    page.locator("[data-testid=stSidebarNav]").wait_for()
    settle(page)
    problems += check_page(page, "ar", "a member's overview (ar)")
    page.close()
    assert not problems, "\n".join(problems)
