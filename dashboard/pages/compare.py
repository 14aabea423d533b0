"""Compare: every item against every group in one heatmap, differing groups marked."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, frames
from dashboard.alerts import reported
from dashboard.i18n import _
from dashboard.labels import by_label, group_labels, one_line
from dashboard.sidebar import localised, selection
from dashboard.welcome import offer_demo

METRICS = ("agree_share", "median")


def main() -> None:
    sel = selection()
    st.title(_("Compare"))
    if sel.empty:
        offer_demo()
        return
    summary = sel.summary()
    by = summary.get("by", sel.by)
    if sel.other:
        st.caption(_("Wave {wave} against wave {other}").format(wave=sel.wave, other=sel.other))
    else:
        st.caption(_("Compared by: {by}").format(by=by_label(by, sel.lang)))
    left, right = st.columns(2)
    metric = localised(left.radio, "compare_metric", sel.lang, list(METRICS), _("Show"), horizontal=True,
                       format_func=lambda m: _("Share agreeing") if m == "agree_share" else _("Median"))
    questions = sorted({item["question"] for item in summary["items"] if item.get("question")})
    question = localised(right.selectbox, "compare_question", sel.lang, [""] + questions, _("Question"),
                         format_func=lambda q: q.upper() if q else _("All questions"))
    labels = group_labels(by, summary["groups"], sel.lang, summary["groups"])
    frame = frames.heatmap_frame(summary, labels, metric=metric, question=question or None, lang=sel.lang,
                                 numbered=not question)
    frame = frame.dropna(subset=["value"])
    if frame.empty:
        st.info(_("Nothing to compare with these choices yet."))
        return
    chart = charts.heatmap_chart(frame, lang=sel.lang, metric=metric)
    st.altair_chart(charts.styled(chart, sel.lang), width="stretch")
    st.caption(_("◆ and an outline mark a group that differs clearly from another group "
                 "(adjusted p below 0.05)."))
    if st.toggle(_("Show the numbers"), key="numbers_compare"):
        table = frame.assign(group_label=frame["group_label"].map(one_line)).pivot_table(
            index="item_label", columns="group_label", values="value", sort=False)
        st.dataframe(table, width="stretch")


with reported():
    main()
