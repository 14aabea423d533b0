"""The pages of the dashboard and their titles in the reader's language.

The question pages are one parametrised page (:mod:`dashboard.pages.question`) made into an
``st.Page`` per top-level group of the reader's questionnaire, each with its own URL (``/q1``
… ``/q6`` for the default instrument; :mod:`dashboard.questions` names them);
:func:`question_page` rebuilds the same page object anywhere a link to a question is needed.
What a role may open is :data:`dashboard.access.PAGE_ROLES`; the menu hides the rest, the pages refuse it.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from . import questions as asked
from .access import PAGE_ROLES, Viewer
from .i18n import _, language
from .pages.question import question_view
from .sidebar import SELECTION_KEY, Selection

PAGES_DIR = Path(__file__).resolve().parent / "pages"

def _chosen(sel: Selection | None) -> Selection | None:
    """``sel``, else the reader's choice this session made so far (None before the sidebar ran)."""
    if sel is not None:
        return sel
    found = st.session_state.get(SELECTION_KEY)
    return found if isinstance(found, Selection) else None


def question_title(name: str, lang: str | None = None, sel: Selection | None = None) -> str:
    """"Q1 · Consultation practice": the question's menu title in the questionnaire of ``sel``
    (the default instrument's without one), its code written as the scorecard and every list
    write it (:func:`dashboard.questions.menu_title`)."""
    return asked.menu_title(asked.instrument_of(sel), name, lang or language())


def question_page(name: str, sel: Selection | None = None) -> st.Page:
    """The page of one discussion question (same URL and identity wherever it is built)."""
    return st.Page(question_view(name), title=question_title(name, sel=_chosen(sel)), url_path=name,
                   icon=":material/forum:")


def pages(viewer: Viewer | None = None, sel: Selection | None = None) -> dict[str, list[st.Page]]:
    """Every page, in menu sections; a question page per group of the reader's questionnaire.
    Pages the reader's role may not open stay registered (so
    their address reaches the page, whose own check refuses) but are hidden from the menu."""
    role = viewer.role if viewer is not None else "secretariat"
    sel = _chosen(sel)

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
        _("Questions"): [question_page(question.name, sel) for question in asked.questions(sel)] + [
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
