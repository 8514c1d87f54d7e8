#!/usr/bin/env bash
# Installs what the build and the tests need, idempotently and quickly when already present:
# npm packages (again only when package-lock.json changed) and the real VS Code runtime
# (code-server, Node 24 for it, Debian's chromium) via scripts/vscode/setup-runtime.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# mocha 12 (and so the unit tests) needs Node ^20.19 or >=22.12, the releases that can require() ES modules.
node_version=$(node -p 'process.versions.node' 2>/dev/null || echo 0.0.0)
IFS=. read -r node_major node_minor _ <<<"$node_version"
if ! { [ "$node_major" = 20 ] && [ "$node_minor" -ge 19 ]; } \
   && ! { [ "$node_major" = 22 ] && [ "$node_minor" -ge 12 ]; } \
   && ! [ "$node_major" -ge 23 ]; then
  echo "[deps] Node.js ^20.19 or >=22.12 is needed to build and test (found: $(node -v 2>/dev/null || echo none))." >&2
  echo "[deps] Install a current Node 20, 22 or 24 release (e.g. from https://nodejs.org or with nvm), then run this again." >&2
  exit 1
fi
# True when node_modules holds every package of package-lock.json at its version, as npm itself
# recorded it (npm ci and npm install write node_modules/.package-lock.json): an install made by hand
# with npm ci counts, and is not made again.
installed_by_npm() {
  [ -f node_modules/.package-lock.json ] && node -e '
    const want = require("./package-lock.json").packages || {};
    const have = require("./node_modules/.package-lock.json").packages || {};
    const needed = Object.entries(want).filter(([name, p]) => name !== "" && !p.optional && !p.link);
    const missing = needed.filter(([name, p]) => !have[name] || have[name].version !== p.version);
    process.exit(needed.length > 0 && missing.length === 0 ? 0 : 1);
  ' 2>/dev/null
}
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.installed-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  if installed_by_npm; then
    echo "[deps] node_modules matches package-lock.json (installed by npm); not installing again"
  else
    echo "[deps] npm ci"
    npm ci --no-audit --no-fund
  fi
  echo "$lock_hash" > node_modules/.installed-lock-hash
fi
if [ "${SKIP_VSCODE_RUNTIME:-}" != 1 ]; then
  bash scripts/vscode/setup-runtime.sh
fi
