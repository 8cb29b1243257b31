#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster (as scripts/test.sh does), then remove the cluster.
#   scripts/with-postgres.sh DBNAME... -- COMMAND ARGS...
# Creates each DBNAME; the command sees PG_URL_BASE=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/
# (append a database name). The cluster listens on loopback only, on $PGPORT (default 54345).
set -euo pipefail
cd "$(dirname "$0")/.."
dbs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do dbs+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then echo "Error: PostgreSQL is not installed (run: make system-test)" >&2; exit 1; fi
PGPORT=${PGPORT:-54345}
PGDIR=$(mktemp -d /tmp/selfassess-pg.XXXXXX)
chmod 755 "$PGDIR"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
stop_pg() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# Durability settings off: a throwaway cluster for measurements, the same as the test suite's.
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 start \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
for db in "${dbs[@]}"; do as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$db"; done
echo "PostgreSQL $(basename "$(dirname "$PGBIN")") on 127.0.0.1:$PGPORT (throwaway)"
PG_URL_BASE="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/" "$@"
