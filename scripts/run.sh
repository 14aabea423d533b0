#!/usr/bin/env bash
# Set up (first time) and start the dashboard (dashboard/server.py) on the store of
# $TRIALOGUE_DATABASE_URL, else the embedded SQLite file data/trialogue.sqlite.
#
# TRIALOGUE_AUTH=none (the default): one person on this computer. The server listens on
# 127.0.0.1 only (and refuses any other client), the reader acts as the Secretariat, and an
# empty store is filled with the built-in demo data.
# TRIALOGUE_AUTH=accounts|oidc: signed-in users behind a reverse proxy (README, "Shared
# deployment"); the server listens on $TRIALOGUE_ADDRESS (default 127.0.0.1, the proxy's side)
# and refuses to start without its configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mode="${TRIALOGUE_AUTH:-none}"
if [ "$mode" = none ]; then
  for arg in "$@"; do
    case "$arg" in
      --server.address*|--server.address=*)
        echo "run.sh: without sign-in (TRIALOGUE_AUTH=none) the dashboard listens on 127.0.0.1 only;" \
             "set TRIALOGUE_AUTH=accounts or oidc to serve other computers" >&2
        exit 2;;
    esac
  done
  .venv/bin/python -m surveys demo
  address=127.0.0.1
else
  address="${TRIALOGUE_ADDRESS:-127.0.0.1}"
fi
exec .venv/bin/streamlit run dashboard/server.py --server.address "$address" "$@"
