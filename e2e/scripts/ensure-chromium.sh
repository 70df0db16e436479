#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (test tools cannot download their own browser here), and
# read the PDFs Chromium prints with poppler's pdftotext/pdftoppm (the report journey checks the
# printed text and renders page 1).
set -euo pipefail
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && fc-list 2>/dev/null | grep -qi wqy \
  && command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium or poppler is missing: run 'sudo apt-get install -y chromium fonts-wqy-zenhei poppler-utils'" >&2
  exit 1
fi
echo "installing chromium, fonts-wqy-zenhei and poppler-utils from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-wqy-zenhei poppler-utils >/dev/null
