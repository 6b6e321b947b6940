#!/usr/bin/env bash
# Load test: POST /webhook/bench on a Webhook → Set → Respond to Webhook workflow, executions saved (SQLite).
# Usage: bench/load/webhook-set.sh [duration=30s] [connections=32] [threads=2]
# Needs wrk (apt-get install wrk) and sqlite3. Prints requests/s and p50/p90/p99 latency.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${1:-30s}"; connections="${2:-32}"; threads="${3:-2}"
port="${PORT:-5791}"
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install -y wrk" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing: sudo apt-get install -y sqlite3" >&2; exit 2; }

data="$(mktemp -d /tmp/tessera-load-XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

start() {
  TESSERA_DATA_DIR="$data" "$root/tessera" serve --port "$port" >"$data/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server did not start; log:" >&2; cat "$data/server.log" >&2; exit 1
}

"$root/tessera" --help >/dev/null 2>&1 || true  # builds the CLI once
# First start creates and migrates the database; the workflow goes in while it is down, then a restart activates it.
start
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
workflow='{"name":"bench","settings":{"executionOrder":"v1"},"nodes":[
 {"name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],"parameters":{"httpMethod":"POST","path":"bench","responseMode":"responseNode","options":{}}},
 {"name":"Set","type":"n8n-nodes-base.set","typeVersion":3.4,"position":[200,0],"parameters":{"assignments":{"assignments":[
   {"id":"1","name":"greeting","value":"={{ \"hello \" + $json.body.name }}","type":"string"},
   {"id":"2","name":"double","value":"={{ $json.body.amount * 2 }}","type":"number"}]},"options":{}}},
 {"name":"Respond","type":"n8n-nodes-base.respondToWebhook","typeVersion":1.1,"position":[400,0],"parameters":{"respondWith":"firstIncomingItem","options":{}}}],
 "connections":{"Webhook":{"main":[[{"node":"Set","type":"main","index":0}]]},"Set":{"main":[[{"node":"Respond","type":"main","index":0}]]}}}'
now="$(date -u "+%Y-%m-%d %H:%M:%S.000000")"
sqlite3 "$(ls "$data"/*.db | head -1)" "INSERT INTO workflows (id, name, active, version_id, definition, created_at, updated_at) VALUES ('bench', 'bench', 1, 'v1', '$(printf "%s" "$workflow" | sed "s/'/''/g")', '$now', '$now');"
start

check="$(curl -s -X POST -H 'Content-Type: application/json' -d '{"name":"Ada","amount":42}' "http://127.0.0.1:$port/webhook/bench")"
[ "$check" = '{"greeting":"hello Ada","double":84}' ] || { echo "unexpected response: $check" >&2; exit 1; }

# The server's CPU time (user + system, in clock ticks): on a shared machine wall figures mostly measure the queue
# for a core, CPU per request does not.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
cpu_before="$(cpu_ticks)"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$root/bench/load/webhook-post.lua" "http://127.0.0.1:$port/webhook/bench" | tee "$data/wrk.txt"
cpu_after="$(cpu_ticks)"
saved="$(sqlite3 "$(ls "$data"/*.db | head -1)" "SELECT COUNT(*) FROM executions;")"
echo "executions saved: $saved"
requests="$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' "$data/wrk.txt")"
awk -v t="$((cpu_after - cpu_before))" -v hz="$(getconf CLK_TCK)" -v n="${requests:-0}" \
  'BEGIN { s = t / hz; per = (n > 0 ? s * 1e6 / n : 0); printf "server CPU: %.1f s (%.0f µs per request)\n", s, per }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
