#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (test tools cannot download their own browser here).
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && fc-list 2>/dev/null | grep -qi wqy; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing: run 'sudo apt-get install -y chromium fonts-wqy-zenhei'" >&2
  exit 1
fi
echo "installing chromium and fonts-wqy-zenhei from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
