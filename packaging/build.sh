#!/usr/bin/env bash
# Build the PyInstaller onedir bundle into packaging/dist/brandtruth/ and run its self-test.
#
#   packaging/build.sh [VENV]
#
# Python: the venv given as the argument (created with $PYTHON if it does not exist yet),
# else the active one ($VIRTUAL_ENV), else the repo's .venv (scripts/venv.sh makes it), else
# ${PYTHON:-python3} as it is. The app is installed into it in editable mode with the
# `packaging` extra (PyInstaller), so a developer's editable install stays editable.
# Exits with the bundle's `brandtruth --self-test` exit code: 0 only when the bundle works.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
started=$SECONDS

venv="${1:-${VIRTUAL_ENV:-}}"
if [[ -z "$venv" && -x .venv/bin/python ]]; then
    venv=.venv
fi
if [[ -n "$venv" ]]; then
    if [[ ! -d "$venv" ]]; then
        echo "==> creating the venv $venv"
        "${PYTHON:-python3}" -m venv "$venv"
    fi
    if [[ -x "$venv/bin/python" ]]; then
        python="$venv/bin/python"
    else
        python="$venv/Scripts/python.exe"  # a Windows venv under Git Bash
    fi
else
    python="${PYTHON:-python3}"
fi
echo "==> using $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')"

echo "==> installing the app with its packaging tools"
"$python" -m pip install --quiet --disable-pip-version-check -e ".[packaging]"

echo "==> building the bundle"
"$python" -m PyInstaller --noconfirm --log-level WARN \
    --distpath packaging/dist --workpath packaging/build \
    packaging/brandtruth.spec

bundle="$repo/packaging/dist/brandtruth"
executable="$bundle/brandtruth"
[[ -x "$executable" ]] || executable="$bundle/brandtruth.exe"
echo "==> built $bundle in $((SECONDS - started)) s, size $(du -sh "$bundle" | cut -f1)"

# From another folder and with a clean environment for our variables, so nothing can be read
# from the source checkout or the developer's workspace.
echo "==> self-test of the bundle"
status=0
(
    cd "${TMPDIR:-/tmp}"
    env -u PYTHONPATH -u BRANDTRUTH_HOME -u BRANDTRUTH_DATABASE_URL \
        "$executable" --self-test
) || status=$?
echo "==> done in $((SECONDS - started)) s; bundle self-test exit code $status"
exit "$status"
