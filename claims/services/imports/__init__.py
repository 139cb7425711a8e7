"""Imports: claims from our own CSV columns, and other fact-checkers' ClaimReview verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportTally:
    """What an import did (or, in a dry run, would do): records created, skipped and failed.

    `messages` holds each failure as "file: reason"; `planned` a dry run's line per record.
    """

    created: int = 0
    skipped: int = 0
    failed: int = 0
    messages: list[str] = field(default_factory=list)
    dry_run: bool = False
    planned: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return the one-line count shown at the end of every import."""
        would = "would be " if self.dry_run else ""
        return f"{self.created} {would}created, {self.skipped} {would}skipped, {self.failed} failed"
