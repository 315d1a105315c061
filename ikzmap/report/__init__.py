""" "Bericht in Zahlen": the report's published figures as charts, tables and files.

Core code without Streamlit; the page is :mod:`ikzmap.ui.report_page`.
"""
