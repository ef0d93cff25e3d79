#!/bin/sh
# Debian's chromium for the end-to-end browser tests (tests/e2e). Playwright drives it through
# executable_path=/usr/bin/chromium, so no browser is downloaded from Playwright's CDN.
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (or sudo) for apt-get.
set -eu

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo -n "$0" "$@"
    fi
    echo "install-chromium: /usr/bin/chromium is missing and this is not root; run: apt-get install -y chromium" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium
test -x /usr/bin/chromium
