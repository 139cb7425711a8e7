"""Run every benchmark at its default sizes."""

from bench.export import main

main(["--claims", "100000", "1000000"])
