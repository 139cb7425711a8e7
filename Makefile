# The README's two commands: `make run` and `make test`. Both are safe to repeat.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app

.PHONY: run serve test install install-dev db lint bench bench-intake clean

run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

# Production-style serving on the same database as `make run`: gunicorn (gunicorn.conf.py) on :8000.
serve: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
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

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check claims tests bench app.py

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench

# Precision and recall of claim suggestions and matching on the labelled intake data (seconds).
bench-intake: $(VENV)/.installed-dev
	$(BIN)/python bench/evaluate_intake.py

clean:
	rm -rf $(VENV) .pytest_cache
