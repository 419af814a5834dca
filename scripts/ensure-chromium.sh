#!/usr/bin/env bash
# The browser tests drive Debian's chromium through Playwright (executable_path=/usr/bin/chromium); Playwright's own
# browser download is never used. Installs the package when it is missing (CI runs as root with Debian reachable).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium is missing and this is not root: install it with 'apt-get install chromium' (browser tests skip)" >&2
  exit 0
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
