#!/usr/bin/env bash
# Runs an n8n CLI command with the benchmark environment (isolated user folder, no telemetry).
# Usage: bench/peer/n8n/run.sh --state DIR [--saving on|off] -- <n8n arguments>
#   e.g. run.sh --state /tmp/n8n-cli -- import:workflow --input=bench/workflows/items-5000.json
#        N8N_LOG_LEVEL=info run.sh --state /tmp/n8n-cli --saving off -- execute --id=benchItems5000wf1 --rawOutput
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="" saving=on
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state="$2"; shift 2 ;;
    --saving) saving="$2"; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ -n "$state" ] || { echo "run.sh: --state DIR is required" >&2; exit 2; }
home="$("$here/install.sh")"
mkdir -p "$state"
# A broker port apart from a running benchmark server's (start.sh uses its port + 1).
export N8N_USER_FOLDER="$(cd "$state" && pwd)" N8N_BENCH_SAVING="$saving" \
  N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-5698}"
# shellcheck source=env.sh
. "$here/env.sh"
exec "$home/node_modules/.bin/n8n" "$@"
