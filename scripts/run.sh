#!/usr/bin/env bash
# `make run`: set up, create/upgrade the demo database, and show the counter.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/fenqi init-demo
echo
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && "$(uname -s)" == Linux ]]; then
  cat <<'HINT'
No display found, so no window is opened. Headless, use:
  .venv/bin/fenqi quote --sku APL-IP17-256-BLK --down 500 --json   # price plans from the command line
  xvfb-run -a .venv/bin/fenqi gui                                  # the counter window on a virtual screen (once the UI lands)
HINT
  echo
fi
# Until the counter window lands, the app is the plan comparison for a demo cart:
.venv/bin/fenqi quote --sku APL-IP17-256-BLK --trade-in 800 --down 500
