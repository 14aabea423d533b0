"""Export: the summary and tables behind every chart, and the Chair's report in Word, Excel,
Markdown or CSV (the same files as ``python -m analysis export``, logged with their freeze)."""
from __future__ import annotations

import json

import streamlit as st

from analysis.exports.csv_answers import results_csv_bytes
from analysis.present.labels import variable_name
from dashboard import cache
from dashboard.alerts import reported
from dashboard.exports import REPORT_FORMATS
from dashboard.i18n import LANGUAGE_NAMES, _
from dashboard.sidebar import localised, selection
from dashboard.welcome import offer_demo


def main() -> None:
    sel = selection()
    st.title(_("Export"))
    if sel.empty:
        offer_demo()
        return
    summary = sel.summary()
    st.caption(_("Wave {wave}, data version {version}, compared by {by}; filters apply.").format(
        wave=sel.wave, version=sel.version[:8], by=variable_name(summary.by, sel.lang)))
    stem = f"trialogue-{sel.wave}-{sel.version[:8]}"
    st.download_button(_("Summary (JSON)"), json.dumps(summary.to_dict(), ensure_ascii=False, indent=1),
                       file_name=f"{stem}-summary.json", mime="application/json", key="export_json",
                       icon=":material/data_object:")
    st.download_button(_("Results by item and group (CSV)"), results_csv_bytes(summary),
                       file_name=f"{stem}-results.csv", mime="text/csv", key="export_results",
                       icon=":material/table:")
    _reports(sel, summary)


def _reports(sel, summary) -> None:
    """Word, Excel, Markdown and the answers CSV from the export engine, prepared on request."""
    from analysis.exports import LANGUAGES, freeze_of
    from analysis.exports.freeze import record

    st.subheader(_("Reports"), divider="gray")
    left, right = st.columns(2)
    fmt = localised(left.selectbox, "export_format", sel.lang, list(REPORT_FORMATS), _("Format"),
                    format_func=lambda f: _(REPORT_FORMATS[f][0]))
    langs = list(LANGUAGES)
    lang = right.selectbox(_("Language of the report"), langs, key="export_lang",
                           index=langs.index(sel.lang) if sel.lang in langs else 0,
                           format_func=LANGUAGE_NAMES.get)
    name = f"trialogue-{sel.wave}-{sel.version[:8]}-{lang}.{fmt}"
    if not st.button(_("Prepare the report"), key="export_prepare", icon=":material/description:"):
        return
    with st.spinner(_("Writing the report…")):
        payload = cache.report(sel.url, sel.wave, sel.version, sel.by, sel.filters, sel.other,
                               sel.other_version, fmt, lang, name)
    # The same log entry as the command line's, so the file can be traced and rebuilt.
    record(cache.store(), freeze_of(summary, fmt, lang), name)
    st.download_button(_(REPORT_FORMATS[fmt][0]), payload, file_name=name, mime=REPORT_FORMATS[fmt][1],
                       key=f"export_{fmt}", icon=":material/download:", type="primary")


with reported():
    main()
