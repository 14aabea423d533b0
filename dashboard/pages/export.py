"""Export: the summary and tables behind every chart, and the Chair's report in Word, Excel,
Markdown or CSV (the same files as ``python -m analysis export``, logged with their freeze)."""
from __future__ import annotations

import json

import streamlit as st

from analysis.exports.csv_answers import results_csv_bytes
from analysis.present.disclosure import audience_note
from analysis.present.labels import variable_name
from analysis.present.markdown import md_escape
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.exports import REPORT_FORMATS, offered_formats
from dashboard.i18n import LANGUAGE_NAMES, _, translations
from dashboard.sidebar import localised, selection
from dashboard.welcome import offer_demo


def main() -> None:
    viewer = access.require(*access.PAGE_ROLES["export"])
    sel = selection()
    st.title(_("Export"))
    if sel.empty:
        offer_demo()
        return
    summary = sel.summary()
    st.caption(_("Wave {wave}, data version {version}, compared by {by}; filters apply.").format(
        wave=md_escape(sel.wave), version=sel.version[:8], by=md_escape(variable_name(summary.by, sel.lang))))
    st.caption(audience_note(sel.audience, sel.lang))
    stem = f"trialogue-{sel.wave}-{sel.version[:8]}"
    # Each download is offered, and built, only for a role allowed to take it (analysis.exports.access).
    if access.may_download("summary_json", viewer):
        st.download_button(_("Summary (JSON)"), json.dumps(summary.to_dict(), ensure_ascii=False, indent=1),
                           file_name=f"{stem}-summary.json", mime="application/json", key="export_json",
                           icon=":material/data_object:")
    if access.may_download("results_csv", viewer):
        st.download_button(_("Results by item and group (CSV)"), results_csv_bytes(summary, sel.audience),
                           file_name=f"{stem}-results.csv", mime="text/csv", key="export_results",
                           icon=":material/table:")
    _reports(sel, summary, viewer)


def _reports(sel, summary, viewer) -> None:
    """Word, Excel, Markdown and the answers CSV from the export engine, prepared on request."""
    from analysis.exports import LANGUAGES, freeze_of
    from analysis.present.freeze import record

    st.subheader(_("Reports"), divider="gray")
    left, right = st.columns(2)
    formats = [f for f in offered_formats() if access.may_download(f, viewer)]
    fmt = localised(left.selectbox, "export_format", sel.lang, formats, _("Format"),
                    format_func=lambda f: translations(sel.lang).gettext(REPORT_FORMATS[f][0]))
    if "pdf" not in offered_formats():
        left.caption(_("PDF needs LibreOffice on the server, which is not installed; the Word report has the same "
                       "content."))
    langs = list(LANGUAGES)
    lang = right.selectbox(_("Language of the report"), langs, key="export_lang",
                           index=langs.index(sel.lang) if sel.lang in langs else 0,
                           format_func=LANGUAGE_NAMES.get)
    name = f"trialogue-{sel.wave}-{sel.version[:8]}-{lang}.{fmt}"
    if not st.button(_("Prepare the report"), key="export_prepare", icon=":material/description:"):
        return
    if not access.may_download(fmt, viewer):  # a format chosen before the role changed
        st.error(_("This format is for the Secretariat only."))
        return
    with st.spinner(_("Writing the report…")):
        payload = cache.report(sel.url, sel.wave, sel.version, sel.by, sel.filters, sel.other,
                               sel.other_version, fmt, lang, name, sel.audience_key)
    # The same log entries as the command line's, so the file can be traced and rebuilt.
    coded = cache.report_coding(sel.url, sel.wave, sel.by, fmt)
    record(cache.store(), freeze_of(summary, fmt, lang, sel.audience, coded), name, viewer.actor)
    st.download_button(_(REPORT_FORMATS[fmt][0]),  # md-safe: a format's catalogue name
                       payload, file_name=name, mime=REPORT_FORMATS[fmt][1],
                       key=f"export_{fmt}", icon=":material/download:", type="primary")


with reported():
    main()
