"""The question pages: which there are, their menu titles and headings, from the questionnaire.

Any XLSForm instrument is accepted, so the top-level groups of the reader's wave make the
question pages: a seventh group is a seventh page, a group named otherwise a page under its
own name and label. The default instrument (S/2015/1042) keeps its six short topics,
translated in the catalogue; before any wave is stored the menu shows the default's questions.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis.present.labels import question_code
from dashboard import cache
from dashboard.i18n import N_, _, translations
from surveys.instrument.default import default_instrument
from surveys.model import Instrument, Question

#: Topics of the six questions of S/2015/1042 for the menu (the full text is on the page).
QUESTION_TOPICS = {
    "q1": N_("Consultation practice"),
    "q2": N_("Obstacles to dialogue"),
    "q3": N_("New mandates"),
    "q4": N_("Elected members"),
    "q5": N_("Meeting formats"),
    "q6": N_("Institutionalising"),
}
#: Page headings of those six: the question's number and short topic.
HEADINGS = {
    "q1": N_("Question 1 · Consultation practice"),
    "q2": N_("Question 2 · Obstacles to dialogue"),
    "q3": N_("Question 3 · New mandates"),
    "q4": N_("Question 4 · Elected members"),
    "q5": N_("Question 5 · Meeting formats"),
    "q6": N_("Question 6 · Institutionalising"),
}
#: How long a question's own label may be in the menu before it is cut.
MENU_LABEL = 40


def instrument_of(sel) -> Instrument:
    """The questionnaire of the reader's wave (``sel`` a :class:`dashboard.sidebar.Selection`);
    the default instrument while no wave is stored or chosen (``sel`` None)."""
    if sel is None or sel.empty:
        return default_instrument()
    return cache.wave_data(sel.url, sel.wave, sel.version).instrument


def questions(sel) -> tuple[Question, ...]:
    """The question pages of the reader's wave, in the questionnaire's order."""
    return tuple(instrument_of(sel).questions)


def _default_wording(instrument: Instrument, name: str) -> bool:
    return name in QUESTION_TOPICS and instrument.form_id == default_instrument().form_id


def _short(text: str, limit: int = MENU_LABEL) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def menu_title(instrument: Instrument, name: str, lang: str) -> str:
    """``Q1 · Consultation practice`` for the default's questions (the code as the scorecard and every
    list write it, :func:`analysis.present.labels.question_code`, then the topic); else ``Q7 · `` and the label
    for a numbered group, the label alone for a group named otherwise, cut to fit the menu."""
    code = question_code(name, lang)
    if _default_wording(instrument, name):
        return f"{code} · {translations(lang).gettext(QUESTION_TOPICS[name])}"
    try:
        label = _short(instrument.question(name).label(lang))
    except KeyError:
        return name
    # A numbered group ("q7") is named by its number, as the default's are; another by its label.
    return f"{code} · {label}" if code != name and label else label or name


def heading(instrument: Instrument, name: str, lang: str) -> str:
    """The page heading: the default's number and topic, else the menu title."""
    if _default_wording(instrument, name):
        return translations(lang).gettext(HEADINGS[name])
    return menu_title(instrument, name, lang)


#: Query parameter naming the question the Comments page opens on (``?question=q1``).
COMMENTS_QUESTION = "question"


def comments_page() -> st.Page:
    """The Comments page (same URL and identity wherever it is built; a question page links to it
    with ``?question=``)."""
    return st.Page(Path(__file__).resolve().parent / "pages" / "comments.py", title=_("Comments"), icon=":material/chat:")
