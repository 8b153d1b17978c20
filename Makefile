# liaison — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint bench venv clean-db

$(BIN)/liaison: pyproject.toml
	@test -x $(BIN)/python || $$(scripts/find-python) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(BIN)/liaison

venv: $(BIN)/liaison

## Start the application on SQLite with demo data, and a task worker beside it.
run: venv
	@$(BIN)/liaison migrate --verbosity 0
	@$(BIN)/liaison demo
	@echo
	@echo "liaison is running at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo
	@$(BIN)/liaison worker >var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/liaison runserver $(HOST):$(PORT)

## Run every test: SQLite by default, PostgreSQL when DATABASE_URL is set.
test: venv
	@$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	@$(BIN)/ruff check src tests benchmarks

bench: venv
	@$(BIN)/python -m benchmarks

clean-db:
	rm -f var/liaison.sqlite3*
