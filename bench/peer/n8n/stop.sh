#!/usr/bin/env bash
# Stops the n8n started by start.sh: SIGTERM to its process group (n8n and its task runner),
# SIGKILL after 20 s. Usage: bench/peer/n8n/stop.sh --state DIR
set -euo pipefail
state=""
while [ $# -gt 0 ]; do
  case "$1" in
    --state) state="$2"; shift 2 ;;
    *) echo "stop.sh: unknown argument '$1' (usage: stop.sh --state DIR)" >&2; exit 2 ;;
  esac
done
[ -n "$state" ] || { echo "stop.sh: --state DIR is required" >&2; exit 2; }
pidfile="$state/n8n.pid"
[ -f "$pidfile" ] || { echo "stop.sh: no $pidfile; nothing to stop" >&2; exit 0; }
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null || true
fi
rm -f "$pidfile"
