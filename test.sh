#!/usr/bin/env bash
# Command two: install what the tests need and run the whole suite.
# Embedded default: SQLite, jobs inline. Set DATABASE_URL (PostgreSQL) and REDIS_URL to test those.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
