"""Shared fixtures for the intake tests, built from the packaged evaluation data."""

from __future__ import annotations

from typing import Any

import pytest

from claims.intake.evaluation import article_body, load_articles


@pytest.fixture(scope="session")
def seed_article() -> dict[str, Any]:
    """The seed article with its demo claims."""
    return next(a for a in load_articles() if a["id"] == "turkey-china-security")


@pytest.fixture(scope="session")
def seed_body(seed_article: dict[str, Any]) -> str:
    """The seed article body as the workspace stores it."""
    return article_body(seed_article)
