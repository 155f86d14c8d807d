"""gunicorn settings for production: `gunicorn --config gunicorn.conf.py wsgi:app`.

Every value can be set from the environment, so one file serves every host.
The scheduler is not started here: it is its own process (`flask scheduler run`).
"""

import os

# Where to listen; a reverse proxy in front forwards to it (set TRUSTED_PROXIES).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each handles one request at a time, so run a few per core.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = "sync"
# A request that takes longer than this is a bug or a stuck database: the worker restarts.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A fresh worker now and then keeps a slow leak from growing; the jitter spreads restarts.
# Each fresh worker imports and builds the app again (about a second of CPU), so at
# hundreds of requests a second this is a tenth of the CPU (benchmarks/README.md, P5e).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# The app logs one line per request itself (with its request id, without personal data
# from the query string), so gunicorn's own access log stays off; errors go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
proc_name = "initiatief"
# gunicorn's runtime control socket is one path per user for every gunicorn on the
# host; nothing here uses it, so it cannot collide with another site's.
control_socket_disable = True
