#!/usr/bin/env bash
# Runs ikzmap on the embedded default data: installs what it needs, starts Streamlit.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
setup_python ""
setup_assets
PORT="${PORT:-8501}"
echo "ikzmap läuft gleich unter: http://localhost:$PORT"
cd "$ROOT"
exec "$PY" -m ikzmap.ui.server run streamlit_app.py --server.port "$PORT" --server.address 127.0.0.1 "$@"
