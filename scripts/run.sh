#!/usr/bin/env bash
# `make run`: set up, create/upgrade the demo database, and show the counter.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/fenqi init-demo
echo
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && "$(uname -s)" == Linux ]]; then
  cat <<'HINT'
No display found: the counter window cannot open here. Headless, you can
  make screenshots                       # every screen of a whole sale → docs/screenshots/
  .venv/bin/fenqi demo --out /tmp/fenqi  # one whole sale, contract PDFs written
  .venv/bin/fenqi quote --sku APL-IP17-256-BLK --down 500
HINT
  exit 0
fi
echo "Opening the counter window: log in as sales01 / demo1234 (manager01 for approvals)."
exec .venv/bin/fenqi gui
