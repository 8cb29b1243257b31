#!/usr/bin/env bash
# make bench-scale: every page's median on the demo database and with N providers × Y years, on SQLite and
# on a throwaway PostgreSQL cluster; then the mixed load (make load's scenario) with and without renders.
#   PROVIDERS=1000 YEARS=10 RUNS=15 ONLY= LOAD_USERS=8 LOAD_SECONDS=60 LOAD_THINK=2 scripts/bench-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ARGS=(--providers "${PROVIDERS:-1000}" --years "${YEARS:-10}" --runs "${RUNS:-15}")
# ONLY=admin times only the pages whose label contains it (one word: it is passed through bash -c below)
if [ -n "${ONLY:-}" ]; then ARGS+=(--only "$ONLY"); fi

echo "== Pages on SQLite =="
$PY -m selfassess.bench_scale "${ARGS[@]}" 2>&1 | grep -v '^INFO'
if [ "${SKIP_POSTGRES:-0}" != 1 ]; then
  echo "== Pages on PostgreSQL =="
  scripts/with-postgres.sh bench_small bench_large -- bash -c \
    "$PY -m selfassess.bench_scale ${ARGS[*]} --small-url \"\${PG_URL_BASE}bench_small\" --large-url \"\${PG_URL_BASE}bench_large\" 2>&1 | grep -v '^INFO'"
fi
if [ "${SKIP_LOAD:-0}" != 1 ]; then
  echo "== Mixed load: page-view p95 with and without concurrent renders =="
  USERS=${LOAD_USERS:-8} SECONDS_EACH=${LOAD_SECONDS:-60} THINK=${LOAD_THINK:-2} COMPARE_RENDERS=1 scripts/load.sh
fi
