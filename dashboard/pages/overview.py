"""Overview: who answered against who could have, and a scorecard per question."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.present.charts import coverage_chart, styled
from analysis.present.disclosure import withheld_groups
from analysis.present.labels import code_label
from analysis.present.lists import catch_all_note
from analysis.present.markdown import md_escape
from analysis.present.readouts import coverage_description, coverage_table
from analysis.present.roster import coverage, coverage_metrics
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.i18n import _, ngettext
from dashboard.sidebar import selection
from dashboard.welcome import offer_demo

# No world map: no country topology ships with the installed packages and the app must work
# offline, so coverage is shown as bars and lists instead.


def main() -> None:
    access.require(*access.PAGE_ROLES["overview"])
    sel = selection()
    st.title(_("Overview"))
    if sel.empty:
        offer_demo()
        return
    data = cache.wave_data(sel.url, sel.wave, sel.version)
    st.markdown(f"**{md_escape(data.instrument.title_in(sel.lang))}**")
    when = data.wave.reference_date
    st.caption(_("Wave {wave} · reference date {date}").format(
        wave=md_escape(sel.wave), date=when.isoformat() if when else _("not set")))
    expected = cache.roster(sel.url, sel.wave, sel.version, sel.lang)
    table = coverage(data.respondents, expected)
    if not sel.audience.sees_everything:
        # Groups under the minimum cell size are left out of every figure members and viewers see.
        seen = cache.disclosed(sel.url, sel.wave, sel.version, sel.audience_key)
        gone = withheld_groups(data, seen)
        table = table[~table["group"].isin(gone)]
        if gone:
            st.caption(_("Left out of every figure here: {groups} (fewer than {k} respondents).").format(
                groups=", ".join(code_label("group", g, sel.lang) for g in gone),  # md-safe: the fixed groups
                k=sel.audience.min_cell))
    _metrics(table, sel.lang)
    frame = table.assign(group_label=[code_label("group", g, sel.lang) for g in table["group"]],
                         universe=table["universe"].fillna(0))
    spec = cache.chart_spec(("coverage", sel.url, sel.wave, sel.version, sel.lang, sel.audience_key),
                            lambda: styled(coverage_chart(frame, lang=sel.lang,
                                                          title=_("Respondents against the roster"),
                                                          description=coverage_description(frame, sel.lang)),
                                           sel.lang))
    st.vega_lite_chart(spec, width="stretch")
    if st.toggle(_("Show the numbers"), key="numbers_coverage"):
        st.dataframe(coverage_table(frame, sel.lang), hide_index=True)
    if sel.audience.sees_everything:  # who answered is the Secretariat's to see
        _delegations(expected, sel.lang)
    elif sel.audience.delegation:
        _own(data, sel.audience.delegation, sel.lang)
    _scorecard(sel)


def _metrics(table: pd.DataFrame, lang: str) -> None:
    metrics = coverage_metrics(table, lang)
    for column, (label, value, help_text) in zip(st.columns(max(len(metrics), 1)), metrics):
        column.metric(label, value, help=help_text)  # md-safe: fixed group names and counts


def _delegations(expected: pd.DataFrame, lang: str) -> None:
    st.subheader(_("Who has answered"), divider="gray")
    groups = [g for g in ("council", "tcc_pcc", "secretariat") if g in set(expected["group"])]
    if not groups:
        st.caption(_("No roster is known for this wave's reference date."))
        return
    for tab, group in zip(st.tabs([code_label("group", g, lang) for g in groups]), groups):
        part = expected[expected["group"] == group]
        done = part[part["answered"]]
        missing = part[~part["answered"]]
        tab.caption(ngettext("{n} has answered", "{n} have answered", len(done)).format(n=len(done))
                    + " · " + ngettext("{n} has not", "{n} have not", len(missing)).format(n=len(missing)))
        left, right = tab.columns(2)
        left.markdown("**" + _("Answered") + "**")
        left.dataframe(_names(done, lang), hide_index=True, width="stretch")
        right.markdown("**" + _("Not yet answered") + "**")
        if missing.empty:
            right.caption(_("Everyone in this group has answered."))
        else:
            right.dataframe(_names(missing, lang), hide_index=True, width="stretch")


def _own(data, delegation: str, lang: str) -> None:
    """A member sees its own delegation's answers, attributed to itself (and no one else's)."""
    st.subheader(_("Your delegation"), divider="gray")
    mine = cache.own_answers(data.wave.name, data.data_version, delegation, lang)
    if mine.num_rows == 0:
        st.info(_("Your delegation has not answered in this wave yet."), icon=":material/pending:")
        return
    st.success(_("Your delegation's answers are in this wave."), icon=":material/check_circle:")
    headings = {"question": _("Question"), "item": _("Item"), "answer": _("Answer")}
    with st.expander(_("Your delegation's answers")):
        st.dataframe(mine.rename_columns([headings.get(c, c) for c in mine.column_names]),
                     hide_index=True, width="stretch")


def _names(part: pd.DataFrame, lang: str) -> pd.DataFrame:
    seat = [code_label("p5_e10", s, lang) if isinstance(s, str) else "" for s in part["seat"]]
    frame = pd.DataFrame({_("Name"): part["name"].tolist()})
    if any(seat):
        frame[_("Seat")] = seat
    return frame


def _scorecard(sel) -> None:
    st.subheader(_("Scorecard by question"), divider="gray")
    summary = sel.summary()
    table = cache.scorecard(sel.url, sel.wave, sel.version, sel.by, sel.filters, sel.other, sel.other_version,
                            sel.audience_key, sel.lang)
    if table.num_rows == 0:
        st.caption(_("No scorecard yet."))
        return
    st.caption(_("Net agreement per group (share in the upper answers minus share in the lower ones, −1 to +1; "
                 "not shown for groups of fewer than 5 respondents), and on how many items the groups differ "
                 "(summary-wide q below 0.05)."))
    note = catch_all_note(summary, sel.lang)
    if note:
        st.caption(md_escape(note))
    st.dataframe(table, hide_index=True, width="stretch")


with reported():
    main()
