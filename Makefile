# The two commands a user needs: `make run` and `make test`.
# Both create the virtual environment on first use and keep it in step with pyproject.toml.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench smoke screenshots clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# `make run` opens the app; pass ARGS to run any command (make run ARGS="check draft.txt").
run: $(STAMP)
	$(BIN)/coach $(ARGS)

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check coach tests benchmarks scripts
	$(BIN)/ruff format --check coach tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/tui_speed.py

smoke: $(STAMP)
	scripts/tmux_smoke.sh

screenshots: $(STAMP)
	$(BIN)/python scripts/tui_screenshots.py

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache
