"""One discussion question: its full text, a chart and a finding per item, and the comments.

A parametrised page: :func:`question_view` gives the page function of a question (a top-level
group of the wave's questionnaire), which ``dashboard.navigation`` registers once per question
under its own URL (``q1`` … ``q6`` for the default instrument).

Every item's section has a stable anchor, the item's name: its heading's id (so
``/q5#q5_formal_meetings`` is the item's chart) and the section container's key. Other
pages link to an item with ``?item=<name>`` (``st.page_link`` keeps the session, and with
it the reader's wave, filters and language, but cannot carry a fragment); the page then
adds the fragment to the address and scrolls to the section.
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable

import streamlit as st

from analysis.present.charts import item_view, styled
from analysis.present.comments import shown_names
from analysis.present.findings import item_finding
from analysis.present.labels import code_label, item_label
from analysis.present.markdown import md_escape
from analysis.present.readouts import numbers_table
from dashboard import access, cache, questions
from dashboard.alerts import reported
from dashboard.i18n import _, ngettext
from dashboard.sidebar import localised, selection
from dashboard.welcome import offer_demo

#: Query parameter naming the item whose chart a link leads to.
ITEM_PARAM = "item"
#: Prefix of an item section's container key (Streamlit renders it as the class ``st-key-…``).
SECTION_KEY = "item_"
# Charts above the target draw after it mounts and push it down, so the scroll is repeated
# while the page settles (3 s at most) unless the reader scrolls first.
SCROLL_SCRIPT = """<script>(() => {
  const id = %s, section = %s;
  history.replaceState(history.state, "", location.pathname + location.search + "#" + id);
  let moved = false;
  for (const name of ["wheel", "touchmove", "keydown", "mousedown"])
    addEventListener(name, () => { moved = true; }, {once: true, passive: true});
  let tries = 0;
  const go = () => {
    if (moved) return;
    const target = document.querySelector("." + section) || document.getElementById(id);
    if (target) target.scrollIntoView({block: "start"});
    if (++tries < 12) setTimeout(go, 250);
  };
  go();
})();</script>"""


def question_view(name: str) -> Callable[[], None]:
    """The page function of question ``name`` (named, so Streamlit can tell the six apart)."""
    def view() -> None:
        render(name)
    view.__name__ = f"question_{name}"
    return view


def render(name: str) -> None:
    with reported():
        _render(name)


def _render(name: str) -> None:
    access.require(*access.PAGE_ROLES["question"])
    sel = selection()
    # The heading may be a group's label from an uploaded questionnaire: text, never Markdown.
    st.title(md_escape(questions.heading(questions.instrument_of(sel), name, sel.lang)))
    if sel.empty:
        offer_demo(key=f"demo_{name}")
        return
    data = cache.wave_data(sel.url, sel.wave, sel.version)
    instrument = data.instrument
    try:
        question = instrument.question(name)
    except KeyError:
        st.warning(_("This wave's questionnaire has no question {name}.").format(name=name))  # md-safe: q1 … q6
        return
    st.markdown(f"**{md_escape(question.label(sel.lang))}**")
    summary = sel.summary()
    items = [item for item in summary.items if item.question == name]
    _scroll_to(st.query_params.get(ITEM_PARAM), items)
    if not any(item.kind != "text" for item in items):
        st.info(_("No answers to compare for this question yet."))
    for item in items:
        if item.kind in ("ordinal", "nominal", "multiple", "numeric"):
            st.divider()
            with st.container(key=f"{SECTION_KEY}{item.item}"):
                _item(summary, item, sel.lang, repeats=item_label(item, sel.lang) == question.label(sel.lang),
                      audience=sel.audience)
    if sel.audience.role != "viewer":  # comments are individual answers, not published aggregates
        _comments(sel, name)


def _scroll_to(target: str | None, items: list[Any]) -> None:
    """Scroll to the section of item ``target`` when a link named it (only a known item
    name reaches the script)."""
    if target not in {item.item for item in items}:
        return
    # The class Streamlit derives from a container key (its frontend swaps other characters for "-").
    section = "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", f"{SECTION_KEY}{target}")
    st.html(SCROLL_SCRIPT % (json.dumps(target), json.dumps(section)),
            unsafe_allow_javascript=True)


def _item(summary, item, lang: str, repeats: bool = False, audience=None) -> None:
    """One item: its finding (the layer's sentences), its chart, its numbers."""
    from analysis.present.disclosure import SECRETARIAT

    audience = audience or SECRETARIAT
    if not repeats:  # a one-item question: its text is already the page's lead
        st.subheader(md_escape(item_label(item, lang)), anchor=item.item)
    chart, _table = item_view(summary, item, lang, audience)
    finding = item_finding(summary, item, lang, audience)
    if chart is None:
        st.caption(_("No answers yet."))
    else:
        # The finding comes first, as the chart's lead sentence; the chart then has the full width.
        st.markdown(":material/insights: " + md_escape(finding.verdict))
    for line in finding.options + finding.notes:
        st.caption("– " + md_escape(line))
    if chart is None:
        return
    st.altair_chart(styled(chart, lang), width="stretch")
    if st.toggle(_("Show the numbers"), key=f"numbers_{item.item}"):
        st.dataframe(numbers_table(summary, item, lang, audience), hide_index=True, width="stretch")


def _comments(sel, name: str) -> None:
    """The question's comments as the reader may read them (the layer names them), and the way to
    search them and see their distinctive terms and coded themes on the Comments page."""

    table = cache.comments(sel.url, sel.wave, sel.version, name, sel.filters, sel.audience_key)
    st.subheader(_("Comments"), divider="gray")
    if table.empty:
        st.caption(_("No comments on this question."))
        return
    st.page_link(questions.comments_page(), label=_("Search these comments, their distinctive terms and coded themes"),
                 icon=":material/manage_search:", query_params={questions.COMMENTS_QUESTION: name})
    present = sorted(table["group"].dropna().unique())
    chosen = localised(st.multiselect, f"comment_groups_{name}", sel.lang, present, _("Show comments from"),
                       multiple=True, format_func=lambda code: code_label("group", code, sel.lang),
                       placeholder=_("All groups"))
    shown = table[table["group"].isin(chosen)] if chosen else table
    st.caption(ngettext("{n} comment", "{n} comments", len(shown)).format(n=len(shown)))
    data = cache.wave_data(sel.url, sel.wave, sel.version)
    st.dataframe(
        shown.assign(
            respondent=shown_names(shown["respondent"], data, sel.audience, sel.lang),
            group=[code_label("group", g, sel.lang) for g in shown["group"]],
        )[["respondent", "group", "value"]].rename(columns={
            "respondent": _("Respondent"), "group": _("Group"), "value": _("Comment")}),
        hide_index=True, width="stretch")
