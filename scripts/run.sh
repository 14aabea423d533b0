#!/usr/bin/env bash
# Set up (first time) and start the dashboard on the embedded SQLite store
# (data/trialogue.sqlite); an empty store is filled with the built-in demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python -m surveys demo
exec .venv/bin/streamlit run streamlit_app.py "$@"
