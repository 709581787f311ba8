#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time, one after the other.
# Usage: bench/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
#
# cargo-fuzz needs nightly compiler flags (-Zsanitizer, -Cpasses=sancov); on a stable
# toolchain RUSTC_BOOTSTRAP=1 unlocks them. Installs cargo-fuzz from crates.io when missing.
# Seeds come from the rule fixtures (fuzz/seed.sh); findings land in fuzz/artifacts/<target>/.
# Exit status: 0 when no target found a crash, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
targets=(dockerfile_parse pipeline_parse shell_analyze check_pair fix_apply)
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install --locked cargo-fuzz || { echo "cargo-fuzz could not be installed" >&2; exit 2; }
fi

bash fuzz/seed.sh
echo "== building fuzz targets"
cargo fuzz build -O || exit 2

failed=0
for target in "${targets[@]}"; do
  echo "== $target for ${seconds}s"
  log="fuzz/artifacts/$target.log"
  mkdir -p "fuzz/artifacts/$target"
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb bounds memory;
  # -max_len: inputs up to 64 KiB, enough for deep nesting and long lines.
  if cargo fuzz run -O "$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 >"$log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done)' "$log" || true
  else
    failed=1
    echo "!! $target failed: see $log and fuzz/artifacts/$target/"
    grep -E 'panicked|ERROR|SUMMARY' "$log" | head -5
  fi
done
exit "$failed"
