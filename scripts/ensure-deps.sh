#!/usr/bin/env bash
# Installs what the build and the tests need, idempotently and quickly when already present:
# npm packages (again only when package-lock.json changed) and the real VS Code runtime
# (code-server, Node 24 for it, Debian's chromium) via scripts/vscode/setup-runtime.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "[deps] Node.js 20 or newer is needed to build and test (found: $(node -v 2>/dev/null || echo none))." >&2
  exit 1
fi
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.installed-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  echo "[deps] npm ci"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.installed-lock-hash
fi
if [ "${SKIP_VSCODE_RUNTIME:-}" != 1 ]; then
  bash scripts/vscode/setup-runtime.sh
fi
