#!/usr/bin/env bash
# Command one: install, prepare the embedded SQLite database (secretariat account printed once,
# demo consortium loaded), and serve the platform at http://127.0.0.1:5000/ (HOST/PORT to change).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements.txt
.venv/bin/flask --app wsgi db upgrade
.venv/bin/flask --app wsgi setup
echo "serving on http://${HOST:-127.0.0.1}:${PORT:-5000}/  (Ctrl-C to stop)"
exec .venv/bin/gunicorn --workers "${WORKERS:-2}" --threads 4 --bind "${HOST:-127.0.0.1}:${PORT:-5000}" \
  --access-logfile - wsgi:app
