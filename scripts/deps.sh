#!/usr/bin/env bash
# Installs the Debian 12 packages archive needs to build, test and document itself.
# Only what is missing is installed; needs root or sudo for that.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git
  libcli11-dev libfmt-dev libtomlplusplus-dev doctest-dev libsqlite3-dev libutf8proc-dev
  libzip-dev libexpat1-dev python3-openpyxl
  gettext scdoc sqlite3 python3 bsdutils man-db
)
if [ "${1:-}" = "--ci" ]; then
  packages+=(clang-format clang-tidy clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "deps.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "deps.sh: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
