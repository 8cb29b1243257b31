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

# A throwaway cluster (scripts/with-postgres.sh), removed afterwards.
export PGPORT=${PGPORT:-54329}
echo "== Suite on PostgreSQL =="
scripts/with-postgres.sh selfassess_test -- bash -c \
  'SELFASSESS_TEST_DATABASE_URL="${PG_URL_BASE}selfassess_test" exec "$@"' _ $PYTEST -q -m "not browser" "$@"
