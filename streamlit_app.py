"""Trialogue dashboard: ``streamlit run dashboard/server.py`` (or ``streamlit run streamlit_app.py``).

Configures the page, draws the language selector (which also sets the page's language and
direction), lets the reader in (``dashboard.access.gate``: the sign-in form, or the
refusal of a client that may not connect), builds the shared sidebar and the navigation for their
role (its question pages from the questionnaire of the wave the reader chose), and runs the
chosen page — which checks the role again itself. An unexpected error
shows a reference number, never its trace (``dashboard.alerts.reported``). The page icon is a
file served by this server: a browser fetches nothing from anywhere else.
"""
from pathlib import Path

import streamlit as st

from dashboard import access, navigation, runlog, sidebar, signin
from dashboard.alerts import reported

ICON = Path(__file__).resolve().parent / "dashboard" / "assets" / "trialogue.png"

st.set_page_config(page_title="Trialogue", page_icon=str(ICON), layout="wide")
with runlog.timed(), reported():
    # The language first: the sign-in page and a refusal speak it too, with its lang and dir.
    sidebar.language_choice()
    viewer = access.gate()
    # The whole menu, always: a collapsed one hides pages behind Streamlit's own "View n more"
    # button, which is English on every page.
    with st.sidebar:
        signin.identity(viewer)
    chosen = sidebar.render(language_drawn=True)
    page = st.navigation(navigation.pages(viewer, sel=chosen), expanded=True)
    page.run()
