"""Trialogue dashboard: ``streamlit run streamlit_app.py``.

Configures the page, builds the navigation and the shared sidebar, and runs the chosen page.
"""
import streamlit as st

from dashboard import navigation, sidebar

st.set_page_config(page_title="Trialogue", page_icon=":material/forum:", layout="wide")
page = st.navigation(navigation.pages())
sidebar.render()
page.run()
