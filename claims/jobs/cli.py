"""`flask --app app worker`: the process that runs background jobs."""

from __future__ import annotations

import logging

import click

from claims.jobs.queue import current_queue


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Jobs run at the same time by this process.")
@click.option("--drain", is_flag=True, help="Run the jobs waiting now, then exit (for cron or a one-off).")
def worker_command(threads: int, drain: bool) -> None:
    """Run background jobs (imports, large exports, recounts) from the queue until stopped."""
    queue = current_queue()
    requeued = queue.recover()
    if requeued:
        click.echo(f"Re-queued {len(requeued)} interrupted job(s): {', '.join(map(str, requeued))}", err=True)
    if drain:
        click.echo(f"Ran {queue.drain()} job(s).", err=True)
        return
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Threads, not processes: jobs wait on the database, and each thread has its own session.
    consumer = queue.huey.create_consumer(workers=threads, worker_type="thread", periodic=True)
    consumer.run()
