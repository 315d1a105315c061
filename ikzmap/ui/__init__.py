"""Thin Streamlit views. Domain logic lives in the core modules of ``ikzmap``."""
