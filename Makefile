# Placement matching: `make demo` and `make test` work on a fresh machine with only Python.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ESCO_DIR ?= ../shared/esco
PLACEMENT_DB ?= var/placement.db
PLACEMENT_CACHE ?= .cache/placement
export ESCO_DIR PLACEMENT_DB PLACEMENT_CACHE
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup taxonomy demo test lint bench eval

# The virtual environment is rebuilt only when pyproject.toml changes. Torch is installed
# first, pinned to the CPU build, so nothing pulls the multi-GB CUDA wheels.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/pip install -q --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

setup: $(STAMP)

taxonomy: setup
	$(BIN)/placement taxonomy import $(ESCO_DIR) --db $(PLACEMENT_DB)

demo: taxonomy
	$(BIN)/placement taxonomy search heftruck --lang nl --kind occupation --db $(PLACEMENT_DB)

lint: setup
	$(BIN)/ruff check .

test: lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m evaluation.bench_import --esco-dir $(ESCO_DIR)

eval: setup
	@echo "evaluation runners arrive with the normaliser (issue 3)"
