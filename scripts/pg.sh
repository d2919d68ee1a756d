#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests and the demo.
#   pg.sh start   initdb (first time) and start; if a server already answers
#                 on the port, reuses it only when it is this script's own
#                 cluster (its data_directory is $TECSYNC_PG_DIR/data), else
#                 fails: the demo drops and re-creates databases and roles, so
#                 it must never run against somebody else's PostgreSQL
#   pg.sh stop    stop the cluster this script keeps in its data dir
#   pg.sh env     print `export TECSYNC_TEST_PG="…"` for eval
#   TECSYNC_PG_PORT  port (default 55432)
#   TECSYNC_PG_DIR   cluster folder (default <repo>/.cache/pg, or
#                    /tmp/tecsync-pg-<port> as root, where the `postgres`
#                    user may not be able to reach the repo)
# Auth is trust, and the server listens on loopback only: never use this
# cluster for anything but throwaway data.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${TECSYNC_PG_PORT:-55432}"
if [[ "$(id -u)" -eq 0 ]]; then
  PG_DIR="${TECSYNC_PG_DIR:-/tmp/tecsync-pg-$PORT}"
else
  PG_DIR="${TECSYNC_PG_DIR:-$REPO/.cache/pg}"
fi
DATA="$PG_DIR/data"
LOG="$PG_DIR/server.log"

pg_bin() {
  local dir="" candidate
  for candidate in /usr/lib/postgresql/*/bin; do
    [[ -x "$candidate/pg_ctl" ]] && dir="$candidate"  # glob order: the last is the newest
  done
  [[ -n "$dir" && -x "$dir/pg_ctl" ]] || { echo "pg.sh: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (run scripts/setup.sh)" >&2; exit 1; }
  echo "$dir"
}

# Runs a server binary as the cluster's owner: `postgres` when we are root
# (PostgreSQL refuses to run as root), else ourselves.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

answering() {
  "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1
}

# The data directory of the server answering on the port, or "" when it will
# not say (not ours: no trust for `postgres`, or not PostgreSQL at all).
served_data_dir() {
  PGCONNECT_TIMEOUT=5 "$(pg_bin)/psql" -X -A -t -q -w -h 127.0.0.1 -p "$PORT" -U postgres -d postgres \
    -c "SHOW data_directory" 2>/dev/null || true
}

start() {
  if answering; then
    local theirs ours
    theirs="$(served_data_dir)"
    ours="$(realpath -m "$DATA")"
    if [[ -n "$theirs" && "$(realpath -m "$theirs")" == "$ours" ]]; then
      echo "pg.sh: reusing the server already answering on 127.0.0.1:$PORT (this script's cluster, $DATA)"
      return 0
    fi
    cat >&2 <<MSG
pg.sh: another PostgreSQL already answers on 127.0.0.1:$PORT (data directory: ${theirs:-unknown}),
       not the throwaway cluster this script keeps in $DATA.
       The tests and the demo create, drop and alter databases and roles, so they will not
       use it. Set TECSYNC_PG_PORT to a free port (e.g. TECSYNC_PG_PORT=55433) and run again;
       if that server was started by this script from another folder, set TECSYNC_PG_DIR
       to that folder instead.
MSG
    exit 1
  fi
  local bin
  bin="$(pg_bin)"
  mkdir -p "$PG_DIR"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown postgres:postgres "$PG_DIR"
    chmod 700 "$PG_DIR"
  fi
  if [[ ! -s "$DATA/PG_VERSION" ]]; then
    echo "pg.sh: initdb in $DATA"
    as_owner "$bin/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=trust >"$PG_DIR/initdb.log" 2>&1 ||
      { cat "$PG_DIR/initdb.log" >&2; exit 1; }
    # Loopback only: the socket dir is the cluster's own, TCP on 127.0.0.1/::1.
    as_owner tee "$DATA/pg_hba.conf" >/dev/null <<HBA
local all all trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128 trust
HBA
  fi
  echo "pg.sh: starting PostgreSQL on 127.0.0.1:$PORT ($DATA)"
  as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { tail -n 30 "$LOG" >&2; exit 1; }
}

stop() {
  if [[ -f "$DATA/postmaster.pid" ]]; then
    echo "pg.sh: stopping PostgreSQL ($DATA)"
    as_owner "$(pg_bin)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "export TECSYNC_TEST_PG=\"host=127.0.0.1 port=$PORT user=postgres dbname=postgres\"" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
