"""Compare: every item against every group in one heatmap, the pairs the tests support marked."""
from __future__ import annotations

import streamlit as st

from analysis.present.charts import heatmap_chart, styled
from analysis.present.labels import question_code, variable_title
from analysis.present.markdown import md_escape
from analysis.present.readouts import heatmap_description, heatmap_table
from analysis.present.tables import HEATMAP_METRICS, heatmap_caption, heatmap_frame, metric_label
from dashboard import access
from dashboard.alerts import reported
from dashboard.i18n import _, translations
from dashboard.sidebar import localised, selection
from dashboard.welcome import offer_demo


def main() -> None:
    access.require(*access.PAGE_ROLES["compare"])
    sel = selection()
    st.title(_("Compare"))
    if sel.empty:
        offer_demo()
        return
    summary = sel.summary()
    if sel.other:
        st.caption(_("Wave {wave} against wave {other}").format(wave=md_escape(sel.wave), other=md_escape(sel.other)))
    else:
        st.caption(_("Compared by: {by}").format(by=md_escape(variable_title(summary.by, sel.lang))))
    left, right = st.columns(2)
    metric = localised(left.radio, "compare_metric", sel.lang, list(HEATMAP_METRICS), _("Show"), horizontal=True,
                       format_func=lambda m: metric_label(m, sel.lang))
    questions = sorted({item.question for item in summary.items if item.question})
    question = localised(right.selectbox, "compare_question", sel.lang, [""] + questions, _("Question"),
                         format_func=lambda q: question_code(q, sel.lang) if q
                         else translations(sel.lang).gettext("All questions"))
    frame = heatmap_frame(summary, sel.lang, metric=metric, question=question or None, numbered=not question,
                          audience=sel.audience)
    frame = frame[frame["text"] != ""]
    if frame.empty:
        st.info(_("Nothing to compare with these choices yet."))
        return
    chart = heatmap_chart(frame, lang=sel.lang, metric=metric, title=metric_label(metric, sel.lang),
                          description=heatmap_description(frame, metric, sel.lang))
    st.altair_chart(styled(chart, sel.lang), width="stretch")
    st.caption(heatmap_caption(sel.lang))
    if st.toggle(_("Show the numbers"), key="numbers_compare"):
        st.dataframe(heatmap_table(frame, sel.lang), hide_index=True, width="stretch")


with reported():
    main()
