#!/usr/bin/env bash
# make load: the bounded load test (locust, headless, loopback only) against gunicorn, on SQLite and then on
# a throwaway PostgreSQL cluster. Overridable: USERS=32 SECONDS_EACH=60 WORKERS=5 THINK=0 SKIP_POSTGRES=1
# COMPARE_RENDERS=1 runs each database twice, with and without PDF downloads (make bench-scale does).
# THINK=2: each person pauses 0-2 s (1 s on average) before each request, as people reading pages do;
# the default 0 is no pause at all, which saturates the machine (issue 13's scenario).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
USERS=${USERS:-32}; SECONDS_EACH=${SECONDS_EACH:-60}; WORKERS=${WORKERS:-5}; THINK=${THINK:-0}
ARGS="--users $USERS --seconds $SECONDS_EACH --workers $WORKERS --think $THINK"
status=0
echo "Load: $USERS users for $SECONDS_EACH s against gunicorn ($WORKERS workers) on 127.0.0.1; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
TMP=$(mktemp -d /tmp/selfassess-load.XXXXXX); trap 'rm -rf "$TMP"' EXIT
runs=("")
[ "${COMPARE_RENDERS:-0}" = 1 ] && runs=("" "--no-renders")
echo "== SQLite =="
for extra in "${runs[@]}"; do
  $PY -m selfassess.loadtest.run --database-url "sqlite:///$TMP/load.sqlite" $ARGS $extra 2>&1 | grep -v '^INFO' || status=1
  rm -f "$TMP"/load.sqlite*
done
if [ "${SKIP_POSTGRES:-0}" != 1 ]; then
  echo "== PostgreSQL =="
  for extra in "${runs[@]}"; do
    scripts/with-postgres.sh load -- bash -c \
      "$PY -m selfassess.loadtest.run --database-url \"\${PG_URL_BASE}load\" $ARGS $extra 2>&1 | grep -v '^INFO'" || status=1
  done
fi
exit $status
