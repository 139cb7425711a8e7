"""Run every benchmark at its default sizes."""

from bench import evaluate_intake
from bench.export import main

evaluate_intake.main()
print()
main(["--claims", "100000", "1000000"])
