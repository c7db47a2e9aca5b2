#!/usr/bin/env bash
# Installs everything Panel Review needs on a fresh Debian/Ubuntu machine with Node 20:
# system packages (Chromium and CJK fonts for the UI and end-to-end tests, stock
# age/ssh-keygen/qpdf/poppler/jq for interop tests, zbar to read printed QR codes back,
# a C++ toolchain for better-sqlite3)
# and the npm dependencies from the lockfile. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(chromium fonts-noto-cjk fonts-wqy-microhei poppler-utils poppler-data age qpdf openssh-client jq zbar-tools
  python3 make g++ util-linux ca-certificates)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # --no-install-recommends: chromium's recommends pull in systemd and a hundred packages.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# better-sqlite3 has no reachable prebuilt binary here: it compiles against Node's own headers.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
# The electron package downloads its runtime lazily, never during install; nothing to skip.
if ! npm ci --no-audit --no-fund; then
  # npm ci refuses a lockfile that lacks optional platform packages our registry does not
  # serve; npm install from the same lockfile resolves them and changes nothing else.
  echo "setup: npm ci failed; retrying with npm install from the lockfile"
  npm install --no-audit --no-fund
fi
