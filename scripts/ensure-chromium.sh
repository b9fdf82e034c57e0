#!/usr/bin/env bash
# Makes Debian's chromium available for the dashboard tests (tests/Batch.Dashboard.Tests), which drive it headless with
# Microsoft.Playwright (ExecutablePath /usr/bin/chromium; no browser is ever downloaded by Playwright). Installs the chromium
# package when /usr/bin/chromium is missing. Sourced by scripts/test.sh.
if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium (/usr/bin/chromium) not found: installing the chromium package..." >&2
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  [ -x /usr/bin/chromium ] || { echo "error: /usr/bin/chromium is still missing after installing chromium" >&2; exit 1; }
fi
