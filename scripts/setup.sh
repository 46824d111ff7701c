#!/bin/sh
# Set up wxtopo in .venv. With root or sudo on Debian/Ubuntu, also install Graphviz (the
# `dot` binary, for SVG/PNG/PDF diagrams) and a CJK font (Chinese labels in diagrams).
set -eu
cd "$(dirname "$0")/.."

need_system() {
  ! command -v dot >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"
}
if command -v apt-get >/dev/null 2>&1 && need_system; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="-"; fi
  if [ "$SUDO" = "-" ]; then
    echo "setup: no root or sudo: skipping graphviz and fonts-noto-cjk (dot/mmd diagrams still work)" >&2
  else
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz fonts-noto-cjk >/dev/null
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
