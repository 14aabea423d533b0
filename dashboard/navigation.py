"""The pages of the dashboard and their titles in the reader's language.

The six question pages are one parametrised page (:mod:`dashboard.pages.question`) made
into six ``st.Page`` objects with their own URL (``/q1`` … ``/q6``); :func:`question_page`
rebuilds the same page object anywhere a link to a question is needed. What a role may open
is :data:`dashboard.access.PAGE_ROLES`; the menu hides the rest, the pages refuse it.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis.present.labels import question_code

from .access import PAGE_ROLES, Viewer
from .i18n import N_, _, language, translations
from .pages.question import QUESTIONS, question_view

PAGES_DIR = Path(__file__).resolve().parent / "pages"

#: Topics of the six questions of S/2015/1042 for the menu (the full text is on the page).
QUESTION_TOPICS = {
    "q1": N_("Consultation practice"),
    "q2": N_("Obstacles to dialogue"),
    "q3": N_("New mandates"),
    "q4": N_("Elected members"),
    "q5": N_("Meeting formats"),
    "q6": N_("Institutionalising"),
}


def question_title(name: str, lang: str | None = None) -> str:
    """"Q1 · Consultation practice": the question's code as the scorecard and every list write
    it (one source, :func:`analysis.present.labels.question_code`), then its topic."""
    lang = lang or language()
    code = question_code(name, lang)
    topic = translations(lang).gettext(QUESTION_TOPICS[name]) if name in QUESTION_TOPICS else None
    return f"{code} · {topic}" if topic else code


def question_page(name: str) -> st.Page:
    """The page of one discussion question (same URL and identity wherever it is built)."""
    return st.Page(question_view(name), title=question_title(name), url_path=name, icon=":material/forum:")


#: Query parameter naming the question the Comments page opens on (``?question=q1``).
COMMENTS_QUESTION = "question"


def comments_page() -> st.Page:
    """The Comments page (same URL and identity wherever it is built; a question page links to it
    with ``?question=``)."""
    return st.Page(PAGES_DIR / "comments.py", title=_("Comments"), icon=":material/chat:")


def pages(viewer: Viewer | None = None) -> dict[str, list[st.Page]]:
    """Every page, in menu sections. Pages the reader's role may not open stay registered (so
    their address reaches the page, whose own check refuses) but are hidden from the menu."""
    role = viewer.role if viewer is not None else "secretariat"

    def page(file: str, title: str, icon: str, **kw) -> st.Page:
        shown = role in PAGE_ROLES.get(file.removesuffix(".py"), ("secretariat",))
        return st.Page(PAGES_DIR / file, title=title, icon=icon, visibility="visible" if shown else "hidden", **kw)

    export = page("export.py", _("Export"), ":material/download:")
    sections = {
        _("Results"): [
            page("overview.py", _("Overview"), ":material/groups:", default=True),
            page("compare.py", _("Compare"), ":material/grid_on:"),
            # The menu is narrow: the page's own heading says "… and dividing lines".
            page("common_ground.py", _("Common ground"), ":material/balance:"),
        ],
        _("Questions"): [question_page(name) for name in QUESTIONS] + [
            page("comments.py", _("Comments"), ":material/chat:"),
        ],
        # Results for every reader, voting for delegations (and the Secretariat on their behalf),
        # moderation for the Secretariat: PAGE_ROLES, and each page's own check.
        _("Deliberation"): [
            page("deliberation.py", _("Results"), ":material/how_to_vote:", url_path="deliberation"),
            page("voting.py", _("Vote"), ":material/ballot:", url_path="vote"),
            page("moderation.py", _("Moderation"), ":material/gavel:", url_path="moderation"),
        ],
        _("Secretariat"): [
            page("upload.py", _("Upload"), ":material/upload_file:"),
            page("coding.py", _("Coding"), ":material/sell:"),
            export,
            page("template.py", _("Template"), ":material/description:"),
            page("people.py", _("Accounts and settings"), ":material/manage_accounts:"),
            page("audit.py", _("Audit log"), ":material/policy:"),
        ],
    }
    if role != "secretariat":  # members and viewers find Export under Results
        sections[_("Secretariat")] = [p for p in sections[_("Secretariat")] if p is not export]
        sections[_("Results")].append(export)
    return sections
