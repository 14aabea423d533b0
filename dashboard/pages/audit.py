"""Audit log (Secretariat): who did what and when, filtered by action, person and day."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.i18n import _, ngettext
from surveys.storage.audit import ACTIONS, entries, to_json

SHOWN = 500


def main() -> None:
    access.require(*access.PAGE_ROLES["audit"])
    st.title(_("Audit log"))
    st.caption(_("Every sign-in, import, withdrawal, export and change of accounts, roles and settings, newest "
                 "first. The log can only grow: nobody can change or delete an entry."))
    left, middle, right = st.columns(3)
    action = left.selectbox(_("Action"), ["", *ACTIONS], key="audit_action",
                            format_func=lambda a: a.replace("_", " ") if a else _("All actions"))
    actor = middle.text_input(_("Person"), key="audit_actor", placeholder=_("Any"))
    since = right.date_input(_("From"), value=None, key="audit_since")
    found = entries(cache.store(), action=action or None, actor=actor.strip() or None,
                    since=dt.datetime.combine(since, dt.time()) if since else None)
    st.caption(ngettext("{n} entry", "{n} entries", len(found)).format(n=len(found)))
    if not found:
        return
    frame = pd.DataFrame([{_("Time (UTC)"): e.at.strftime("%Y-%m-%d %H:%M:%S"), _("Person"): e.actor,
                           _("Role"): e.role or "", _("Action"): e.action.replace("_", " "),
                           _("Subject"): e.subject or "",
                           _("Details"): json.dumps(dict(e.details), ensure_ascii=False)} for e in found[:SHOWN]])
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(_("Download as JSON"), to_json(found), file_name="trialogue-audit.json",
                       mime="application/json", key="audit_json", icon=":material/download:")


with reported():
    main()
