#!/usr/bin/env bash
# The issue 14 benchmarks, one after the other, each printing its table (benchmarks/README.md).
# Not tests: nothing here runs in `make test` or CI. Each builds its own data in its own
# database (an SQLite file under /tmp, or a PostgreSQL database named *bench*, emptied first).
# Takes about 30 minutes on 2 cores; `make bench ONLY="dashboard dispatch"` runs a part.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG=${BENCH_POSTGRES:-postgresql+psycopg://root@127.0.0.1:5432}
export APP_ENV=development  # the scripts set production themselves where they start gunicorn
ONLY=${ONLY:-"status dashboard journey scheduler dispatch intake"}

database() {  # create a benchmark database when it is missing
  local name=$1
  $PY - "$PG" "$name" <<'PYEOF'
import sys
from sqlalchemy import create_engine, text
base, name = sys.argv[1], sys.argv[2]
engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
with engine.connect() as conn:
    if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
        conn.execute(text(f'CREATE DATABASE "{name}"'))
PYEOF
  echo "$PG/$name"
}

for part in $ONLY; do
  echo; echo "=== $part ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)) ==="
  case $part in
    status)    $PY -m benchmarks.status_page --sizes 36 100000 --postgres "$(database p1bench)" ;;
    dashboard) $PY -m benchmarks.dashboard --sizes 100000 --postgres "$(database dashbench)" ;;
    journey)   $PY -m benchmarks.journey_picture --size 100000 --fill --postgres "$(database dashbench)" ;;
    scheduler) $PY -m benchmarks.scheduler_bulk --initiatives 100000 --postgres "$(database schedbench)" ;;
    dispatch)  $PY -m benchmarks.dispatch --mails 2000 --postgres "$(database deliverybench)" ;;
    intake)    $PY -m benchmarks.intake --seconds 30 --clients 4 --sqlite /tmp/intakebench.sqlite \
                 --postgres "$(database intakebench)" ;;
    load)      $PY -m benchmarks.load_test --seconds 60 --sqlite /tmp/loadbench.sqlite \
                 --postgres "$(database intakebench)" ;;
    *) echo "unknown benchmark: $part (status dashboard journey scheduler dispatch intake load)" >&2; exit 2 ;;
  esac
done
