"""`make bench`: the intake evaluation, then pages, exports and query plans at 100,000 and
1,000,000 claims on SQLite and PostgreSQL, written to bench/RESULTS.md."""

import sys

from bench import evaluate_intake, http

evaluate_intake.main()
print()
sys.exit(http.main(sys.argv[1:]))
