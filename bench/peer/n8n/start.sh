#!/usr/bin/env bash
# Starts n8n for the benchmarks on 127.0.0.1 with an isolated user folder, after importing and
# publishing (activating) the given workflows. Prints the PID when n8n answers /healthz.
#
# Usage: bench/peer/n8n/start.sh --port 5690 --state DIR [--saving on|off] [workflow.json ...]
#   --state DIR   n8n's user folder (database, config, logs); reused if it exists, so a restart
#                 with another --saving keeps the imported workflows. The PID goes to DIR/n8n.pid.
#   workflows     imported and published before the start (only when given).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port=5690 state="" saving=on workflows=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --state) state="$2"; shift 2 ;;
    --saving) saving="$2"; shift 2 ;;
    -h|--help) sed -n 2,9p "${BASH_SOURCE[0]}"; exit 0 ;;
    *) workflows+=("$1"); shift ;;
  esac
done
[ -n "$state" ] || { echo "start.sh: --state DIR is required (n8n's isolated user folder)" >&2; exit 2; }
case "$saving" in on|off) ;; *) echo "start.sh: --saving must be on or off, not '$saving'" >&2; exit 2 ;; esac

home="$("$here/install.sh")"
n8n="$home/node_modules/.bin/n8n"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
# The task runner broker listens on a port of its own (5679 by default): keep it beside ours.
export N8N_USER_FOLDER="$state" N8N_PORT="$port" N8N_RUNNERS_BROKER_PORT="${N8N_RUNNERS_BROKER_PORT:-$((port + 1))}" \
  N8N_BENCH_SAVING="$saving"
# shellcheck source=env.sh
. "$here/env.sh"

# Something else on the port would answer /healthz in n8n's place (and n8n would exit with EADDRINUSE).
for p in "$port" "$N8N_RUNNERS_BROKER_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "start.sh: port $p on 127.0.0.1 is already in use; pick another with --port (and N8N_RUNNERS_BROKER_PORT)" >&2
    exit 1
  fi
done

if [ -f "$state/n8n.pid" ] && kill -0 "$(cat "$state/n8n.pid")" 2>/dev/null; then
  echo "start.sh: n8n already runs from $state (PID $(cat "$state/n8n.pid")); run stop.sh first" >&2
  exit 1
fi

if [ ${#workflows[@]} -gt 0 ]; then
  # One import for all files (every n8n CLI command boots n8n, ~10 s here), then one publish each:
  # n8n 2.x activates production webhooks by publishing a workflow version.
  rm -rf "$state/import" && mkdir -p "$state/import"
  cp "${workflows[@]}" "$state/import/"
  "$n8n" import:workflow --separate --input="$state/import" >>"$state/import.log" 2>&1 \
    || { echo "start.sh: importing ${workflows[*]} failed; see $state/import.log" >&2; exit 1; }
  for wf in "${workflows[@]}"; do
    id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$wf")"
    "$n8n" publish:workflow --id="$id" >>"$state/import.log" 2>&1 \
      || { echo "start.sh: publishing $id failed; see $state/import.log" >&2; exit 1; }
  done
fi

# setsid: n8n and its task runner get their own process group, so stop.sh can end exactly them.
setsid "$n8n" start >"$state/n8n.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$state/n8n.pid"
for _ in $(seq 1 600); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && kill -0 "$pid" 2>/dev/null; then
    echo "$pid"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { echo "start.sh: n8n exited during start; see $state/n8n.log" >&2; tail -20 "$state/n8n.log" >&2; exit 1; }
  sleep 0.2
done
echo "start.sh: n8n did not answer on port $port within 120 s; see $state/n8n.log" >&2
exit 1
