#!/usr/bin/env bash
# Migrate, load the demo data into a new database, print the sign-ins and serve on 127.0.0.1:$PORT (5000).
set -euo pipefail
cd "$(dirname "$0")/.."
FLASK=".venv/bin/flask --app selfassess"
DB_FILE=instance/selfassess.sqlite
PORT="${PORT:-5000}"
new_db=0
if [ -z "${SELFASSESS_DATABASE_URL:-}" ] && [ ! -s "$DB_FILE" ]; then new_db=1; fi
$FLASK init-db
if [ "$new_db" = 1 ]; then
  $FLASK demo
else
  echo "Existing database kept (make demo-reset restores the demo). Demo sign-ins (if the demo data was loaded):"
  .venv/bin/python -c "from selfassess.services.demo import sign_in_lines; print('\n'.join(sign_in_lines()))"
fi
echo
echo "Serving on http://127.0.0.1:${PORT}  (Ctrl+C to stop; PORT=8000 make run for another port)"
exec $FLASK run --host 127.0.0.1 --port "$PORT"
