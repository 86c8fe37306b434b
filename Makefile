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

.PHONY: setup taxonomy demo test lint bench eval finetune

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

HOST ?= 127.0.0.1
PORT ?= 8000

# Import ESCO (a no-op when unchanged), load the sample data (fresh demo keys each time),
# then serve the API (/docs) and the web pages (/web/) until Ctrl-C.
demo: taxonomy
	$(BIN)/placement demo load --db $(PLACEMENT_DB)
	@echo "Open http://$(HOST):$(PORT)/web/ and sign in with a coach-* or employer-* key above."
	$(BIN)/placement serve --host $(HOST) --port $(PORT) --db $(PLACEMENT_DB)

lint: setup
	$(BIN)/ruff check .

test: lint
	$(BIN)/pytest --durations=15

bench: setup
	$(BIN)/python -m evaluation.bench --esco-dir $(ESCO_DIR)

EVAL_DB := $(PLACEMENT_CACHE)/eval-taxonomy.db
BENCH := ../shared/benchmarks

FINETUNED := $(PLACEMENT_CACHE)/models/minilm-esco/training.json

# The evaluations measure the product with its fine-tuned MiniLM: built once here if missing
# (about 7-15 minutes); `make finetune` rebuilds it.
$(FINETUNED): | setup
	$(BIN)/placement taxonomy import $(ESCO_DIR) --db $(EVAL_DB)
	$(BIN)/python -m matching.finetune --db $(EVAL_DB) --out $(PLACEMENT_CACHE)/models/minilm-esco

eval: setup $(FINETUNED)
	$(BIN)/placement taxonomy import $(ESCO_DIR) --db $(EVAL_DB)
	$(BIN)/python -m evaluation.run --db $(EVAL_DB) jobnorm --titles $(BENCH)/jobbert/titles.val.csv
	$(BIN)/python -m evaluation.run --db $(EVAL_DB) melo --dataset $(BENCH)/melo/bel_q_nl_c_nl
	$(BIN)/python -m evaluation.run --db $(EVAL_DB) esco
	$(BIN)/python -m evaluation.run --db $(EVAL_DB) fairness
	$(BIN)/python -m evaluation.run --db $(EVAL_DB) skills \
	  --annotations $(BENCH)/skills/house_validation.csv $(BENCH)/skills/tech_validation.csv
	$(BIN)/python -m evaluation.run --db $(EVAL_DB) placement

# Fine-tune MiniLM on ESCO label pairs (train split only, no benchmark data); about 15 minutes
# on 2 shared cores. The normaliser uses it automatically once it exists.
finetune: taxonomy
	$(BIN)/python -m matching.finetune --db $(PLACEMENT_DB) --out $(PLACEMENT_CACHE)/models/minilm-esco
