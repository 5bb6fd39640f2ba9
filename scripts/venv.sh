#!/usr/bin/env bash
# Creates .venv (Python 3.11+) if needed and installs BrandTruth into it, with the extras given.
#   scripts/venv.sh [extras]     e.g. scripts/venv.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
    echo "BrandTruth needs Python 3.11 or newer; $("$python" --version 2>&1) was found." \
         "Set PYTHON=/path/to/python3.11 and try again." >&2
    exit 1
  }
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
target="."
[ -n "${1:-}" ] && target=".[$1]"
.venv/bin/python -m pip install --quiet -e "$target"
