#!/usr/bin/env bash
# Set up this checkout on Debian/Ubuntu: system packages (when missing), .venv, the project.
#   scripts/setup.sh          what the app needs
#   scripts/setup.sh --tests  also what the tests need (a PostgreSQL when none answers)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-script-hans   # ID-card OCR: Chinese models
  fonts-wqy-microhei fonts-noto-cjk            # CJK: WenQuanYi embeds in PDFs, Noto for screens
  fonts-hanazono                               # PDFs: rare names' CJK Extension characters
  poppler-utils                                # pdftoppm: look at printed PDFs
  xvfb xauth                                   # a virtual screen for headless machines
  libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3   # Qt offscreen
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0                           # Qt on X11
)
if [[ "${1:-}" == "--tests" ]]; then
  # the generated card photos of the tests and benches print in 宋体, 楷体 and OCR-B looks too
  packages+=(fonts-arphic-gbsn00lp fonts-arphic-ukai fonts-lxgw-wenkai fonts-ocr-b)
fi
if [[ "${1:-}" == "--tests" && -z "${FENQI_TEST_PG_URL:-}" ]] \
   && ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null \
   && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  packages+=(postgresql)  # the tests start a throwaway cluster from its binaries
fi
python3 -m venv --help >/dev/null 2>&1 || packages+=(python3-venv)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "error: missing system packages; as root run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "error: Python 3.11 or newer is needed (found $(python3 --version))" >&2; exit 1; }
[[ -x .venv/bin/python ]] || python3 -m venv .venv
extras="ocr-plus"  # the second OCR engine; uv applies pyproject's override for it
[[ "${1:-}" == "--tests" ]] && extras="dev,ocr-plus"
stamp=".venv/.installed-${extras/,/-}"
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  echo "Installing the project into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check uv
  # --compile-bytecode: uv skips it by default, and without .pyc files (or where
  # PYTHONDONTWRITEBYTECODE is set) every start recompiles SQLAlchemy: ~1 s per command.
  .venv/bin/uv pip install -q --compile-bytecode --python .venv/bin/python -e ".[$extras]"
  touch "$stamp"
fi
