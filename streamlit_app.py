"""ikzmap entry point: `streamlit run streamlit_app.py`."""

from ikzmap.ui.app import main

main()
