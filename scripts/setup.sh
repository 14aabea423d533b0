#!/usr/bin/env bash
# Set up Trialogue on a fresh Debian/Ubuntu machine: system packages (when we may
# install them), a virtual environment in .venv and the pinned Python packages.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: CJK fonts (Chinese in charts and reports), PostgreSQL (multi-user
# store, tested for real), Chromium (browser tests), LibreOffice and poppler (report
# rendering). Python-only use works without them; tests that need one skip and say why.
SYSTEM_PACKAGES=(fonts-noto-cjk postgresql chromium chromium-driver libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="none"; fi
  if [ "$SUDO" = none ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: optional system packages missing (${missing[*]}); install them for Chinese charts, PostgreSQL and browser tests." >&2
  else
    echo "setup: installing system packages: ${missing[*]}" >&2
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Re-install only when requirements.txt changed since the last successful install.
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -r requirements.txt
  # Lines "# no-deps: PKG==X" in requirements.txt: packages whose own exact pins clash with ours.
  nodeps=$(sed -n 's/^# no-deps: *//p' requirements.txt)
  if [ -n "$nodeps" ]; then .venv/bin/python -m pip install -q --no-deps $nodeps; fi
  echo "$want" > "$stamp"
fi
