"""gunicorn settings for `make serve` and production; every value can be overridden by environment.

Sync workers: each request is short (public pages come from the cache, exports stream), and a
sync worker per core is the set-up gunicorn's own docs recommend for a CPU-bound Flask app.
"""

import os

bind = os.environ.get("CLAIMS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# A sync worker is killed when one request outlasts this, so it must cover the longest streamed
# export (about 15 s for 1,000,000 claims measured in bench/RESULTS.md); larger ones belong in jobs.
timeout = int(os.environ.get("CLAIMS_WORKER_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take a server down; rarely, because a new
# worker starts with an empty in-process cache.
max_requests = int(os.environ.get("CLAIMS_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("CLAIMS_ACCESS_LOG", "-") or None
# The default format, plus the request id the app answers with (claims/logs.py).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
errorlog = "-"
# Behind a reverse proxy, the proxy sets these; gunicorn trusts them only from this address.
forwarded_allow_ips = os.environ.get("CLAIMS_FORWARDED_ALLOW_IPS", "127.0.0.1")
