"""Accounts and settings (Secretariat): who may sign in as what, the minimum cell size, and how
each wave treats names. Every change goes through the same library calls as the command line
(``python -m surveys users|settings|attribution``) and is audited under the signed-in name."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.present.markdown import md_escape
from dashboard import access, cache
from dashboard.alerts import reported
from dashboard.i18n import _
from surveys.access import accounts as acc
from surveys.access.attribution import ANONYMOUS, MODES, attribution, set_attribution
from surveys.access.settings import SETTINGS, all_settings, set_setting


def main() -> None:
    viewer = access.require(*access.PAGE_ROLES["people"])
    st.title(_("Accounts and settings"))
    store = cache.store()
    _accounts(store, viewer)
    _settings(store, viewer)
    _attribution(store, viewer)


def _accounts(store, viewer) -> None:
    st.subheader(_("Accounts"), divider="gray")
    found = acc.accounts(store)
    if found:
        st.dataframe(pd.DataFrame([{_("User name"): a.name, _("Role"): access.role_name(a.role),
                                    _("Delegation"): a.delegation or "",
                                    _("Signs in with"): _("password") if a.has_password else "OpenID Connect"}
                                   for a in found]), hide_index=True, width="stretch")
    else:
        st.caption(_("No accounts yet."))
    with st.form("add_account", clear_on_submit=True):
        st.markdown("**" + _("Add an account") + "**")
        left, middle, right = st.columns(3)
        name = left.text_input(_("User name"), key="new_name", max_chars=200)
        role = middle.selectbox(_("Role"), acc.ROLES, key="new_role", format_func=access.role_name)
        delegation = right.text_input(_("Delegation (members only)"), key="new_delegation",
                                      placeholder=_("e.g. Ghana or GHA"))
        password = st.text_input(_("Password (leave empty for an OpenID Connect account)"), type="password",
                                 key="new_password", autocomplete="new-password")
        if st.form_submit_button(_("Add the account"), type="primary"):
            made = acc.add_account(store, name, role, actor=viewer.actor, delegation=delegation or None,
                                   password=password or None)
            st.success(_("Added {name}.").format(name=md_escape(made.name)))
    if not found:
        return
    with st.form("change_role"):
        st.markdown("**" + _("Change a role or remove an account") + "**")
        left, middle, right = st.columns(3)
        name = left.selectbox(_("Account"), [a.name for a in found], key="role_name")
        role = middle.selectbox(_("New role"), acc.ROLES, key="role_role", format_func=access.role_name)
        delegation = right.text_input(_("Delegation (members only)"), key="role_delegation")
        change, remove = st.columns(2)
        if change.form_submit_button(_("Change the role")):
            acc.set_role(store, name, role, actor=viewer.actor, delegation=delegation or None)
            st.success(_("{name} is now {role}; its open sessions were ended.").format(
                name=md_escape(name), role=access.role_name(role)))
        if remove.form_submit_button(_("Remove the account")):
            if name == viewer.name:
                st.error(_("You cannot remove the account you are signed in with."))
            else:
                acc.remove_account(store, name, actor=viewer.actor)
                st.success(_("Removed {name}.").format(name=md_escape(name)))


def _settings(store, viewer) -> None:
    st.subheader(_("Settings"), divider="gray")
    current = all_settings(store)
    labels = {"min_cell": _("Minimum cell size: members and viewers see no figure for fewer answers"),
              "session_hours": _("Hours a sign-in lasts"),
              "idle_minutes": _("Minutes without use after which a sign-in ends")}
    with st.form("settings"):
        chosen = {key: st.number_input(labels[key], min_value=SETTINGS[key][1],  # md-safe: labels above
                                       max_value=SETTINGS[key][2],
                                       value=current[key], step=1, key=f"setting_{key}") for key in SETTINGS}
        if st.form_submit_button(_("Save the settings")):
            for key, value in chosen.items():
                if int(value) != current[key]:
                    set_setting(store, key, int(value), actor=viewer.actor)
            cache.min_cell.clear()
            cache.sign_in_limits.clear()
            st.success(_("Saved."))


def _attribution(store, viewer) -> None:
    st.subheader(_("Attribution of each wave"), divider="gray")
    st.caption(_("Attributed: the Secretariat sees names; members see comments unnamed unless the delegation "
                 "agreed. Non-attributed: names are kept for checking and replacing answers, never shown outside "
                 "the Secretariat. Anonymous: names are dropped."))
    waves = [w.name for w in store.waves()]
    if not waves:
        st.caption(_("No wave is stored yet."))
        return
    left, right = st.columns(2)
    wave = left.selectbox(_("Wave"), waves, index=len(waves) - 1, key="attribution_wave")
    now = attribution(store, wave)
    mode = right.selectbox(_("Attribution"), MODES, index=MODES.index(now), key=f"attribution_mode_{wave}",
                           disabled=now == ANONYMOUS)
    if now == ANONYMOUS:
        st.info(_("This wave is anonymous: its names were dropped and cannot come back."))
        return
    sure = True
    if mode == ANONYMOUS:
        st.warning(_("Making a wave anonymous drops every respondent's name and ISO code from its answers, codings, "
                     "quotes and import messages, for good: it cannot be undone, and later submissions can no "
                     "longer replace earlier ones."), icon=":material/warning:")
        sure = st.checkbox(_("I understand that the names are dropped for good."), key="attribution_sure")
    if mode != now and st.button(_("Set the attribution"), disabled=not sure, key="attribution_set"):
        change = set_attribution(store, wave, mode, actor=viewer.actor)
        cache.clear_versions()
        st.success(_("Wave {wave}: {before} → {after}.").format(wave=md_escape(change.wave),
                                                               before=md_escape(change.before),
                                                               after=md_escape(change.after)))


with reported():
    main()
