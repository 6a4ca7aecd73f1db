# DeogharMart — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test unit integration seed bench schedule clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "DeogharMart needs Python 3.11 (found " + sys.version.split()[0] + "); set PYTHON=/path/to/python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## Start the whole marketplace locally (Ctrl-C stops everything).
run: $(STAMP)
	$(PY) -m infra.local

## Run every test: unit (no network) and integration (starts its own local stack).
test: $(STAMP)
	$(PY) -m pytest

unit: $(STAMP)
	$(PY) -m pytest tests/unit

integration: $(STAMP)
	$(PY) -m pytest tests/integration

## Re-seed a running local stack (idempotent).
seed: $(STAMP)
	set -a && . <($(PY) -m infra.local.printenv) && $(PY) -m infra.seed

## Print the benchmarks' figures.
bench: $(STAMP)
	$(PY) bench/cold_start.py
	$(PY) bench/ddb_requests.py
	$(PY) bench/order_pipeline.py

## Run one schedule handler now against the running stack: make schedule NAME=...
schedule: $(STAMP)
	set -a && . <($(PY) -m infra.local.printenv) && $(PY) -m infra.local.runner --run-schedule $(NAME)

clean:
	rm -rf $(VENV) .local .pytest_cache
