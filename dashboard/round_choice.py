"""The round a Deliberation page works on: chosen among the selected wave's rounds, and kept
live (a fragment re-reads the round every few seconds and reruns the page when votes,
moderation or the round's state have changed it)."""
from __future__ import annotations

import streamlit as st

from analysis.present.markdown import md_escape

from . import cache
from .i18n import _
from .sidebar import Selection
from .welcome import offer_demo

ROUND_KEY = "round"


def choose_round(sel: Selection, *, none: str | None = None):
    """The round picked in a select box (the newest by default); None, with the demo offered
    on an empty store or ``none`` said when the wave has no round."""
    if sel.empty:
        offer_demo()
        return None
    found = cache.rounds(sel.url, sel.wave)
    if not found:
        st.info(none or _("No deliberation round in this wave yet."), icon=":material/forum:")  # md-safe: catalogue
        return None
    names = [r.name for r in found]
    if st.session_state.get(ROUND_KEY) not in names:
        st.session_state.pop(ROUND_KEY, None)
    # Round names come from the secretariat's command line or form: shown as text.
    name = st.selectbox(_("Round"), names, index=len(names) - 1, key=ROUND_KEY, format_func=md_escape)
    return next(r for r in found if r.name == name)


@st.fragment(run_every=cache.LIVE_SECONDS)
def follow(url: str, wave: str, name: str, version: str, state: tuple) -> None:
    """Rerun the page when round ``name`` has a new data version or state (votes, moderation, closing)."""
    current = next((r for r in cache.rounds(url, wave) if r.name == name), None)
    if current is not None and (current.data_version, cache.round_state(current)) != (version, state):
        st.rerun(scope="app")
