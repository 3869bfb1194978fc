# The README's two commands: `make run` and `make test`. Both set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 1
# WebSocket frames uncompressed, as Mastodon's streaming server (node's ws) sends them:
# compressing each event for each connection cost a post to 1,000 streams 35-45% of its
# delivery time. `true` trades that CPU for bandwidth.
WS_PER_MESSAGE_DEFLATE ?= false
# glibc's malloc keeps an arena per thread (up to 8 per core): with WEB_THREADS threads a web
# process held ~10 MB more than it uses (embedded RSS 155.9 -> 146.1 MB with 2 arenas).
MALLOC_ARENA_MAX ?= 2
export MALLOC_ARENA_MAX
# Without Redis there is no Celery beat: the web process runs the periodic jobs itself.
PERIODIC_TASKS_IN_PROCESS ?= $(if $(REDIS_URL),0,1)
# Tests on PostgreSQL + Redis use these (a database named fedi_test is created by pytest-django).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fedi
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
SYSTEM_TESTS ?= tests/system
TEST_ENV := FAST_PASSWORD_HASHER=1 CELERY_TASK_ALWAYS_EAGER=1 SECRET_KEY=test-secret-key

# `make fuzz`: the fuzz run of tests/fuzz with many more examples per operation (new ones each run).
FUZZ_EXAMPLES ?= 100

.PHONY: install run worker lint typecheck test test-postgres test-sqlite test-system fuzz services clean bench bench-quick

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	PORT=$(PORT) PERIODIC_TASKS_IN_PROCESS=$(PERIODIC_TASKS_IN_PROCESS) $(BIN)/uvicorn fedi.asgi:application --host $(HOST) --port $(PORT) --workers $(WEB_CONCURRENCY) --proxy-headers --ws-per-message-deflate $(WS_PER_MESSAGE_DEFLATE)

worker: install
	$(BIN)/celery -A fedi worker -B --loglevel INFO

# Every test, on PostgreSQL + Redis and then on the embedded default (SQLite, no Redis),
# then the system suite (tests/system: both README set-ups as real processes, real clients).
test: install lint typecheck test-postgres test-sqlite test-system

# The apps' layers (README "Layout"): import-linter's contracts in .importlinter.
lint: install
	$(BIN)/lint-imports --no-cache

# mypy with the Django and DRF plugins ([tool.mypy] in pyproject.toml: the apps' services
# and queries, fedi's plumbing; strict on the modules listed there as such).
typecheck: install
	$(BIN)/mypy

test-postgres: install services
	env -u DATABASE_URL -u REDIS_URL $(TEST_ENV) DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest --ignore=tests/system $(PYTEST_ARGS)

test-sqlite: install
	env -u DATABASE_URL -u REDIS_URL $(TEST_ENV) DATA_DIR=$(CURDIR)/data/test $(BIN)/pytest --ignore=tests/system $(PYTEST_ARGS)

# Starts `make run` (embedded default) and the production set-up (its own PostgreSQL database
# SYSTEM_PROD_DATABASE, a private redis-server, `make worker`, `make run WEB_CONCURRENCY=2`)
# on free ports and drives them with real clients; prints the figures it measured.
test-system: install services
	env -u DATABASE_URL -u REDIS_URL DATA_DIR=$(CURDIR)/data/test-system $(BIN)/pytest $(SYSTEM_TESTS) \
		-rfEsxX --durations=5 $(SYSTEM_PYTEST_ARGS)

fuzz: install services
	env -u DATABASE_URL -u REDIS_URL $(TEST_ENV) DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) FUZZ_RANDOM=1 $(BIN)/pytest tests/fuzz -o timeout=3600 $(PYTEST_ARGS)

services:
	@bash scripts/ensure-services

# Benchmarks of the production set-up on loopback (bench/run.py; results in bench/results/).
# BENCH_DATABASE_URL names the PostgreSQL server (its databases fedi_bench* are the bench's).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/fedi_bench
$(BIN)/.bench-installed: $(BIN)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@

bench: install $(BIN)/.bench-installed services
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py --profile full $(BENCH_ARGS)

bench-quick: install $(BIN)/.bench-installed services
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py --profile quick $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data staticfiles *.egg-info
