#!/usr/bin/env bash
# Runs the whole test suite (lint, unit, AppTest, browser end-to-end): installs what it needs.
source "$(dirname "${BASH_SOURCE[0]}")/_setup.sh"
setup_python "[test]"
setup_assets

CHROMIUM="${IKZMAP_CHROMIUM:-/usr/bin/chromium}"
# Debian packages the tests need: Chromium for the browser tests, PostgreSQL for the store
# tests (tests/pgserver.py starts a throwaway server); one apt-get run for all missing.
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Fehlende Debian-Pakete: ${missing[*]} – werden installiert ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -x "$CHROMIUM" ] || die "Chromium fehlt unter $CHROMIUM. Bitte als root 'apt-get install chromium' \
ausführen (oder IKZMAP_CHROMIUM auf ein Chromium setzen) und den Befehl wiederholen."
export IKZMAP_CHROMIUM="$CHROMIUM"

cd "$ROOT"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
if [ "$#" -gt 0 ]; then  # a chosen part of the suite, as pytest is told
    exec "$PY" -m pytest "$@"
fi
# The whole suite in three runs, each printing its slowest tests: the tests without a
# browser on every core (pytest-xdist); the browser tests on every core too (each worker
# has its own app server and Chromium; they mostly wait for the page, measured: under half
# a core per stream); the load test alone at the end (twenty sessions on one server).
status=0
"$PY" -m pytest tests --ignore=tests/e2e --ignore=tests/load -n auto --dist worksteal \
    --durations=15 || status=$?
"$PY" -m pytest tests/e2e -n auto --dist worksteal --durations=15 || status=$?
"$PY" -m pytest tests/load --durations=5 || status=$?
exit "$status"
