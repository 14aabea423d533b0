"""Common ground and dividing lines: the engine's ranked lists, each linked to its chart."""
from __future__ import annotations

from typing import Any, Mapping

import streamlit as st

from dashboard import cache
from dashboard.alerts import reported
from dashboard.i18n import _
from dashboard.labels import code_label, item_label
from dashboard.navigation import question_page
from dashboard.sidebar import selection
from dashboard.welcome import offer_demo

SHOWN = 10


def main() -> None:
    sel = selection()
    st.title(_("Common ground and dividing lines"))
    if sel.empty:
        offer_demo()
        return
    summary = cache.summary(sel.url, sel.wave, sel.version, sel.by, sel.filters, sel.other,
                            sel.other_version)
    items = {item["item"]: item for item in summary["items"]}
    left, right = st.columns(2)
    with left:
        st.subheader(_("Common ground"), divider="green")
        st.caption(_("Where the groups agree most: high agreement in every group, little difference."))
        _list(summary.get("common_ground") or [], items, summary["by"], sel.lang, "common")
    with right:
        st.subheader(_("Dividing lines"), divider="orange")
        st.caption(_("Where the groups part most: the largest differences between two groups."))
        _list(summary.get("dividing_lines") or [], items, summary["by"], sel.lang, "dividing")


def _list(findings: list[Mapping[str, Any]], items: Mapping[str, Mapping], by: str, lang: str,
          kind: str) -> None:
    if not findings:
        st.caption(_("None found with the answers so far."))
        return
    for rank, finding in enumerate(findings[:SHOWN], start=1):
        item = items.get(finding["item"], {"item": finding["item"]})
        text = item_label(item, lang)
        option = finding.get("option")
        if option:
            labels = {o["option"]: o.get("label") for o in item.get("options") or []}
            label = labels.get(option)
            option_text = (label.get(lang) or label.get("en")) if isinstance(label, Mapping) else (label or option)
            text = f"{text} — {option_text}"
        with st.container(border=True):
            st.markdown(f"**{rank}.** {text}")
            if kind == "dividing" and finding.get("a") and finding.get("b"):
                st.caption(_("{a} vs {b}").format(a=code_label(by, finding["a"], lang),
                                                    b=code_label(by, finding["b"], lang)))
            question = finding.get("question")
            if question:
                st.page_link(question_page(question), label=_("See the chart ({question})").format(
                    question=question.upper()), icon=":material/bar_chart:")


with reported():
    main()
