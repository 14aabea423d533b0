"""Common ground and dividing lines: the engine's ranked lists, each linked to its chart."""
from __future__ import annotations

from typing import Any, Mapping

import streamlit as st

from dashboard.alerts import reported
from dashboard.findings import common_ground_line, dividing_line
from dashboard.i18n import _
from dashboard.labels import code_label, item_label
from dashboard.navigation import question_page
from dashboard.pages.question import ITEM_PARAM
from dashboard.sidebar import selection
from dashboard.welcome import offer_demo

SHOWN = 10


def main() -> None:
    sel = selection()
    st.title(_("Common ground and dividing lines"))
    if sel.empty:
        offer_demo()
        return
    summary = sel.summary()
    items = {item["item"]: item for item in summary["items"]}
    left, right = st.columns(2)
    with left:
        st.subheader(_("Common ground"), divider="green")
        st.caption(_("Statements a majority of every group agrees with (or option every group chose), "
                     "ranked by group-informed consensus: from 0 to 1, high only when every group agrees."))
        _list(summary.get("common_ground") or [], items, summary["by"], sel.lang, "common",
              _("No statement has a majority of every group behind it with the answers so far."))
    with right:
        st.subheader(_("Dividing lines"), divider="orange")
        st.caption(_("Where the groups differ (overall test, q < 0.05) and two of them differ significantly "
                     "in the share agreeing (Fisher's exact test, Holm-adjusted p < 0.05), largest gap first."))
        _list(summary.get("dividing_lines") or [], items, summary["by"], sel.lang, "dividing",
              _("No two groups differ significantly (adjusted p < 0.05) on any statement "
                "with the answers so far."))


def _list(findings: list[Mapping[str, Any]], items: Mapping[str, Mapping], by: str, lang: str,
          kind: str, none: str) -> None:
    if not findings:
        st.info(none, icon=":material/info:")
        return
    for rank, finding in enumerate(findings[:SHOWN], start=1):
        item = items.get(finding["item"], {"item": finding["item"]})
        text = item_label(item, lang)
        option = finding.get("option")
        if option:
            label = {o["option"]: o.get("label") for o in item.get("options") or []}.get(option)
            option_text = (label.get(lang) or label.get("en")) if isinstance(label, Mapping) else (label or option)
            text = f"{text} — {option_text}"
        with st.container(border=True):
            st.markdown(f"**{rank}.** {text}")
            labels = {code: code_label(by, code, lang) for code in item.get("groups") or {}}
            numbers = (dividing_line if kind == "dividing" else common_ground_line)(
                finding, item, labels, lang=lang)
            if numbers:
                st.caption(numbers)
            question = finding.get("question")
            if question:
                # The question page scrolls to the item named in ?item= (its section's anchor).
                st.page_link(question_page(question), label=_("See the chart ({question})").format(
                    question=question.upper()), icon=":material/bar_chart:",
                    query_params={ITEM_PARAM: finding["item"]})


with reported():
    main()
