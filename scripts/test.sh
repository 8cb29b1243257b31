#!/usr/bin/env bash
# The whole suite on SQLite, then again (without the browser tests) on a throwaway PostgreSQL cluster.
# Fails if any test fails or if a run collected no tests.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTEST=".venv/bin/python -m pytest"

echo "== Lint (ruff) =="
.venv/bin/ruff check selfassess tests

echo "== Suite on SQLite =="
$PYTEST -q "$@"

if [ "${SKIP_POSTGRES:-0}" = 1 ]; then
  echo "SKIP_POSTGRES=1: PostgreSQL run skipped"; exit 0
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then echo "PostgreSQL is not installed (run: make system-test)" >&2; exit 1; fi
PGPORT=${PGPORT:-54329}
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
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 start \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres selfassess_test

echo "== Suite on PostgreSQL $(basename "$(dirname "$PGBIN")") =="
SELFASSESS_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PGPORT/selfassess_test" \
  $PYTEST -q -m "not browser" "$@"
