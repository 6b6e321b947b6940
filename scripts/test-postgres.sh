#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL server for Tessera's storage tests.
#
#   eval "$(scripts/test-postgres.sh start)"   # exports TESSERA_TEST_POSTGRES and TESSERA_TEST_POSTGRES_DIR
#   dotnet test tests/Tessera.Storage.Tests
#   scripts/test-postgres.sh stop              # stops the server and deletes its directory
#
# The server listens only on 127.0.0.1 (a free port) and on a unix socket inside its own temporary directory,
# so several copies can run side by side. Everything is written to stderr except the export lines.
set -euo pipefail

log() { echo "test-postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

STATE_FILE="${TMPDIR:-/tmp}/tessera-test-postgres.last"
DB_NAME="tessera_test"
DB_USER="tessera"
DB_PASSWORD="tessera"

find_bin_dir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  local candidate
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
      echo "$candidate"
      return
    fi
  done
  return 1
}

install_postgres() {
  [[ $(id -u) -eq 0 ]] || die "initdb/pg_ctl not found and not running as root to install them; install PostgreSQL 15 (apt-get install postgresql)"
  log "initdb/pg_ctl not found; installing PostgreSQL with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2 \
    || { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2; } \
    || die "apt-get install postgresql failed"
}

# PostgreSQL refuses to run as root: when we are root, run its programs as the 'postgres' system user.
RUN_AS=()
setup_user() {
  if [[ $(id -u) -ne 0 ]]; then
    return
  fi
  if ! id postgres >/dev/null 2>&1; then
    log "creating system user 'postgres'"
    useradd --system --no-create-home --shell /bin/bash postgres >&2 || die "could not create user 'postgres'"
  fi
  if command -v runuser >/dev/null 2>&1; then
    RUN_AS=(runuser -u postgres --)
  else
    RUN_AS=(su postgres -s /bin/bash -c)
  fi
}

run_pg() {
  if [[ ${#RUN_AS[@]} -eq 0 ]]; then
    "$@"
  elif [[ ${RUN_AS[0]} == runuser ]]; then
    "${RUN_AS[@]}" "$@"
  else
    "${RUN_AS[@]}" "$(printf '%q ' "$@")"
  fi
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for _ in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free port found"
}

start() {
  local bin_dir
  bin_dir=$(find_bin_dir) || { install_postgres; bin_dir=$(find_bin_dir) || die "PostgreSQL installed but initdb/pg_ctl still not found"; }
  setup_user

  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/tessera-pg.XXXXXX")
  mkdir -p "$dir/data" "$dir/socket"
  printf '%s\n' "$DB_PASSWORD" > "$dir/pwfile"
  if [[ $(id -u) -eq 0 ]]; then
    chown -R postgres "$dir"
  fi
  chmod 700 "$dir"

  log "initdb in $dir/data (using $bin_dir)"
  run_pg "$bin_dir/initdb" -D "$dir/data" -U "$DB_USER" --pwfile="$dir/pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }

  port=$(free_port)
  log "starting on 127.0.0.1:$port"
  # fsync off: a test server does not need to survive a power cut, and it makes the suite much faster.
  run_pg "$bin_dir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir/socket -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >&2 || { cat "$dir/server.log" >&2 || true; die "pg_ctl start failed"; }

  run_pg env PGPASSWORD="$DB_PASSWORD" psql -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres \
    -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE $DB_NAME" >&2 || die "could not create database $DB_NAME"

  echo "$dir" > "$dir/dir"
  echo "$bin_dir" > "$dir/bin"
  echo "$dir" > "$STATE_FILE"

  local conn="Host=127.0.0.1;Port=$port;Database=$DB_NAME;Username=$DB_USER;Password=$DB_PASSWORD"
  log "ready: $conn"
  echo "export TESSERA_TEST_POSTGRES='$conn'"
  echo "export TESSERA_TEST_POSTGRES_DIR='$dir'"
}

stop() {
  local dir="${1:-${TESSERA_TEST_POSTGRES_DIR:-}}"
  if [[ -z "$dir" && -f "$STATE_FILE" ]]; then
    dir=$(cat "$STATE_FILE")
  fi
  [[ -n "$dir" ]] || die "no server to stop: pass its directory or set TESSERA_TEST_POSTGRES_DIR"
  [[ -d "$dir/data" ]] || { log "nothing at $dir"; rm -f "$STATE_FILE"; return; }
  case "$dir" in
    "${TMPDIR:-/tmp}"/tessera-pg.*) ;;
    *) die "refusing to remove $dir: not a directory this script created" ;;
  esac

  setup_user
  local bin_dir
  bin_dir=$(cat "$dir/bin" 2>/dev/null || find_bin_dir)
  run_pg "$bin_dir/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || log "pg_ctl stop failed (server not running?)"
  rm -rf "$dir"
  if [[ -f "$STATE_FILE" && $(cat "$STATE_FILE") == "$dir" ]]; then
    rm -f "$STATE_FILE"
  fi
  log "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "${1:-}" ;;
  *) echo "usage: $0 start|stop [dir]" >&2; exit 2 ;;
esac
