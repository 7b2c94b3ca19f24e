#!/usr/bin/env bash
# Installs the real clients the test suite drives, idempotently, outside the repo:
#   - Debian's azure-cli (2.45) through apt, when apt is available and we are root;
#   - the newest azure-cli from PyPI in a virtualenv under $AZMI_TOOLS_DIR/az-latest.
# Prints what it could not install; the tests that need a missing tool skip loudly.
set -u
TOOLS_DIR="${AZMI_TOOLS_DIR:-/opt/azmi-tools}"
mkdir -p "$TOOLS_DIR" 2>/dev/null || TOOLS_DIR="$HOME/.cache/azmi-tools"
mkdir -p "$TOOLS_DIR"

if [ ! -x /usr/bin/az ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "provision: installing Debian azure-cli through apt"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq azure-cli >/dev/null) \
      || echo "provision: MISSING debian az: apt-get install azure-cli failed"
  else
    echo "provision: MISSING debian az: apt-get unavailable or not root"
  fi
fi

if [ ! -x "$TOOLS_DIR/az-latest/bin/az" ]; then
  echo "provision: installing the newest azure-cli from PyPI into $TOOLS_DIR/az-latest"
  (python3 -m venv "$TOOLS_DIR/az-latest" && "$TOOLS_DIR/az-latest/bin/pip" install -q azure-cli) \
    || echo "provision: MISSING newest az: pip install azure-cli failed"
fi

[ -x /usr/bin/az ] && echo "provision: az (debian) $(/usr/bin/az version --query '"azure-cli"' -o tsv 2>/dev/null)"
[ -x "$TOOLS_DIR/az-latest/bin/az" ] && echo "provision: az (latest) $("$TOOLS_DIR/az-latest/bin/az" version --query '"azure-cli"' -o tsv 2>/dev/null)"
exit 0
