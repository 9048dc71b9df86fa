# Two commands for a new user: `make build` publishes the sample, `make test` runs the suite.
# Both create the virtual environment in .venv and install the project on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test install clean reference

build: $(STAMP)
	$(BIN)/publish build

test: $(STAMP)
	$(BIN)/python -m pytest

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
