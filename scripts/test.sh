#!/usr/bin/env bash
# Run the whole suite on SQLite; with TEST_DATABASE_URL set, the database tests again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export APP_ENV=testing  # never production by accident (production is the default when unset)

$BIN/ruff check .
$BIN/lint-imports --no-logo --no-cache  # imports flow one way: the contracts in pyproject.toml
echo "== Test suite on SQLite =="
env -u TEST_DATABASE_URL $BIN/python -m pytest --durations=15 "$@"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== Database tests on PostgreSQL (${TEST_DATABASE_URL%%@*}@...) =="
  $BIN/python -m pytest -m "not browser" --durations=15 "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL run is required in CI." >&2
  exit 1
fi
