#!/usr/bin/env bash
# Installs a pinned n8n from the npm registry into a cache folder outside the repository.
# Usage: bench/peer/n8n/install.sh            (prints the install folder on stdout)
# Env:   N8N_VERSION (default 2.8.4), N8N_BENCH_HOME (default ~/.cache/tessera-bench/n8n-$N8N_VERSION)
set -euo pipefail
version="${N8N_VERSION:-2.8.4}"
home="${N8N_BENCH_HOME:-$HOME/.cache/tessera-bench/n8n-$version}"
bin="$home/node_modules/.bin/n8n"

if [ -x "$bin" ] && [ -f "$home/.installed-$version" ]; then
  echo "$home"
  exit 0
fi

command -v npm >/dev/null || { echo "install.sh: npm not found; install Node.js 20 (n8n $version needs Node >= 20.19)" >&2; exit 1; }
mkdir -p "$home"
# The overrides repair n8n 2.8.4's tree on an offline-ish machine: its default xlsx points at a
# host that is not the npm registry, and a langgraph peer conflict stalls the resolver otherwise.
cat > "$home/package.json" <<JSON
{
  "name": "tessera-bench-n8n",
  "private": true,
  "description": "n8n $version installed for Tessera's side-by-side benchmarks",
  "dependencies": {
    "n8n": "$version",
    "@opentelemetry/api": "1.9.0",
    "@opentelemetry/core": "2.12.1",
    "date-fns": "2.30.0",
    "ts-toolbelt": "9.6.0"
  },
  "overrides": {
    "xlsx": "0.18.5",
    "@langchain/langgraph-checkpoint": "1.0.1"
  }
}
JSON
echo "install.sh: installing n8n $version into $home (several minutes the first time)…" >&2
(cd "$home" && npm install --no-audit --no-fund --legacy-peer-deps --loglevel=error >&2)
[ -x "$bin" ] || { echo "install.sh: npm finished but $bin is missing" >&2; exit 1; }
touch "$home/.installed-$version"
echo "$home"
