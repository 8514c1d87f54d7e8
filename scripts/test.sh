#!/usr/bin/env bash
# `npm test` (and CI through .ci/run): installs what is missing, then type check + compile, lint, unit
# tests, the production build and package, tests inside a real VS Code extension host, and UI tests in
# the real workbench. Every step runs even when an earlier one failed, unless it needs that step's
# output. Each step's output is also kept in test-results/logs/<step>.log.
# Exits non-zero when any step fails; the last line is always "N passed, N failed" over all test runners
# (a runner that crashed or could not run counts as one failed test).
set -uo pipefail
cd "$(dirname "$0")/.."

LOGS=test-results/logs
rm -rf "$LOGS"
mkdir -p "$LOGS"
VSIX=out/modelarts-training-jobs.vsix
total_passed=0
total_failed=0
exit_code=0
report=()
started_all=$(date +%s)

# step <name> <command...>: runs the command, shows and logs its output, records its duration and result.
step() {
  local name=$1
  shift
  local log="$LOGS/$name.log" started rc
  echo
  echo "===== $name: $*"
  started=$(date +%s)
  # No step reads the terminal: vsce, for one, would stop at a prompt waiting for an answer.
  "$@" </dev/null 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  local took=$(($(date +%s) - started))
  if [ "$rc" = 0 ]; then
    report+=("ok      ${took}s  $name")
  else
    report+=("FAILED  ${took}s  $name (exit $rc; log $log)")
    exit_code=1
  fi
  return "$rc"
}

# count <name>: adds the step's test counts: mocha's "N passing" / "N failing" lines and the harness's
# "[result] <what>: N passed, N failed" lines. A failed step that reported no failure counts as one.
count() {
  local name=$1 rc=$2 log="$LOGS/$1.log" p f
  p=$(sed -nE 's/^[[:space:]]*([0-9]+) passing.*/\1/p; s/^\[result\] .*: ([0-9]+) passed, [0-9]+ failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(sed -nE 's/^[[:space:]]*([0-9]+) failing.*/\1/p; s/^\[result\] .*: [0-9]+ passed, ([0-9]+) failed$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    f=1
  fi
  total_passed=$((total_passed + p))
  total_failed=$((total_failed + f))
  report[${#report[@]}-1]+="  [$p passed, $f failed]"
}

# skip <name> <why>: a runner that cannot run counts as one failed test.
skip() {
  report+=("SKIPPED       $1 ($2)")
  total_failed=$((total_failed + 1))
  exit_code=1
}

finish() {
  echo
  echo "===== summary ($(($(date +%s) - started_all))s in all; logs in $LOGS/)"
  printf '%s\n' "${report[@]}"
  echo "$total_passed passed, $total_failed failed"
  exit "$exit_code"
}

if ! step deps bash scripts/ensure-deps.sh; then
  for runner in unit host ui; do skip "$runner" "dependencies could not be installed"; done
  finish
fi

# tsc both type-checks and emits (it emits even with type errors, so the tests can still run).
rm -rf out
step typecheck-compile npx tsc -p .
compiled=$([ -f out/test/host/index.js ] && [ -f out/scripts/vscode/runHostTests.js ] && echo 1 || echo 0)

step lint npx eslint .

if [ "$compiled" = 1 ]; then
  step unit npx mocha --config .mocharc.json 'out/test/unit/**/*.test.js'
  count unit $?
else
  skip unit "nothing was compiled"
fi

built=0
if step build node esbuild.js --production; then
  if step package npm run -s package -- --out "$VSIX" </dev/null; then
    built=1
  fi
fi

if [ "$compiled" = 1 ] && [ -f dist/extension.js ]; then
  step host node out/scripts/vscode/runHostTests.js
  count host $?
else
  skip host "the extension or the tests were not built"
fi

if [ "$compiled" = 1 ] && [ "$built" = 1 ]; then
  export MODELARTS_VSIX="$PWD/$VSIX"
  step ui npx mocha --config test/ui/.mocharc.json
  count ui $?
else
  skip ui "the extension was not packaged or the tests were not built"
fi

finish
