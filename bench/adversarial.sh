#!/usr/bin/env bash
# Times `stowaway check` on large single files whose shapes once made it superlinear
# (a 10 MiB Dockerfile took 762 s; 100 KB of ENV promotions, 21 GB), to show that time
# and memory grow linearly. Prints wall time and peak RSS of each; asserts nothing.
#
# Usage: bench/adversarial.sh [MIB]      (default 2: each generated file is MIB MiB)
#   STOWAWAY=path/to/stowaway  use this binary instead of building target/release/stowaway
set -euo pipefail
cd "$(dirname "$0")/.."

mib="${1:-2}"
dir="target/bench-adversarial/${mib}mib"
stowaway="${STOWAWAY:-}"
if [ -z "$stowaway" ]; then
  cargo build --release -p stowaway --quiet
  stowaway=target/release/stowaway
fi
if [ ! -f "$dir/.done" ]; then
  rm -rf "$dir"
  python3 - "$dir" "$mib" <<'PY'
import os, sys
root, mib = sys.argv[1], int(sys.argv[2])
limit = mib * 1024 * 1024
def fill(name, head, unit):
    os.makedirs(f"{root}/{name}", exist_ok=True)
    out, size, i = [head], len(head), 0
    while size < limit:
        piece = unit(i)
        out.append(piece)
        size += len(piece)
        i += 1
    with open(f"{root}/{name}/Dockerfile", "w") as f:
        f.write("".join(out))
fill("ordinary", "FROM node:20 AS build\nARG NPM_TOKEN\n",
     lambda i: "RUN npm ci --omit=dev && echo built > /tmp/x\nENV A=b\nCOPY . /app\n")
fill("env-promotions", "FROM alpine\nARG NPM_TOKEN\n",
     lambda i: f"ENV A{i}=$NPM_TOKEN\nRUN echo $A{i}\n")
fill("chained-stages", "ARG NPM_TOKEN\nFROM alpine AS s0\n",
     lambda i: f"FROM s{i} AS s{i+1}\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN > /t && cat /t\nCOPY --from=s{i} /t /t\n")
fill("heredocs", "FROM alpine\nARG NPM_TOKEN\n",
     lambda i: f"RUN <<EOF\necho $NPM_TOKEN\n# comment {i}\nEOF\n")
fill("suppressions", "FROM alpine\n",
     lambda i: f"# stowaway: ignore[secret-build-arg]\nARG TOKEN{i}\nRUN echo $TOKEN{i}\n")
PY
  touch "$dir/.done"
fi
printf '%-16s %10s %12s\n' shape "wall s" "peak RSS KB"
for shape in ordinary env-promotions chained-stages heredocs suppressions; do
  /usr/bin/time -f "%e %M" -o "$dir/$shape.time" \
    "$stowaway" check --format concise "$dir/$shape" >/dev/null 2>&1 || true
  read -r wall rss < <(tail -1 "$dir/$shape.time")
  printf '%-16s %10s %12s\n' "$shape" "$wall" "$rss"
done
