#!/usr/bin/env bash
# Runs the whole test suite (lint, unit, AppTest, browser end-to-end): installs what it needs.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
setup_python "[test]"
setup_assets

CHROMIUM="${IKZMAP_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Chromium fehlt: installiere das Debian-Paket 'chromium' ..."
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
    [ -x "$CHROMIUM" ] || die "Chromium fehlt unter $CHROMIUM. Bitte als root 'apt-get install chromium' \
ausführen (oder IKZMAP_CHROMIUM auf ein Chromium setzen) und den Befehl wiederholen."
fi
export IKZMAP_CHROMIUM="$CHROMIUM"

cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
exec "$PY" -m pytest "$@"
