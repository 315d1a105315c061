"""The smallest Streamlit page: its load time is the floor for any Streamlit app on this
server and browser (``bench_browser`` measures it beside the app)."""

import streamlit as st

st.markdown("Streamlit bereit")
