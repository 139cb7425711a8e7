"""Imports: claims from our own CSV columns, and other fact-checkers' ClaimReview verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportTally:
    """What an import did: records created, skipped (already there) and failed, with reasons."""

    created: int = 0
    skipped: int = 0
    failed: int = 0
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return the one-line count shown at the end of every import."""
        return f"{self.created} created, {self.skipped} skipped, {self.failed} failed"
