"""Deliberation results: the statements ranked by consensus with their votes by group, the
bridging and dividing statements, and the opinion map with its opinion groups — all as the
reader may see them (``analysis.present.deliberation``)."""
from __future__ import annotations

import streamlit as st

from analysis.present.charts import styled
from analysis.present.deliberation import results_shown
from analysis.present.deliberation.charts import map_chart, round_chart
from analysis.present.deliberation.findings import (
    bridging_caption,
    bridging_entries,
    dividing_caption,
    dividing_entries,
    map_caption,
    opinion_answer,
    opinion_group_lines,
    participation,
    ranking_caption,
    results_pending,
    round_status,
    statement_finding,
    statement_text,
)
from analysis.present.deliberation.tables import opinion_groups_table, statements_table, table_frame
from analysis.present.labels import question_code
from analysis.present.markdown import md_escape
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.i18n import _
from dashboard.round_choice import choose_round, follow
from dashboard.sidebar import selection

#: Statements whose chart is drawn at once; the others open on request.
DRAWN = 8


def main() -> None:
    access.require(*access.PAGE_ROLES["deliberation"])
    sel = selection()
    audience = sel.audience
    st.title(_("Deliberation"))
    found = choose_round(sel)
    if found is None:
        return
    follow(sel.url, sel.wave, found.name, found.data_version, cache.round_state(found))
    if not results_shown(found, audience):
        st.info(md_escape(results_pending(found, sel.lang, audience)), icon=":material/schedule:")
        return
    view = cache.round_view(sel.url, found, audience)
    st.caption(md_escape(round_status(found, sel.lang, audience)))
    st.markdown(md_escape(participation(view, sel.lang)))
    statements, opinion = st.tabs([_("Statements"), _("Opinion groups")])
    with statements:
        _lists(view, sel.lang)
        _ranked(view, sel.lang)
    with opinion:
        _opinion(view, sel.lang)


def _lists(view, lang: str) -> None:
    left, right = st.columns(2)
    for column, title, caption, entries, none, divider in (
            (left, _("Bridging statements"), bridging_caption(lang, view.analysis.min_cell),
             bridging_entries(view, lang), _("No statement has a majority of every group behind it yet."), "green"),
            (right, _("Dividing statements"), dividing_caption(lang), dividing_entries(view, lang),
             _("No statement divides the groups with the votes so far."), "orange")):
        with column:
            st.subheader(title, divider=divider)  # md-safe: the catalogue's own words
            st.caption(md_escape(caption))
            if not entries:
                st.info(none, icon=":material/info:")  # md-safe: the catalogue's own words
            for entry in entries:
                with st.container(border=True):
                    st.markdown(f"**{md_escape(entry.statement)}** · {md_escape(entry.title)}")
                    st.caption(md_escape(entry.detail))


def _ranked(view, lang: str) -> None:
    st.subheader(_("All statements, by consensus"), divider="gray")
    st.caption(md_escape(ranking_caption(lang)))
    for rank, result in enumerate(view.analysis.ranked, start=1):
        finding = statement_finding(view, result.id, lang)
        with st.container(border=True, key=f"statement_{result.id}"):
            st.markdown(f"**{rank}. {md_escape(result.id)}** · {md_escape(question_code(result.question, lang))} · "
                        f"{md_escape(statement_text(result, lang))}")
            st.caption(md_escape(finding))
            chart = styled(round_chart(view, result.id, lang, title=f"{result.id} · {_('Votes by group')}",
                                       description=finding), lang)
            if rank <= DRAWN:
                st.altair_chart(chart, width="stretch")
            else:
                with st.expander(_("Votes by group")):
                    st.altair_chart(chart, width="stretch")
    if st.toggle(_("Show the numbers"), key="numbers_round"):
        table = statements_table(view, lang, "")
        # The statement's text is read above each chart; here it is narrow so the counts fit.
        st.dataframe(table_frame(table), hide_index=True, width="stretch",
                     column_config={table.header[2]: st.column_config.TextColumn(width="medium")})
        st.caption(md_escape(table.note or ""))


def _opinion(view, lang: str) -> None:
    answer = opinion_answer(view, lang)
    st.markdown(":material/insights: " + md_escape(answer))
    chart = map_chart(view, lang, title=_("Opinion map"), description=answer)
    if chart is not None:
        st.altair_chart(styled(chart, lang), width="stretch")
        st.caption(md_escape(map_caption(view, lang)))
    for line in opinion_group_lines(view, lang):
        st.markdown("– " + md_escape(line))
    table = opinion_groups_table(view, lang, "")
    if table is not None and st.toggle(_("Show the numbers"), key="numbers_opinion"):
        st.dataframe(table_frame(table), hide_index=True, width="stretch")
        st.caption(md_escape(table.note or ""))


with reported():
    main()
