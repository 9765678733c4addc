#!/usr/bin/env bash
# `make run`: set up, create/upgrade the demo database, and show the counter.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/fenqi init-demo
echo
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && "$(uname -s)" == Linux ]]; then
  cat <<'HINT'
No display found: a window cannot open here. Headless, price plans from the command line:
  .venv/bin/fenqi quote --sku APL-IP17-256-BLK --down 500 --json
  .venv/bin/fenqi quote --help
HINT
  echo
fi
# The counter window is not built yet; until it is, show the plan comparison for a demo cart:
.venv/bin/fenqi quote --sku APL-IP17-256-BLK --trade-in 800 --down 500
