"""Template: a response workbook for one delegation, in its language, ready to send."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from analysis.present.labels import code_label
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.delegations import UNIT, delegation_choices, respondent as stored_name
from dashboard.i18n import LANGUAGE_NAMES, _, translations
from dashboard.sidebar import selection
from surveys.model import GROUP_CODES, UN_LANGUAGES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _instrument(sel):
    if not sel.empty:
        return cache.wave_data(sel.url, sel.wave, sel.version).instrument
    from surveys.instrument.default import default_instrument

    return default_instrument()


def main() -> None:
    access.require(*access.PAGE_ROLES["template"])
    sel = selection()
    st.title(_("Template"))
    st.caption(_("A response workbook with drop-down answers, for one delegation or unit."))
    st.caption(_("Filled templates come back on the Upload page, as do other workbooks, CSV exports "
                 "(KoboToolbox, Ona, Excel) and ODK Central exports (.zip of CSV files)."))
    instrument = _instrument(sel)
    names = {"": _("(leave blank)")}
    names.update(delegation_choices(sel.lang))
    left, middle, right = st.columns(3)
    who = left.selectbox(_("Delegation or unit"), list(names), format_func=names.get, key=f"template_who_{sel.lang}")
    lang = middle.selectbox(_("Language of the template"), UN_LANGUAGES, key="template_lang",
                            index=UN_LANGUAGES.index(sel.lang) if sel.lang in UN_LANGUAGES else 2,
                            format_func=LANGUAGE_NAMES.get)
    groups = ["", *GROUP_CODES]
    # A Secretariat unit is always "secretariat"; a state's group comes from the registry at
    # import unless the Secretariat sets it. Keyed per delegation, so the default follows the choice.
    default_group = groups.index("secretariat") if who.startswith(UNIT) else 0
    group = right.selectbox(_("Group"), groups, key=f"template_group_{sel.lang}_{who}",
                            index=default_group,
                            format_func=lambda g: code_label("group", g, sel.lang) if g
                            else translations(sel.lang).gettext("(respondent fills it in)"))
    if lang not in instrument.languages:
        st.caption(_(  # md-safe: language names
            "The questionnaire has no {language} wording yet; its questions appear in {fallback}.").format(
            language=LANGUAGE_NAMES.get(lang, lang), fallback=LANGUAGE_NAMES.get(instrument.default_language, "English")))
    respondent = stored_name(who)
    from surveys.reading.template import write_template

    with tempfile.TemporaryDirectory(prefix="trialogue-template-") as folder:
        path = Path(folder) / "template.xlsx"
        write_template(instrument, path, lang=lang, respondent=respondent, group=group or None)
        data = path.read_bytes()
    stem = (respondent or "template").replace(" ", "_")
    st.download_button(_("Download the template"), data, file_name=f"{instrument.form_id}-{stem}-{lang}.xlsx",
                       mime=XLSX, type="primary", icon=":material/download:", key="template_download")


with reported():
    main()
