#!/bin/sh
# Set up wxtopo in .venv. With root or sudo on Debian/Ubuntu, also install Graphviz (the
# `dot` binary, for SVG/PNG/PDF diagrams) and a CJK font (Chinese labels in diagrams).
#
#   sh scripts/setup.sh          the tool and its test extras
#   sh scripts/setup.sh spark    also `--engine spark`: the `spark` extra (pyspark) and, when no
#                                `java` is on the PATH, a Java runtime (default-jre-headless)
#   sh scripts/setup.sh browser  also Chromium, for the browser tests of the HTML report: they drive
#                                /usr/bin/chromium through Playwright (Playwright's own browser
#                                download is never used: no `playwright install`)
set -eu
cd "$(dirname "$0")/.."

SPARK=no
BROWSER=no
for arg in "$@"; do
  case "$arg" in
    spark) SPARK=yes ;;
    browser) BROWSER=yes ;;
    *) echo "setup: unknown argument '$arg' (known: spark, browser)" >&2; exit 2 ;;
  esac
done

PACKAGES=""
if ! command -v dot >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  PACKAGES="graphviz fonts-noto-cjk"
fi
if [ "$BROWSER" = yes ] && [ ! -x /usr/bin/chromium ]; then
  PACKAGES="${PACKAGES:+$PACKAGES }chromium"
fi
if [ "$SPARK" = yes ] && ! command -v java >/dev/null 2>&1; then
  PACKAGES="${PACKAGES:+$PACKAGES }default-jre-headless"
fi
if command -v apt-get >/dev/null 2>&1 && [ -n "$PACKAGES" ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="-"; fi
  if [ "$SUDO" = "-" ]; then
    echo "setup: no root or sudo: skipping $PACKAGES (dot/mmd diagrams still work; --engine spark" \
         "needs a Java runtime on the PATH; the browser tests skip without /usr/bin/chromium)" >&2
  else
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086  # a list of package names
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $PACKAGES >/dev/null
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "$SPARK" = yes ]; then
  .venv/bin/python -m pip install -q -e '.[test,spark]'
else
  .venv/bin/python -m pip install -q -e '.[test]'
fi
