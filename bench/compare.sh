#!/usr/bin/env bash
# Tessera vs n8n on this machine: same workflows, same wrk load, one system at a time, in one run.
# Usage: bench/compare.sh [--quick] [more options: bench/tools/compare.py --help]
#   --quick   10 s per measurement, 3 runs of items-5000 (under 5 minutes), then regenerates the
#             "Tessera vs n8n" section of docs/benchmarks.md and docs/images/benchmarks.svg.
# Without --quick: 30 s per measurement, 7 runs; the docs are regenerated as well.
# Needs: Node.js 20 and npm (n8n), the .NET 10 SDK (Tessera), python3, wrk (installed with apt-get if missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v wrk >/dev/null 2>&1; then
  echo "compare.sh: installing wrk with apt-get…" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk >&2 || { apt-get update >&2 && apt-get install -y wrk >&2; }
  else sudo apt-get install -y wrk >&2; fi
fi
command -v python3 >/dev/null || { echo "compare.sh: python3 is required" >&2; exit 2; }

docs=1
args=()
for a in "$@"; do
  if [ "$a" = "--no-docs" ]; then docs=0; else args+=("$a"); fi
done

results="$(python3 "$here/tools/compare.py" "${args[@]}")"
if [ "$docs" = 1 ]; then
  python3 "$here/tools/report.py" "$results"
fi
echo "$results"
