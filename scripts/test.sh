#!/usr/bin/env bash
# Set up (first time, with the development packages), check the code with the linter and the
# type checker (configured in pyproject.toml), and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/python -m pytest -n 2 -q "$@"
