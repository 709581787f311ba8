#!/usr/bin/env bash
# Checks stowaway against the real-world corpus in ../shared/corpus (read-only, not copied
# here). Fails when:
#   - a run panics or hits an I/O error (exit status other than 0 or 1);
#   - the findings differ from the reviewed list in expected-findings.txt;
#   - a syntax-error lands on a file not listed, with its reason, in invalid-files.txt;
#   - the two known real leaks are not reported with their whole flow.
# Usage: tests/corpus/check.sh CORPUS_DIR [--bless]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=$(cd "${1:?usage: check.sh CORPUS_DIR [--bless]}" && pwd)
bless=${2:-}

cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p stowaway
bin="$root/target/release/stowaway"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { # run TARGET...: concise findings, failing on statuses other than 0 and 1
  local status=0
  (cd "$corpus" && "$bin" check --format concise --fail-on never "$@") >>"$work/actual.txt" 2>"$work/stderr.txt" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "corpus: stowaway exited $status on $*:" >&2
    cat "$work/stderr.txt" >&2
    exit 1
  fi
}

: >"$work/actual.txt"
targets=0
for dir in "$corpus"/bitbucket/*/; do
  name=$(basename "$dir")
  [ "$name" = _schema ] && continue
  run "bitbucket/$name"
  targets=$((targets + 1))
done
for file in "$corpus"/dockerfiles/*.Dockerfile; do
  run "dockerfiles/$(basename "$file")"
  targets=$((targets + 1))
done
grep -v -e '^No problems found' -e '^Found ' "$work/actual.txt" >"$work/findings.txt" || true

if [ "$bless" = --bless ]; then
  cp "$work/findings.txt" "$here/expected-findings.txt"
  echo "corpus: wrote expected-findings.txt; review it before committing"
fi

echo "corpus: $targets repositories and Dockerfiles checked, no crash"
if ! diff -u "$here/expected-findings.txt" "$work/findings.txt"; then
  echo "corpus: findings changed; review them, then rerun with --bless" >&2
  exit 1
fi

# Syntax errors only on files known to be invalid.
grep '\[syntax-error\]' "$work/findings.txt" | cut -d: -f1 | sort -u >"$work/invalid.txt" || true
grep -v '^#' "$here/invalid-files.txt" | cut -f1 | sort -u >"$work/known-invalid.txt"
if ! diff -u "$work/known-invalid.txt" "$work/invalid.txt"; then
  echo "corpus: syntax-error on a file not listed in invalid-files.txt (or a listed one parses)" >&2
  exit 1
fi

# The two real leaks, with their whole flow from the pipeline variable to the sink.
python3 "$here/known_leaks.py" "$bin" "$corpus"

echo "corpus: findings per rule"
grep -oE '(error|warning|info)\[[a-z-]+\]' "$work/findings.txt" | sed -E 's/.*\[(.*)\]/\1/' \
  | sort | uniq -c | sort -rn
