#!/usr/bin/env bash
# Builds the seed corpora under fuzz/corpus/<target>/ from the rule fixtures in tests/rules
# and the examples. The corpus folders are not committed (.gitignore has /fuzz/corpus):
# run this again whenever fixtures change. Usage: fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=fuzz/corpus
mkdir -p "$corpus"/{dockerfile_parse,pipeline_parse,shell_analyze,check_pair}

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

  # The pair: Dockerfile, a NUL byte, the pipeline (see fuzz_targets/check_pair.rs).
  {
    [ -f "$docker" ] && cat "$docker"
    printf '\0'
    [ -f "$pipeline" ] && cat "$pipeline"
  } > "$corpus/check_pair/seed-$n" || true
done < <(find tests/rules examples -mindepth 1 -type d -print0 | sort -z)

echo "seeded $n fixture folders into $corpus/"
