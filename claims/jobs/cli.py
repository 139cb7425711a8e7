"""`flask --app app worker`: the process that runs background jobs."""

from __future__ import annotations

import logging
import os

import click

from claims.jobs.queue import current_queue


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Jobs run at the same time by this process.")
@click.option("--drain", is_flag=True, help="Run the jobs waiting now, then exit (for cron or a one-off).")
@click.option(
    "--nice",
    "niceness",
    default=10,
    show_default=True,
    type=click.IntRange(0, 19),
    help="How much CPU to leave to web servers on the same machine (Unix niceness added).",
)
def worker_command(threads: int, drain: bool, niceness: int) -> None:
    """Run background jobs (imports, large exports, recounts) from the queue until stopped."""
    # A job beside the web server must not slow the pages: readers come before a long import.
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
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
