# One task runner: CI calls `make test`, exactly as a developer does.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= ../shared/data
STAMP  := $(VENV)/.installed

.PHONY: demo install test lint typecheck pytest bench bench-web format clean docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The main job: install, load every DfE file in $(DATA), print one area's story, then
## serve the web explorer (it prints its address; Ctrl+C stops it).
PORT ?= 8000
demo: $(STAMP)
	$(BIN)/exclusions load $(DATA)
	$(BIN)/exclusions story Bury --year 2022/23
	$(BIN)/exclusions serve --port $(PORT)

## Lint, type-check and run the whole test suite (what CI runs).
test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

## Benchmarks (not part of the tests): figures go to BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load.py

## Every LA's story for a year (text, then with SVG charts) against a naive pandas loop.
.PHONY: bench-story
bench-story: $(STAMP)
	$(BIN)/python benchmarks/bench_story.py

## Web benchmark: needs wrk (Debian package `wrk`).
bench-web: $(STAMP)
	$(BIN)/python benchmarks/bench_web.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

## Regenerate docs/cli.md and docs/settings.md from the code.
docs: $(STAMP)
	$(BIN)/python scripts/gen_docs.py
