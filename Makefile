# Two commands for a new user: `make build` publishes the sample, `make test` runs the suite.
# Both create the virtual environment in .venv and install the project on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test quick lint install clean reference

build: $(STAMP)
	$(BIN)/publish build

test: $(STAMP)
	$(BIN)/python -m pytest

# The quick part of the suite: everything not marked slow (no many-document builds, no
# Java or Chromium).
quick: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# What CI holds the code to besides the tests: ruff's rules and formatting, mypy --strict.
lint: $(STAMP)
	$(BIN)/ruff check publish tests benchmarks
	$(BIN)/ruff format --check publish tests benchmarks
	$(BIN)/mypy --strict publish

install: $(STAMP)

# Page 1 of the reference article as screen and press, in tests/reference/ (look, then commit).
reference: $(STAMP)
	$(BIN)/python tests/reference/make_reference.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) out/*.pdf out/*.epub
