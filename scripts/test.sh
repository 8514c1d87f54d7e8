#!/usr/bin/env bash
# `npm test`: install what is missing, then type check, lint, unit tests, extension-host tests, UI tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
echo "== type check"; npx tsc -p . --noEmit
echo "== lint"; npx eslint .
echo "== compile"; rm -rf out && npx tsc -p .
echo "== unit tests"; npx mocha --config .mocharc.json
