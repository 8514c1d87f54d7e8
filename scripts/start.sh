#!/usr/bin/env bash
# `npm start`: installs what is missing, builds and packages the extension, then hands over to
# scripts/start.ts (emulator + code-server with the packaged extension). Arguments go to start.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
echo "[start] compiling"
# tsc emits even when another part of the tree has type errors; start.js and the emulator are what count.
npx tsc -p . >/dev/null || true
test -f out/scripts/start.js || { echo "[start] out/scripts/start.js was not built; run npx tsc -p . to see why" >&2; exit 1; }
echo "[start] building and packaging the extension"
# vsce runs the production build itself (the vscode:prepublish script): one build, not two.
npm run -s package -- --out out/modelarts-training-jobs.vsix </dev/null >/dev/null
exec node out/scripts/start.js --vsix out/modelarts-training-jobs.vsix "$@"
