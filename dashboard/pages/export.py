"""Export: the summary and tables behind every chart, for reports and other tools."""
from __future__ import annotations

import json

import streamlit as st

from dashboard import cache
from dashboard.alerts import reported
from dashboard.exports import summary_csv
from dashboard.i18n import _
from dashboard.sidebar import selection
from dashboard.welcome import offer_demo


def main() -> None:
    sel = selection()
    st.title(_("Export"))
    if sel.empty:
        offer_demo()
        return
    summary = cache.summary(sel.url, sel.wave, sel.version, sel.by, sel.filters, sel.other,
                            sel.other_version)
    st.caption(_("Wave {wave}, data version {version}, compared by {by}; filters apply.").format(
        wave=sel.wave, version=sel.version[:8], by=summary.get("by", sel.by)))
    stem = f"trialogue-{sel.wave}-{sel.version[:8]}"
    st.download_button(_("Summary (JSON)"), json.dumps(summary, ensure_ascii=False, indent=1, default=str),
                       file_name=f"{stem}-summary.json", mime="application/json", key="export_json",
                       icon=":material/data_object:")
    st.download_button(_("Results by item and group (CSV)"), summary_csv(summary),
                       file_name=f"{stem}-results.csv", mime="text/csv", key="export_results",
                       icon=":material/table:")
    st.download_button(_("Answers, one row per respondent and item (CSV)"),
                       cache.answers_csv(sel.url, sel.wave, sel.version),
                       file_name=f"{stem}-answers.csv", mime="text/csv", key="export_answers",
                       icon=":material/table:")
    _reports(sel, summary)


def _reports(sel, summary) -> None:
    """Word, Excel and Markdown reports, once ``analysis.exports`` provides their writers."""
    from dashboard.exports import report_writers

    writers = report_writers()
    if not writers:
        return
    st.subheader(_("Reports"), divider="gray")
    for fmt, (label, mime, build) in writers.items():
        try:
            payload = build(sel, summary)
        except Exception as exc:  # noqa: BLE001 - one failing format must not hide the others
            st.warning(_("{format} is not available: {problem}").format(format=_(label), problem=exc))
            continue
        st.download_button(_(label), payload, file_name=f"trialogue-{sel.wave}-{sel.version[:8]}.{fmt}",
                           mime=mime, key=f"export_{fmt}", icon=":material/description:")


with reported():
    main()
