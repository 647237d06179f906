#!/usr/bin/env bash
# One entry point for a fresh machine with only Python 3.11+:
#   ./dev.sh demo   set up .venv, then run the demo on the embedded store
#   ./dev.sh test   set up .venv, then run ruff and the whole test suite
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
stamp=.venv/.installed-$(sha256sum requirements.lock pyproject.toml | sha256sum | cut -c1-16)

setup() {
  if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
  fi
  if [ ! -f "$stamp" ]; then
    echo "Installing pinned dependencies into .venv (first run takes a minute)..." >&2
    .venv/bin/python -m pip install -q --upgrade pip >&2
    .venv/bin/python -m pip install -q --require-hashes -r requirements.lock >&2
    .venv/bin/python -m pip install -q --no-deps -e . >&2
    rm -f .venv/.installed-*
    touch "$stamp"
  fi
}

cmd=${1:-}
shift || true
case "$cmd" in
  setup) setup ;;
  demo) setup; exec .venv/bin/newsdesk demo "$@" ;;
  test)
    setup
    .venv/bin/ruff check src tests bench
    exec .venv/bin/python -m pytest "$@"
    ;;
  *) echo "usage: ./dev.sh demo|test|setup" >&2; exit 2 ;;
esac
