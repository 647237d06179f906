#!/bin/sh
# Install a newsdesk wheel into a virtual environment, its dependencies at the versions
# requirements.lock pins. The Dockerfile and the packaging test both use it.
#   usage: deploy/install-wheel.sh VENV WHEEL [LOCK]
# (pip's constraint files cannot carry hashes, so the hashes are dropped here; for a
# hash-checked install use: pip install --require-hashes -r requirements.lock, then
# pip install --no-deps WHEEL. That also installs the development tools the lock holds.)
set -eu
venv=$1
wheel=$2
lock=${3:-requirements.lock}
constraints=$(mktemp)
trap 'rm -f "$constraints"' EXIT
sed -e 's/ *\\$//' -e '/^ *--hash/d' -e '/^ *#/d' -e '/^$/d' "$lock" > "$constraints"
"$venv/bin/python" -m pip install --no-cache-dir --quiet -c "$constraints" "$wheel"
