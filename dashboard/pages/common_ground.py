"""Common ground and dividing lines: the engine's ranked lists, each linked to its item's chart."""
from __future__ import annotations

import streamlit as st

from analysis.present.labels import question_code
from analysis.present.lists import (
    Entry,
    catch_all_note,
    common_ground_caption,
    common_ground_entries,
    dividing_line_entries,
    dividing_lines_caption,
)
from analysis.present.markdown import md_escape
from dashboard import access
from dashboard.alerts import reported
from dashboard.i18n import _
from dashboard.navigation import question_page
from dashboard.pages.question import ITEM_PARAM
from dashboard.sidebar import selection
from dashboard.welcome import offer_demo

SHOWN = 10


def main() -> None:
    access.require(*access.PAGE_ROLES["common_ground"])
    sel = selection()
    st.title(_("Common ground and dividing lines"))
    if sel.empty:
        offer_demo()
        return
    summary = sel.summary()
    note = catch_all_note(summary, sel.lang)
    if note:
        st.caption(md_escape(note))
    left, right = st.columns(2)
    with left:
        st.subheader(_("Common ground"), divider="green")
        st.caption(common_ground_caption(sel.lang))
        _list(common_ground_entries(summary, sel.lang, sel.audience), sel.lang,
              _("No statement has a majority of each group counted behind it with the answers so far."))
    with right:
        st.subheader(_("Dividing lines"), divider="orange")
        st.caption(dividing_lines_caption(sel.lang))
        _list(dividing_line_entries(summary, sel.lang, sel.audience), sel.lang,
              _("No statement meets both conditions with the answers so far."))


def _list(entries: list[Entry], lang: str, none: str) -> None:
    if not entries:
        st.info(none, icon=":material/info:")  # md-safe: the page's own sentence
        return
    for rank, entry in enumerate(entries[:SHOWN], start=1):
        with st.container(border=True):
            st.markdown(f"**{rank}.** {md_escape(entry.title)}")
            st.caption(md_escape(entry.detail))
            if entry.question:
                # The question page scrolls to the item named in ?item= (its section's anchor).
                st.page_link(question_page(entry.question), label=_("See the chart ({question})").format(
                    question=md_escape(question_code(entry.question, lang))), icon=":material/bar_chart:",
                    query_params={ITEM_PARAM: entry.item})


with reported():
    main()
