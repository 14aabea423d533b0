"""Comments: read one question's comments by group, region and language, search every question
(Chinese and Arabic too), see the terms that set each group apart, the themes coded and the
quotes chosen — every comment and name as the reader's audience may see it.

A thin page: the comments, terms and themes come from the library through ``dashboard.cache``,
everything shown from ``analysis.present``; comment texts are workbook text, shown as text.
"""
from __future__ import annotations

import streamlit as st

from analysis.present import comments as shown
from analysis.present.charts import item_view, styled
from analysis.present.labels import code_label, question_code
from analysis.present.markdown import md_escape
from analysis.present.themes import comments_title, reliability_sentence, theme_findings, themes_table
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.i18n import _, ngettext
from dashboard.questions import COMMENTS_QUESTION
from dashboard.sidebar import localised, selection
from dashboard.welcome import offer_demo


def main() -> None:
    access.require(*access.PAGE_ROLES["comments"])
    sel = selection()
    audience = sel.audience
    st.title(_("Comments"))
    if sel.empty:
        offer_demo(key="demo_comments")
        return
    data = cache.wave_data(sel.url, sel.wave, sel.version)
    everything = cache.comment_set(sel.url, sel.wave, sel.version, sel.by, sel.filters, sel.audience_key)
    questions = [q.name for q in data.instrument.questions
                 if any(i.kind == "text" for i in data.instrument.items_of(q.name))]
    if not questions:
        st.info(_("This wave's questionnaire has no comment boxes."))
        return
    st.caption(md_escape(shown.attribution_note(audience, sel.lang)))
    asked = st.query_params.get(COMMENTS_QUESTION)
    if asked in questions and "comments_question" not in st.session_state:
        st.session_state["comments_question"] = asked
    question = st.selectbox(_("Question"), questions, key="comments_question",
                            format_func=lambda q: f"{question_code(q, sel.lang)} · "
                                                  f"{data.instrument.question(q).label(sel.lang)}")
    _reading(sel, data, everything, question, audience)
    _terms(sel, data, everything, question, audience)
    _themes(sel, question, audience)
    _quotes(sel, data, everything, question, audience)


def _reading(sel, data, everything, question: str, audience) -> None:
    """The comments of the question (or, searching, of every question) with the reader's filters."""
    query = st.text_input(_("Search the comments"), key="comments_search",
                          placeholder=_("Words in any of the six languages; \"quoted phrase\""))
    query = query.strip()
    across = st.toggle(_("Search every question"), value=True, key="comments_across", disabled=not query)
    pool = everything if query and across else everything.of_question(question)
    found = pool.search(query) if query else list(pool)
    visible = shown.shown_comments(found, data, audience)
    left, middle, right = st.columns(3)
    groups = localised(left.multiselect, "comments_groups", sel.lang, sorted({c.group for c in visible}),
                       _("Group"), multiple=True, placeholder=_("All groups"),
                       format_func=lambda g: code_label(everything.by, g, sel.lang))
    regions = localised(middle.multiselect, "comments_regions", sel.lang,
                        sorted({c.region for c in visible if c.region}), _("Regional group"), multiple=True,
                        placeholder=_("All"), format_func=lambda r: code_label("region", r, sel.lang))
    languages = localised(right.multiselect, "comments_languages", sel.lang, sorted({c.language for c in visible}),
                          _("Language"), multiple=True, placeholder=_("All"),
                          format_func=lambda code: shown.language_name(code, sel.lang))
    visible = [c for c in visible if (not groups or c.group in groups) and (not regions or c.region in regions)
               and (not languages or c.language in languages)]
    if query:
        st.caption(md_escape(shown.search_note(query, len(visible), sel.lang)))  # the query is typed text
    else:
        st.caption(ngettext("{n} comment", "{n} comments", len(visible)).format(n=len(visible)))
    if visible:
        st.dataframe(shown.comment_frame(visible, everything, sel.lang, data), hide_index=True, width="stretch",
                     key="comments_table")


def _terms(sel, data, everything, question: str, audience) -> None:
    """The terms that set each group's comments on the question apart, and the comments using one."""
    st.subheader(_("Distinctive terms by group"), divider="gray")
    result = cache.terms(sel.url, sel.wave, sel.version, question, sel.by, sel.filters, sel.audience_key)
    st.caption(md_escape(shown.terms_note(result, sel.lang, audience)))
    listed = shown.listed_terms(result, audience)
    if not listed:
        if not result.reason:
            st.caption(_("No term is used often enough by one group to stand out."))
        return
    st.dataframe(shown.terms_frame(result, everything, sel.lang, audience), hide_index=True, width="stretch",
                 key="terms_table")
    chosen = st.selectbox(_("Read the comments that use a term"), range(len(listed)), index=None,
                          key="terms_chosen", placeholder=_("Choose a term"),
                          format_func=lambda j: f"{code_label(everything.by, listed[j].group, sel.lang)} · "
                                                f"{listed[j].term}")
    if chosen is not None and chosen < len(listed):
        term = listed[chosen]
        using = shown.term_comments(result, term.group, term.term, everything, data, audience)
        st.dataframe(shown.comment_frame(using, everything, sel.lang, data), hide_index=True, width="stretch",
                     key="term_comments")


def _themes(sel, question: str, audience) -> None:
    """Themes coded in the question's comments: findings, the table with each theme's test, a chart,
    and the coders' agreement."""
    coded = cache.coding_version(sel.url, sel.wave)
    summary = cache.themes(sel.url, sel.wave, sel.version, coded, sel.by, sel.filters, sel.audience_key)
    items = [it for it in summary.items if it.question == question] if summary is not None else []
    if not items:
        return
    st.subheader(_("Themes raised"), divider="gray")
    for item in items:
        for line in theme_findings(summary, item.summary, sel.lang, audience):
            st.caption("– " + md_escape(line))  # theme labels inside are workbook text
        table = themes_table(summary, item, sel.lang, comments_title(item, sel.lang), audience)
        if table is not None:
            st.dataframe(table.frame(), hide_index=True, width="stretch", key=f"themes_{item.item}")
            st.caption(md_escape(table.note or ""))
        chart, _frame = item_view(summary, item.summary, sel.lang, audience, title=comments_title(item, sel.lang),
                                  description=" ".join(theme_findings(summary, item.summary, sel.lang, audience)))
        if chart is not None:
            st.altair_chart(styled(chart, sel.lang), width="stretch")
        st.caption(md_escape(reliability_sentence(item, sel.lang)))


def _quotes(sel, data, everything, question: str, audience) -> None:
    """The quotes the Secretariat chose for the question, named as the reader may see."""
    coded = cache.coding_version(sel.url, sel.wave)
    _codebook, _codings, quotes = cache.coding(sel.url, sel.wave, sel.version, coded)
    entries = [e for e in shown.quote_entries(quotes, data, audience) if e.question == question]
    if not entries:
        return
    st.subheader(_("Representative quotes"), divider="gray")
    for number, entry in enumerate(entries):
        with st.container(border=True, key=f"quote_{number}"):
            st.text(entry.text, width="stretch")
            if entry.translation:
                st.text(entry.translation_line(sel.lang), width="stretch")
            st.text(entry.source(everything, sel.lang, data), width="stretch")


with reported():
    main()
