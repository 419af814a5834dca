# Two entry points for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench

$(BIN)/coach: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(BIN)/coach

# Install, import the bundled sample notes into the demo bank (never the user's own) and list them.
run: $(BIN)/coach
	$(BIN)/coach --demo import --sample
	$(BIN)/coach --demo list
	@echo "That is the demo bank (add --demo to any command to use it); your own bank starts empty: coach import ~/notes"

# Lint, type-check and run every test; PostgreSQL tests run against a throwaway local cluster; the report's
# browser test runs Debian's chromium (installed here when missing).
test: $(BIN)/coach
	scripts/ensure-chromium.sh
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	scripts/test-postgres.sh $(BIN)/python -m pytest

bench: $(BIN)/coach
	$(BIN)/python bench/import_fidelity.py
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/grading.py
