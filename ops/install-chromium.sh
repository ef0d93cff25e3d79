#!/bin/sh
# Debian's chromium and a CJK font for the end-to-end browser tests (tests/e2e). Playwright drives
# /usr/bin/chromium (executable_path), so no browser is downloaded from Playwright's CDN. Without a
# CJK font Chinese renders as empty boxes in the browser and in screenshots, so fonts-noto-cjk
# (Noto Sans/Serif CJK) comes with it.
# Idempotent: does nothing when both are there. Needs root (or sudo) for apt-get.
set -eu

PACKAGES=""
[ -x /usr/bin/chromium ] || PACKAGES="chromium"
command -v fc-list >/dev/null 2>&1 || PACKAGES="$PACKAGES fontconfig"
fc-list :lang=zh family 2>/dev/null | grep -q . || PACKAGES="$PACKAGES fonts-noto-cjk"
if [ -z "$PACKAGES" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        exec sudo -n "$0" "$@"
    fi
    echo "install-chromium: missing$PACKAGES and this is not root; run: apt-get install -y$PACKAGES" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086  # word splitting intended: one argument per package
apt-get install -y --no-install-recommends $PACKAGES
test -x /usr/bin/chromium
fc-list :lang=zh family | grep -q .
