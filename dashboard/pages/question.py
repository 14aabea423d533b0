"""One discussion question: its full text, a chart and a finding per item, and the comments.

A parametrised page: :func:`question_view` gives the page function for ``q1`` … ``q6``,
which ``dashboard.navigation`` registers six times under its own URL.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

import streamlit as st

from dashboard import cache, charts, frames
from dashboard.alerts import reported
from dashboard.findings import option_sentence, sentence
from dashboard.i18n import N_, _, ngettext
from dashboard.labels import code_label, country_name, group_labels, item_label, one_line
from dashboard.sidebar import localised, selection
from dashboard.welcome import offer_demo

QUESTIONS: tuple[str, ...] = ("q1", "q2", "q3", "q4", "q5", "q6")
#: Page headings: the question's number and short topic (the full text follows on the page).
HEADINGS = {
    "q1": N_("Question 1 · Consultation practice"),
    "q2": N_("Question 2 · Obstacles to dialogue"),
    "q3": N_("Question 3 · New mandates"),
    "q4": N_("Question 4 · Elected members"),
    "q5": N_("Question 5 · Meeting formats"),
    "q6": N_("Question 6 · Institutionalising"),
}


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
    sel = selection()
    st.title(_(HEADINGS[name]) if name in HEADINGS else name.upper())
    if sel.empty:
        offer_demo(key=f"demo_{name}")
        return
    data = cache.wave_data(sel.url, sel.wave, sel.version)
    instrument = data.instrument
    try:
        question = instrument.question(name)
    except KeyError:
        st.warning(_("This wave's questionnaire has no question {name}.").format(name=name))
        return
    st.markdown(f"**{question.label(sel.lang)}**")
    summary = cache.summary(sel.url, sel.wave, sel.version, sel.by, sel.filters, sel.other,
                            sel.other_version)
    items = [item for item in summary["items"] if item.get("question") == name]
    if not any(item["kind"] != "text" for item in items):
        st.info(_("No answers to compare for this question yet."))
    for item in items:
        if item["kind"] in ("ordinal", "nominal", "multiple", "numeric"):
            _item(item, instrument, summary["by"], sel.lang,
                  repeats=item_label(item, sel.lang) == question.label(sel.lang))
    _comments(sel, name)


def _labels_for(item: Mapping[str, Any], by: str, lang: str) -> dict[str, str]:
    counts = {code: stats.get("n") or 0 for code, stats in (item.get("groups") or {}).items()}
    return group_labels(by, counts, lang, counts)


def _item(item: Mapping[str, Any], instrument, by: str, lang: str, repeats: bool = False) -> None:
    labels = _labels_for(item, by, lang)
    choices = instrument.choice_lists.get(instrument.item(item["item"]).list_name or "")
    st.divider()
    if not repeats:  # a one-item question: its text is already the page's lead
        st.markdown(f"#### {item_label(item, lang)}")
    if item["kind"] == "ordinal" and choices is not None:
        segments, dont_know = frames.likert_frames(item, choices, labels, lang=lang)
        chart, table = charts.likert_chart(segments, dont_know, lang=lang), segments
    elif item["kind"] == "multiple":
        table = frames.option_frame(item, labels, lang=lang)
        chart = charts.options_chart(table, lang=lang)
    elif item["kind"] == "nominal":
        table = frames.share_frame(item, choices, labels, lang=lang)
        chart = charts.share_chart(table, lang=lang)
    else:
        table = frames.heatmap_frame({"items": [item]}, labels, metric="median", lang=lang)
        chart = charts.heatmap_chart(table, lang=lang, metric="median")
    if table.empty:
        st.caption(_("No answers yet."))
        return
    # The finding comes first, as the chart's lead sentence; the chart then has the full width.
    plain = {code: code_label(by, code, lang) for code in labels}
    st.markdown(":material/insights: " + sentence(item, plain, lang=lang))
    for option in item.get("options") or []:
        said = option_sentence(option, plain, lang=lang)
        if said:
            st.caption("– " + said)
    st.altair_chart(charts.styled(chart, lang), width="stretch")
    if st.toggle(_("Show the numbers"), key=f"numbers_{item['item']}"):
        st.dataframe(table.assign(group_label=table["group_label"].map(one_line)),
                     hide_index=True, width="stretch")


def _comments(sel, name: str) -> None:
    table = cache.comments(sel.url, sel.wave, sel.version, name, sel.filters)
    st.subheader(_("Comments"), divider="gray")
    if table.empty:
        st.caption(_("No comments on this question."))
        return
    present = sorted(table["group"].dropna().unique())
    chosen = localised(st.multiselect, f"comment_groups_{name}", sel.lang, present, _("Show comments from"),
                       multiple=True, format_func=lambda code: code_label("group", code, sel.lang),
                       placeholder=_("All groups"))
    shown = table[table["group"].isin(chosen)] if chosen else table
    st.caption(ngettext("{n} comment", "{n} comments", len(shown)).format(n=len(shown)))
    data = cache.wave_data(sel.url, sel.wave, sel.version)
    iso = dict(zip(data.respondents["respondent"], data.respondents["iso3"]))
    st.dataframe(
        shown.assign(
            respondent=[country_name(iso.get(r), r, sel.lang) for r in shown["respondent"]],
            group=[code_label("group", g, sel.lang) for g in shown["group"]],
        )[["respondent", "group", "value"]].rename(columns={
            "respondent": _("Respondent"), "group": _("Group"), "value": _("Comment")}),
        hide_index=True, width="stretch")
