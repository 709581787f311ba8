#!/usr/bin/env bash
# End-to-end test of `stowaway server` in a real editor: headless Neovim with its built-in
# LSP client opens a copy of examples/leaky-node-app, waits for stowaway's diagnostics,
# applies a code action, writes the files and quits; this script then checks the results.
#
# Usage: tests/editor/nvim-e2e.sh [PATH-TO-STOWAWAY]
#   Without an argument (or STOWAWAY_BIN) it builds the debug binary with cargo.
#   KEEP=1 keeps the temporary workspace and prints its path, to look at by hand.
# Exits 0 when every check passes, 1 otherwise.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Neovim from Debian's packages when it is missing.
if ! command -v nvim >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq neovim >/dev/null
fi

bin=${1:-${STOWAWAY_BIN:-}}
if [ -z "$bin" ]; then
  (cd "$repo" && cargo build -q -p stowaway)
  bin="$repo/target/debug/stowaway"
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

work=$(mktemp -d "${TMPDIR:-/tmp}/stowaway-nvim-e2e.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "workspace kept in $work"
else
  trap 'rm -rf "$work"' EXIT
fi
workspace="$work/leaky-node-app"
mkdir -p "$workspace"
cp -R "$repo/examples/leaky-node-app/." "$workspace/"
report="$work/report.txt"

status=0
STOWAWAY_BIN="$bin" STOWAWAY_WORKSPACE="$workspace" STOWAWAY_E2E_REPORT="$report" \
  timeout 120 nvim --headless -u NONE -i NONE -n \
  -c "luafile $repo/tests/editor/nvim-e2e.lua" >"$work/nvim.out" 2>&1 || status=$?

echo "--- what Neovim saw (report) ---"
cat "$report" 2>/dev/null || echo "(no report)"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

[ "$status" -eq 0 ] || { fail "nvim exited with status $status"; cat "$work/nvim.out"; }
grep -qx "RESULT ok" "$report" || fail "the Neovim run did not finish cleanly"
expected="DIAG Dockerfile:4:5: error secret-in-build-cache: build arg \`NPM_TOKEN\` in stage \`deps\` holds the secret"
grep -qF "$expected" "$report" || fail "missing diagnostic: $expected"
grep -qF "  RELATED bitbucket-pipelines.yml:19:15 passed to \`docker build\` as \`--build-arg NPM_TOKEN\`" \
  "$report" || fail "missing related location in the pipeline"
grep -qF "ACTION Ignore this finding (secret-in-build-cache)" "$report" \
  || fail "the ignore action was not offered"

if grep -q "^APPLIED fix" "$report"; then
  # A rule's fix was applied: the files changed and the finding on line 4 is gone.
  if cmp -s "$repo/examples/leaky-node-app/Dockerfile" "$workspace/Dockerfile" \
    && cmp -s "$repo/examples/leaky-node-app/bitbucket-pipelines.yml" \
      "$workspace/bitbucket-pipelines.yml"; then
    fail "the quick fix left both files unchanged"
  fi
  if "$bin" check "$workspace" --format concise 2>/dev/null \
    | grep -q "Dockerfile:4:5: error\[secret-in-build-cache\]"; then
    fail "the finding is still reported after the quick fix"
  fi
elif grep -q "^APPLIED ignore" "$report"; then
  line4=$(sed -n 4p "$workspace/Dockerfile")
  line5=$(sed -n 5p "$workspace/Dockerfile")
  [ "$line4" = "# stowaway: ignore[secret-in-build-cache]" ] \
    || fail "Dockerfile line 4 is '$line4', not the ignore comment"
  [ "$line5" = "ARG NPM_TOKEN" ] || fail "Dockerfile line 5 is '$line5', not the ARG"
  cmp -s "$repo/examples/leaky-node-app/bitbucket-pipelines.yml" \
    "$workspace/bitbucket-pipelines.yml" || fail "the pipeline changed"
else
  fail "no code action was applied"
fi

if [ "$failures" -eq 0 ]; then
  echo "nvim-e2e: 1 passed, 0 failed"
else
  echo "nvim-e2e: 0 passed, 1 failed ($failures checks)"
  exit 1
fi
