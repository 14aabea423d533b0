"""What every page needs to meet WCAG 2.1 AA that Streamlit does not give: the page's
language and direction on ``<html>``, text and focus colours with enough contrast, and
the right-to-left layout.

Streamlit serves one ``index.html`` with ``lang="en"`` and has no setting for it, so a
screen reader would speak Chinese or Arabic with an English voice (WCAG 3.1.1). A small
script sets ``lang`` and ``dir`` on ``<html>`` each run, and a ``MutationObserver`` puts
them back if anything resets them (a page change, a reconnect). The page keeps working
without the script; only the language tag would be missing.

Colours come from :mod:`analysis.present.palette`, the one place that knows them, so
the focus ring and caption colour on screen are those the tests measure.
"""
from __future__ import annotations

import json

import streamlit as st

from analysis.present.language import html_direction, html_language
from analysis.present.palette import BACKGROUND, FOCUS, MUTED_TEXT

#: The container holding the language script; hidden, so it takes no room in the sidebar.
SCRIPT_KEY = "page_language"

#: Text with too little contrast in the light theme (captions are 60% of the text colour,
#: 3.9:1 on white) and focus indicators that are a faint tint or none at all (menu links,
#: toggles, the charts' toolbar buttons; tabs and help icons a 2.1:1 ring). Every
#: focusable control gets a ring of FOCUS (5.1:1 on white, 4.5:1 on the sidebar's grey);
#: controls whose real input is visually hidden (toggles, checkboxes, radios) show it on
#: their visible label; an element's toolbar (hidden until hovered) shows while one of its
#: buttons has focus; scroll areas and data grids get the ring inside their edge, where their
#: own overflow does not cut it off. Metric labels wrap instead of being cut off. (Focus
#: inside a data grid is the grid's own: see the README's accessibility statement.)
STYLE = """<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color: %(muted)s !important; opacity: 1 !important; }
[data-testid="stMetricLabel"] *, [data-testid="stMetricLabel"] .stMarkdownEllipsis p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricLabel"] { height: auto !important; min-height: 1.5rem; }
.st-key-%(script_key)s { display: none; }
:is(a, button, [role="tab"], [role="button"], [role="link"], summary, [tabindex="0"]):focus-visible {
  outline: 3px solid %(focus)s !important; outline-offset: 2px !important;
}
[data-testid="stSidebarNav"] a:focus-visible, [role="tab"]:focus-visible, [data-testid="stExpander"] summary:focus-visible,
[data-testid="stMain"]:focus-visible, [data-testid="stDataFrameResizable"] :focus-visible {
  outline-offset: -3px !important;
}
label:has(> input:focus-visible), label:has(input[type="checkbox"]:focus-visible),
label:has(input[type="radio"]:focus-visible) {
  outline: 3px solid %(focus)s !important; outline-offset: 2px; border-radius: 0.25rem;
}
[data-baseweb="select"]:focus-within > div, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within {
  outline: 3px solid %(focus)s !important; outline-offset: 1px;
}
[data-testid="stElementToolbar"]:focus-within { opacity: 1 !important; }
[data-testid="stElementToolbar"] button:focus-visible { background: %(background)s; }
</style>"""

#: Right-to-left pages (the reading order comes from ``dir="rtl"`` on ``<html>``, which puts
#: the sidebar on the right); each paragraph takes its direction from its own first letters
#: (unicode-bidi: plaintext), so an English question text on an Arabic page keeps its "?" at
#: the end. Charts and data grids are drawn by their own code and mirrored where it matters
#: (see analysis.present.charts), so their containers stay left-to-right.
RTL_STYLE = """<style>
[data-testid="stMain"], [data-testid="stSidebarContent"] { text-align: right; }
[data-testid="stMain"] :is(p, h1, h2, h3, h4, li) { unicode-bidi: plaintext; }
[data-testid="stMain"] [data-testid="stHeaderActionElements"] { display: none; }
[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"] { direction: ltr; }
</style>"""

#: Sets lang/dir now and whenever something else changes them.
SCRIPT = """<script>(() => {
  window.__trialogueLanguage = %s;
  const root = document.documentElement;
  const apply = () => {
    const want = window.__trialogueLanguage;
    if (root.getAttribute("lang") !== want.lang) root.setAttribute("lang", want.lang);
    if (root.getAttribute("dir") !== want.dir) root.setAttribute("dir", want.dir);
  };
  apply();
  if (!window.__trialogueLanguageObserver) {
    window.__trialogueLanguageObserver = new MutationObserver(apply);
    window.__trialogueLanguageObserver.observe(root, {attributes: true, attributeFilter: ["lang", "dir"]});
  }
})();</script>"""


def blocks(lang: str) -> tuple[str, str]:
    """The app's own HTML on every page in ``lang`` (made of constants, never of data): the
    style sheet and the script that sets ``lang`` and ``dir``."""
    css = STYLE % {"muted": MUTED_TEXT, "focus": FOCUS, "background": BACKGROUND, "script_key": SCRIPT_KEY}
    wanted = json.dumps({"lang": html_language(lang), "dir": html_direction(lang)})
    return css + (RTL_STYLE if html_direction(lang) == "rtl" else ""), SCRIPT % wanted


def apply(lang: str) -> None:
    """Styles and the language of the page for ``lang``; call once per run, in the sidebar."""
    css, script = blocks(lang)
    st.html(css)
    with st.container(key=SCRIPT_KEY):
        st.html(script, unsafe_allow_javascript=True)
