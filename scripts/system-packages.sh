#!/usr/bin/env bash
# Installs the Debian packages BrandTruth needs (Qt's runtime libraries; for the tests also the
# GNOME keyring and D-Bus). Does nothing on macOS or when everything is already there.
#   scripts/system-packages.sh app|test
set -euo pipefail
purpose=${1:-app}
[ "$(uname -s)" = Linux ] || exit 0
command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || {
  echo "Not a Debian-based system: install Qt 6's runtime libraries (EGL, xkbcommon, fontconfig," \
       "xcb-cursor) with your package manager." >&2
  exit 0
}
packages=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0)
if [ "$purpose" = test ]; then
  packages+=(gnome-keyring dbus dbus-x11 libsecret-tools)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
