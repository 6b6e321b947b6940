#!/usr/bin/env bash
# Installs what a fresh machine lacks, builds everything, starts what the tests need, and runs every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root="$(pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n=== %s ===\n' "$*"; }

apt_updated=0
need_apt() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

step "1/5 prerequisites"
command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet on PATH)." >&2; exit 1; }
command -v node >/dev/null || need_apt nodejs npm
command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt postgresql
# LibreOffice (headless) checks that the spreadsheet files Tessera writes open elsewhere and that files it wrote read back.
command -v soffice >/dev/null || command -v libreoffice >/dev/null || need_apt --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui
dotnet --version
node --version

step "2/5 JavaScript runner packages"
if [ -f runner/package.json ]; then
  (cd runner && npm ci --no-audit --no-fund --loglevel=error)
fi

# >>> web UI (web/): install, type-check and build into web/dist (served by tessera serve), unit tests
step "web UI: npm ci, build, unit tests"
[ -x /usr/bin/chromium ] || need_apt chromium   # for the end-to-end suite at the end
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent && npx vitest run --reporter=dot)
# <<< web UI

step "3/5 build"
dotnet build Tessera.sln -c Debug --nologo -v quiet -clp:ErrorsOnly

step "4/5 services"
pg_started=0
if [ -x scripts/test-postgres.sh ]; then
  eval "$(scripts/test-postgres.sh start)"
  pg_started=1
fi
cleanup() { if [ "$pg_started" = 1 ]; then scripts/test-postgres.sh stop >/dev/null 2>&1 || true; fi; }
trap cleanup EXIT

step "5/5 tests"
export TESSERA_RUNNER_DIR="$root/runner"
log="$(mktemp)"
set +e
dotnet test Tessera.sln --no-build -c Debug --nologo -v quiet --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over every test project.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       } }
     END { printf "\ntests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"

# >>> web UI end-to-end: headless Debian Chromium against a real `tessera serve` (web/e2e/run.mjs)
step "web UI end-to-end"
set +e
TESSERA_CLI_DLL="$root/src/Tessera.Cli/bin/Debug/net10.0/tessera.dll" timeout 300 node web/e2e/run.mjs
e2e_status=$?
set -e
if [ "$e2e_status" != 0 ]; then status=1; fi
# <<< web UI end-to-end
exit "$status"
