# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := static/vendor

.PHONY: run test setup python-packages frontend translations chromium lint bench load-test

run: setup
	$(BIN)/python scripts/run_dev.py

test: setup chromium
	bash scripts/test.sh

setup: python-packages frontend translations

# Compiled catalogs (.mo) are built here, never committed; without them pages are Dutch.
translations: python-packages
	APP_ENV=development $(BIN)/flask --app wsgi translate compile

python-packages: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

frontend: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht.css
	cp node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $(VENDOR)/voorbeeld-theme.css
	touch $@

# Browser tests use Debian's Chromium; install it when missing and we may.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

lint: python-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --no-cache

# Benchmarks (not tests, never in CI): each builds its own data and prints a table.
bench: setup
	bash scripts/bench.sh

# The bounded 60-second load test against gunicorn with 4 workers, PostgreSQL and SQLite.
load-test: setup
	ONLY=load bash scripts/bench.sh
