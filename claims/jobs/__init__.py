"""Background jobs: long work (imports, large exports, recounts) run by `flask --app app worker`.

Huey carries a job's id from the web server to a worker: through a SQLite file under
instance/ by default, through Redis when CLAIMS_REDIS_URL is set. The `jobs` table holds the
truth about each job, so any app server can show its progress and a lost message costs nothing.
"""

from claims.jobs.queue import current_queue, init_jobs

__all__ = ["current_queue", "init_jobs"]
