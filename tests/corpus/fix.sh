#!/usr/bin/env bash
# Fixes the two real leaks of the corpus (../shared/corpus, read-only) in a temporary copy
# with one `stowaway check --fix --unsafe-fixes`, then checks the copy again: it must be
# clean. Fails when the fix run or the re-check finds anything, crashes, or changes no file.
# Usage: tests/corpus/fix.sh CORPUS_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=$(cd "${1:?usage: fix.sh CORPUS_DIR}" && pwd)

cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p stowaway
bin="$root/target/release/stowaway"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for name in JuanPabloMorgade__rhn Darsh76__php-todo-app; do
  cp -R "$corpus/bitbucket/$name" "$work/$name"
  chmod -R u+w "$work/$name"
  before=$(cd "$work/$name" && cat Dockerfile bitbucket-pipelines.yml | cksum)
  status=0
  (cd "$work/$name" && "$bin" check --fix --unsafe-fixes --format concise .) >"$work/out.txt" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "corpus fix: $name: --fix --unsafe-fixes exited $status:" >&2
    cat "$work/out.txt" >&2
    exit 1
  fi
  after=$(cd "$work/$name" && cat Dockerfile bitbucket-pipelines.yml | cksum)
  if [ "$before" = "$after" ]; then
    echo "corpus fix: $name: no file changed" >&2
    exit 1
  fi
  status=0
  (cd "$work/$name" && "$bin" check --format concise --fail-on info .) >"$work/out.txt" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "corpus fix: $name: the fixed copy is not clean (exit $status):" >&2
    cat "$work/out.txt" >&2
    exit 1
  fi
  echo "corpus fix: $name fixed and clean"
done
