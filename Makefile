# The two commands a user needs: `make run` and `make test`.
# Both create the virtual environment on first use and keep it in step with pyproject.toml.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Until the app lands, `make run` checks a sample pitch; pass ARGS to run any command.
run: $(STAMP)
	$(BIN)/coach $(or $(ARGS),check docs/examples/pitch.txt)

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check coach tests benchmarks
	$(BIN)/ruff format --check coach tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache
