# Biomass potential platform. The two commands a new user needs:
#   make demo   set everything up and serve http://127.0.0.1:8000 (PORT=... to change)
#   make test   set everything up and run the whole suite on SpatiaLite, then on PostGIS
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help demo test lint test-spatialite test-postgis system venv venv-dev messages setup data serve bench bench-http lock clean

help:
	@echo "make demo    install what is missing, load the demo data and serve http://$(HOST):$(PORT)"
	@echo "make test    install what is missing and run the test suite on SpatiaLite and PostGIS"
	@echo "make lint    check style (ruff check and ruff format --check)"
	@echo "make bench   run the benchmarks: the engine's, then the HTTP load test (make bench-http)"
	@echo "make bench-http  load-test a fresh demo server on loopback with wrk (BENCH_SECONDS=20 BENCH_CONNECTIONS=8)"
	@echo "make lock    re-pin requirements*.txt from requirements*.in"

# --- installation ---------------------------------------------------------------------
system:
	@scripts/system_deps.sh --browser

$(VENV)/.python:
	@py=$$(scripts/pick_python.sh); echo "Creating $(VENV) with $$py"; \
	  rm -rf $(VENV); "$$py" -m venv $(VENV); "$$py" -c 'import sys; print(sys.executable)' > $@

$(VENV)/.installed: requirements.txt | $(VENV)/.python
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements.txt -r requirements-dev.txt
	@touch $@

venv: system $(VENV)/.installed
venv-dev: system $(VENV)/.installed-dev

lock: venv-dev
	$(PY) -m pip install -q pip-tools
	$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links -c requirements.txt -o requirements-dev.txt requirements-dev.in

# --- demo -----------------------------------------------------------------------------
# The demo runs like production (DEBUG off, static files by WhiteNoise) on a local
# SpatiaLite file, with a secret key generated once into .secret_key.
.secret_key:
	@umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

DEMO_ENV = SECRET_KEY="$$(cat .secret_key)" ALLOWED_HOSTS="$(HOST),localhost,127.0.0.1"

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages -l es -v 0 --ignore '.venv/*'

setup: venv messages .secret_key
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(PY) manage.py collectstatic --no-input -v 0

data: setup
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py demo_admin

# The web server and, beside it, the task worker that processes uploaded layers, supervised:
# restarted when it dies, and what a dead worker left half done taken back every minute
# (scripts/supervise_worker.sh).
serve:
	@echo "Serving http://$(HOST):$(PORT)/ with a supervised task worker (Ctrl-C stops both)"
	$(DEMO_ENV) PY=$(PY) scripts/supervise_worker.sh --no-startup-delay --interval 1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEMO_ENV) $(VENV)/bin/gunicorn config.wsgi --no-control-socket --bind $(HOST):$(PORT) --workers 2 --threads 4 \
	    --access-logfile - --error-logfile -

demo: data serve

# --- tests ----------------------------------------------------------------------------
test: venv-dev messages lint
	@scripts/redis.sh || echo "=== Redis is not reachable: the RQ worker test will fail ==="
	@$(MAKE) --no-print-directory test-spatialite
	@$(MAKE) --no-print-directory test-postgis

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-spatialite:
	@echo "=== Test suite on SpatiaLite ==="
	DATABASE_URL="spatialite:///$(CURDIR)/test-db.sqlite3" $(PY) -m pytest $(PYTEST_ARGS)

# PostGIS runs when PostgreSQL is reachable (scripts/postgres.sh starts a local cluster when
# it can). Otherwise the run says so plainly and passes, unless REQUIRE_POSTGIS=1 (CI).
test-postgis:
	@if url=$$(scripts/postgres.sh); then \
	  echo "=== Test suite on PostGIS ($$url) ==="; \
	  DATABASE_URL="$$url" $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ "$${REQUIRE_POSTGIS:-0}" = "1" ]; then \
	  echo "=== PostGIS suite FAILED to start: PostgreSQL is required (REQUIRE_POSTGIS=1) ==="; exit 1; \
	else \
	  echo "=== PostGIS suite SKIPPED: PostgreSQL is not reachable (see the reason above) ==="; \
	fi

bench: venv-dev
	$(PY) -m benchmarks
	@$(MAKE) --no-print-directory bench-http

# The requests people wait for, loaded with wrk on a fresh demo site served on loopback;
# about three minutes (five requests of BENCH_SECONDS each, plus the set-up).
BENCH_SECONDS ?= 20
BENCH_CONNECTIONS ?= 8
bench-http: venv
	@scripts/system_deps.sh --bench
	$(PY) -m benchmarks.http --seconds $(BENCH_SECONDS) --connections $(BENCH_CONNECTIONS)

clean:
	rm -rf $(VENV) staticfiles test-db.sqlite3 .pytest_cache
