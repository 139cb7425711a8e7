# The README's two commands: `make run` and `make test`. Both are safe to repeat.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app

.PHONY: run serve test install install-dev db lint bench bench-intake soak clean

run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

# Production-style serving on the same database as `make run`: gunicorn (gunicorn.conf.py) on :8000.
# Both start a job worker beside the web server and stop it with them.
serve: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c gunicorn.conf.py app:app

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

db: $(VENV)/.installed
	$(FLASK) db upgrade

# Only high-severity bandit findings fail: the medium ones are B608 on SQL built from fixed names,
# each already reviewed where ruff's S608 is silenced with its reason.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check claims tests bench app.py
	$(BIN)/bandit -q -r claims app.py --severity-level high

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

# Precision and recall of claim suggestions and matching on the labelled intake data (seconds).
bench-intake: $(VENV)/.installed-dev
	$(BIN)/python bench/evaluate_intake.py

# Readers, writers and faults (workers killed mid-save, a 100,000-row import, a PostgreSQL restart)
# against gunicorn and the job worker, on SQLite then PostgreSQL; SOAK_SECONDS of load on each.
soak: $(VENV)/.installed-dev
	$(BIN)/python -m bench.soak

clean:
	rm -rf $(VENV) .pytest_cache
