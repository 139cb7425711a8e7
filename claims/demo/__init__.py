"""Demo data: the seed article with claims, evidence and verdicts a newcomer can look at."""
