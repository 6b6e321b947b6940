#!/usr/bin/env bash
# The whole CLI with and without the journal: `tessera run` against `tessera run --no-save`, alternating, on
# bench/workflows/ten-sets.json (a manual trigger and 10 Set nodes, one item), each run a fresh process.
# Usage: bench/load/cli-journal.sh [runs=15] [workflow=bench/workflows/ten-sets.json]
# Prints the median wall time of each and the difference. A scratch data directory is used and removed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-15}"
workflow="${2:-$root/bench/workflows/ten-sets.json}"

data="$(mktemp -d /tmp/tessera-cli-journal-XXXXXX)"
trap 'rm -rf "$data"' EXIT
export TESSERA_DATA_DIR="$data"

"$root/tessera" --version >/dev/null  # builds the CLI once
"$root/tessera" run "$workflow" >/dev/null  # creates and migrates the database: not part of any figure

ms() { local start end; start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N); echo $(( (end - start) / 1000000 )); }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

saved=(); unsaved=()
for _ in $(seq 1 "$runs"); do
  saved+=("$(ms "$root/tessera" run "$workflow")")
  unsaved+=("$(ms "$root/tessera" run "$workflow" --no-save)")
done

s=$(printf '%s\n' "${saved[@]}" | median)
u=$(printf '%s\n' "${unsaved[@]}" | median)
echo "RESULT runs=$runs saved_ms=$s no_save_ms=$u difference_ms=$((s - u)) overhead_pct=$(( (s - u) * 100 / u ))"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
