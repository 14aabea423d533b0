"""What an empty store shows: an offer to load the built-in demo data."""
from __future__ import annotations

import streamlit as st

from . import cache
from .i18n import _


def offer_demo(key: str = "load_demo") -> None:
    """Say there is nothing yet, and offer the deterministic demo data (``surveys.demo``)."""
    st.info(_("No answers are stored yet. Upload response workbooks on the Upload page, "
              "or load the built-in demo data to look around."), icon=":material/inbox:")
    if st.button(_("Load the demo data"), key=key, type="primary"):
        from surveys.demo import load_demo

        with st.spinner(_("Loading the demo data…")):
            load_demo(cache.store())
        cache.clear_versions()
        st.rerun()
