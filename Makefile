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

# The package's modules byte-compiled, as a wheel's install compiles them (pip runs compileall):
# a process then reads each module's code instead of compiling its source, even where
# PYTHONDONTWRITEBYTECODE stops Python writing the .pyc itself. Python checks each .pyc against
# its source's time and size, so an edited module is compiled afresh until this runs again.
COMPILE := $(BIN)/python -m compileall -q --invalidation-mode timestamp publish

install: $(STAMP)
	$(COMPILE)

# Page 1 of the reference article as screen and press, in tests/reference/ (look, then commit).
reference: $(STAMP)
	$(BIN)/python tests/reference/make_reference.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(COMPILE)
	touch $(STAMP)

clean:
	rm -rf $(VENV) out/*.pdf out/*.epub
