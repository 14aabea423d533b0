"""Trialogue dashboard: ``streamlit run dashboard/server.py`` (or ``streamlit run streamlit_app.py``).

Configures the page, lets the reader in (``dashboard.access.gate``: the sign-in form, or the
refusal of a client that may not connect), builds the navigation for their role and the shared
sidebar, and runs the chosen page — which checks the role again itself.
"""
import streamlit as st

from dashboard import access, navigation, runlog, sidebar, signin

st.set_page_config(page_title="Trialogue", page_icon=":material/forum:", layout="wide")
with runlog.timed():
    viewer = access.gate()
    page = st.navigation(navigation.pages(viewer))
    with st.sidebar:
        signin.identity(viewer)
    sidebar.render()
    page.run()
