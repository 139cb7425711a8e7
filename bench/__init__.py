"""Benchmarks: `python -m bench` runs them all, `python -m bench.export --claims N` one size."""
