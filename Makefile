# Quick start: `make demo` reconciles the AI4I state into local servers; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup lint test demo demo-down bench clean

$(VENV)/.installed: pyproject.toml scripts/ensure-system-packages.sh
	./scripts/ensure-system-packages.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

demo: setup
	$(BIN)/python -m devtools.demo up

demo-down:
	$(BIN)/python -m devtools.demo down

bench: setup
	$(BIN)/python bench/pg_plan.py
	$(BIN)/python bench/seeds.py
	$(BIN)/python bench/redis_plan.py
	$(BIN)/python bench/kafka_plan.py
	$(BIN)/python bench/es_plan.py
	$(BIN)/python bench/influx_plan.py
	$(BIN)/python bench/plan_all.py

clean: demo-down
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
