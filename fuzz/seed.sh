#!/usr/bin/env bash
# Builds the seed corpora under fuzz/corpus/<target>/ from the rule fixtures in tests/rules
# and the examples; fix_apply gets the fix fixtures (tests/fixes) and the rule fixtures that
# fire (tests/rules/*/fires-*), the inputs that have fixes to apply. The corpus folders are
# not committed (.gitignore has /fuzz/corpus): run this again whenever fixtures change.
# Usage: fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=fuzz/corpus
mkdir -p "$corpus"/{dockerfile_parse,pipeline_parse,shell_analyze,check_pair,fix_apply}

# Writes the pair of a case folder: Dockerfile, a NUL byte, the pipeline (see
# fuzz_targets/check_pair.rs). Usage: pair CASE_DIR OUTPUT
pair() {
  {
    [ -f "$1/Dockerfile" ] && cat "$1/Dockerfile"
    printf '\0'
    [ -f "$1/bitbucket-pipelines.yml" ] && cat "$1/bitbucket-pipelines.yml"
  } > "$2" || true
}

n=0
while IFS= read -r -d '' case_dir; do
  n=$((n + 1))
  docker="$case_dir/Dockerfile"
  pipeline="$case_dir/bitbucket-pipelines.yml"
  [ -f "$docker" ] && cp "$docker" "$corpus/dockerfile_parse/seed-$n"
  [ -f "$pipeline" ] && cp "$pipeline" "$corpus/pipeline_parse/seed-$n"

  # Shell: RUN bodies of the Dockerfile and `- ` script items of the pipeline.
  {
    [ -f "$docker" ] && sed -n 's/^RUN \(--[^ ]* \)*//p' "$docker"
    [ -f "$pipeline" ] && sed -n 's/^ *- //p' "$pipeline"
  } > "$corpus/shell_analyze/seed-$n" || true

  pair "$case_dir" "$corpus/check_pair/seed-$n"
done < <(find tests/rules examples -mindepth 1 -type d -print0 | sort -z)

# The fix engine: cases with a Dockerfile or a pipeline (case folders, not rule folders).
m=0
while IFS= read -r -d '' case_dir; do
  [ -f "$case_dir/Dockerfile" ] || [ -f "$case_dir/bitbucket-pipelines.yml" ] || continue
  m=$((m + 1))
  pair "$case_dir" "$corpus/fix_apply/seed-$m"
done < <(find tests/fixes tests/rules/*/fires-* -mindepth 0 -type d -print0 | sort -z)

echo "seeded $n fixture folders into $corpus/ ($m for fix_apply)"
