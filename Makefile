# One command sets up and runs each thing. Every target creates .venv on first use.
# `make run` and `make serve` install only the appliance (no extras: no torch, no dev tools, about
# 0.7 GB); the checks add the dev and training extras (torch included) to the same venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

.PHONY: run demo serve test check lint format types contracts bench clean fuzz venv

$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	# torch first, pinned: the CPU wheel on local disk (plain 'torch' pulls a CUDA build)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# The appliance on the embedded defaults: DuckDB file in ./scanside-data, CPU if no GPU.
run: $(RUN_STAMP)
	$(BIN)/scanside demo

serve: $(RUN_STAMP)
	$(BIN)/scanside serve

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

format: $(STAMP)
	$(BIN)/ruff format appliance query reports tests bench models

lint: $(STAMP)
	$(BIN)/ruff check appliance query reports tests bench models
	$(BIN)/ruff format --check appliance query reports tests bench models

# One hour per DICOM-edge fuzz target, in parallel (docs/fuzzing.md); FUZZ_SECONDS to change.
FUZZ_SECONDS ?= 3600
fuzz: $(STAMP)
	for t in instance_reader header_scan association; do \
		$(BIN)/python -m tests.fuzz $$t --seconds $(FUZZ_SECONDS) --seed $$(date +%N) & \
	done; wait

types: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

check: lint types contracts test

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
