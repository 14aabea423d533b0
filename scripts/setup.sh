#!/usr/bin/env bash
# Set up Trialogue on a fresh Debian/Ubuntu machine: system packages (when we may
# install them), a virtual environment in .venv and the pinned Python packages.
# Safe to run again: it only installs what is missing.
#   scripts/setup.sh         the runtime packages (requirements.txt)
#   scripts/setup.sh --dev   those and the tests', linter's and type checker's (requirements-dev.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=requirements.txt
if [ "${1:-}" = --dev ]; then requirements=requirements-dev.txt; fi

# System packages: CJK fonts (Chinese in charts and reports), Liberation (faces with the
# metrics of Times New Roman and Courier New, which the Word report names), Amiri (the
# Arabic reports' Naskh face), PostgreSQL (multi-user store, tested for real), Chromium
# and Node.js's npm (browser tests, the accessibility engine), LibreOffice and poppler
# (report rendering and PDF export). Python-only use works without them; tests that need
# one skip and say why.
SYSTEM_PACKAGES=(fonts-noto-cjk fonts-liberation2 fonts-liberation fonts-hosny-amiri postgresql chromium chromium-driver
                 libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils npm)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    # npm also comes inside other Node.js builds (whose package conflicts with Debian's npm):
    # any working npm will do.
    if [ "$pkg" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
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
# Re-install only when the requirements changed since the last successful install of that set.
stamp=.venv/.${requirements%.txt}.sha256
want=$(cat requirements.txt "$requirements" | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -r "$requirements"
  # Lines "# no-deps: PKG==X" in the requirements: packages whose own exact pins clash with ours.
  nodeps=$(sed -n 's/^# no-deps: *//p' requirements.txt "$requirements" | sort -u)
  if [ -n "$nodeps" ]; then .venv/bin/python -m pip install -q --no-deps $nodeps; fi
  echo "$want" > "$stamp"
fi

# The accessibility engine the browser test injects into every page (axe-core, pinned),
# installed with the machine's npm into .node/ (git-ignored); nothing is fetched when the
# pinned version is already there.
AXE_VERSION=4.14.1
axe=.node/node_modules/axe-core/package.json
if ! { [ -f "$axe" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$axe"; }; then
  if command -v npm >/dev/null 2>&1; then
    mkdir -p .node
    npm install --prefix .node --no-save --no-package-lock --no-audit --no-fund -q "axe-core@$AXE_VERSION" >/dev/null \
      || echo "setup: could not install axe-core $AXE_VERSION; the accessibility checks of the browser test will skip." >&2
  else
    echo "setup: npm is missing; the accessibility checks of the browser test will skip." >&2
  fi
fi
